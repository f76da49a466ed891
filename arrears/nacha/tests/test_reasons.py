"""The return and change code tables later code relies on to reverse payments and decide retries."""

from arrears.nacha import (
    CHANGE_REASONS,
    RETURN_REASONS,
    RetryRule,
    ReturnGroup,
    ReturnKind,
    change_reason,
    return_reason,
)


def test_the_return_table_holds_every_code_nacha_md_lists_and_no_other():
    listed = [*range(1, 48), *range(50, 54), 61, 62, *range(67, 78), *range(80, 86)]
    assert set(RETURN_REASONS) == {f"R{n:02d}" for n in listed}


def test_unauthorised_and_administrative_returns_are_grouped_for_return_rate_limits():
    by_group = {group: {c for c, r in RETURN_REASONS.items() if r.group is group} for group in ReturnGroup}
    assert by_group[ReturnGroup.UNAUTHORIZED] == {"R05", "R07", "R10", "R11", "R29", "R51"}
    assert by_group[ReturnGroup.ADMINISTRATIVE] == {"R02", "R03", "R04"}
    assert return_reason("R10").is_unauthorized and not return_reason("R01").is_unauthorized


def test_only_insufficient_and_uncollected_funds_may_be_retried_as_they_are():
    assert {c for c, r in RETURN_REASONS.items() if r.may_retry} == {"R01", "R09"}
    assert return_reason("R08").retry is RetryRule.NEEDS_NEW_AUTHORIZATION
    assert return_reason("R07").retry is RetryRule.NEEDS_NEW_AUTHORIZATION
    assert return_reason("R11").retry is RetryRule.AFTER_CORRECTION
    assert return_reason("R02").action == "stop; need a new account"


def test_dishonored_and_contested_codes_are_marked_as_such():
    assert {c for c, r in RETURN_REASONS.items() if r.kind is ReturnKind.DISHONORED} == \
        {"R61", "R62", "R67", "R68", "R69", "R70"}
    assert {c for c, r in RETURN_REASONS.items() if r.kind is ReturnKind.CONTESTED} == {f"R{n}" for n in range(71, 78)}


def test_codes_are_looked_up_regardless_of_case_and_spaces_and_unknown_ones_give_none():
    assert return_reason(" r01 ").code == "R01"
    assert return_reason("R97") is None and return_reason("R48") is None


def test_the_change_table_holds_c01_to_c14_without_the_retired_codes_and_the_refusals():
    assert set(CHANGE_REASONS) == {f"C{n:02d}" for n in [*range(1, 10), 13, 14, *range(61, 70)]}
    assert change_reason("C10") is None and change_reason("C92") is None
    assert change_reason("C61").refused and not change_reason("C01").refused
