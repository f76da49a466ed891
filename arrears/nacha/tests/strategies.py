"""Hypothesis strategies for batches the writer accepts: any SEC code it writes, any transaction code
that SEC allows, any amount, with and without addenda."""

from hypothesis import strategies as st

from arrears.nacha import PaymentType, SecCode, TransactionCode, check_digit_for

from .factories import batch, entry

ROUTING_NUMBERS = [prefix + check_digit_for(prefix) for prefix in ("23138010", "09140060", "02100002", "99999999")]
_ACCOUNT = st.text(st.sampled_from("0123456789-ABCXYZ"), min_size=1, max_size=17).filter(lambda a: set(a) != {"0"})
_NAME = st.text(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ '-.&"), min_size=1, max_size=30).filter(str.strip)


@st.composite
def entries(draw, sec_code: SecCode):
    codes = [c for c in TransactionCode if sec_code != SecCode.TEL or c % 10 >= 5]  # TEL: debits only
    code = draw(st.sampled_from(codes))
    prenote = code % 10 in (3, 8)
    return entry(transaction_code=code, routing_number=draw(st.sampled_from(ROUTING_NUMBERS)),
                 account_number=draw(_ACCOUNT), amount_cents=0 if prenote else draw(st.integers(1, 99_999_999_99)),
                 name=draw(_NAME),
                 payment_type=draw(st.sampled_from(list(PaymentType))) if sec_code == SecCode.WEB else None,
                 addenda=None if sec_code == SecCode.TEL else draw(st.none() | _NAME))


@st.composite
def batches(draw):
    sec_code = draw(st.sampled_from([SecCode.PPD, SecCode.WEB, SecCode.TEL, SecCode.CCD]))
    return batch(*draw(st.lists(entries(sec_code), min_size=1, max_size=6)), sec_code=sec_code)
