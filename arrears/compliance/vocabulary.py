"""The database's words in the engine's: how contact results, channels, phone kinds and sources recorded in
the tables read in a facts document.

Both paths that turn rows into what the rules count use these maps: the facts documents (`facts_db.py`) and
the portfolio's batch events (`portfolio.py`), so the two cannot read a contact differently. The keys are
the models' choices (each a `str`, so raw SQL rows look them up too); the values are the engine's terms
(`facts.py`: `CallResult`, `PointType`, `NumberSource`, the event names of `EVENT_FIELDS`).
"""

from arrears.contacts.models import Channel, MessageKind, Result
from arrears.debtors.models import AddressStatus, EmailStatus, PhoneKind, PhoneStatus, Source

from .models import Kind, ReceivedVia

# An outbound call's result, as the call's outcome (`history[].result`). A wrong number is a third party
# answering; the number itself is marked wrong by the contacts action.
CALL_OUTCOME = {
    Result.RIGHT_PARTY: "conversation",
    Result.THIRD_PARTY: "answered_by_third_party",
    Result.WRONG_NUMBER: "answered_by_third_party",
    Result.NO_ANSWER: "no_answer_rang",
    Result.VOICEMAIL_NO_MESSAGE: "voicemail_reached_no_message",
    Result.LIMITED_CONTENT: "voicemail_lcm",
    Result.BUSY: "busy",
    Result.NOT_IN_SERVICE: "not_in_service",
}
CONVERSATION = CALL_OUTCOME[Result.RIGHT_PARTY]

# A call as its event; an inbound call counts only when the debtor was on the line (a conversation).
CALL_EVENT = {Channel.CALL_OUTBOUND: "call_outbound", Channel.CALL_INBOUND: "call_inbound"}
INBOUND_CONVERSATION = Result.RIGHT_PARTY

# Written contacts that went out (sent, or confirmed delivered), as the event they are.
OUTGOING = frozenset({Result.SENT, Result.DELIVERED})
SENT_EVENT = {Channel.LETTER: "letter_mailed", Channel.EMAIL: "email_outbound", Channel.TEXT: "sms_outbound"}
RECEIVED_EVENT = {Channel.EMAIL: "email_inbound", Channel.TEXT: "sms_inbound"}
# A validation notice is its own event, with the medium it went by.
NOTICE_MEDIUM = {Channel.LETTER: "mail", Channel.EMAIL: "email", Channel.TEXT: "email"}
# Written kinds that are not about the debt (1006.2(d)): an opt-out confirmation, a limited-content message.
NOT_ABOUT_DEBT = frozenset({MessageKind.OPT_OUT_CONFIRMATION, MessageKind.LIMITED_CONTENT})
# Letters and emails that answer a dispute or a request, as the answer's event (named like the restriction
# kind that records the same answer).
ANSWER_EVENT = {MessageKind.VERIFICATION: Kind.VERIFICATION_SENT,
                MessageKind.ORIGINAL_CREDITOR_INFO: Kind.ORIGINAL_CREDITOR_INFO_SENT}
ANSWER_CHANNELS = frozenset({Channel.LETTER, Channel.EMAIL})

# A phone's kind as its contact-point type. An unknown kind is treated as a mobile (the stricter reading).
PHONE_TYPE = {PhoneKind.MOBILE: "mobile", PhoneKind.LANDLINE: "landline_home", PhoneKind.WORK: "landline_work",
              PhoneKind.UNKNOWN: "mobile"}
PHONE_STATUS = {PhoneStatus.VALID: "valid", PhoneStatus.WRONG_NUMBER: "wrong_number",
                PhoneStatus.DISCONNECTED: "disconnected"}
EMAIL_STATUS = {EmailStatus.VALID: "valid", EmailStatus.BOUNCED: "undeliverable"}
ADDRESS_STATUS = {AddressStatus.VALID: "valid", AddressStatus.UNDELIVERABLE: "undeliverable"}

# Where a contact point came from, as its `number_source`.
NUMBER_SOURCE = {Source.DEBTOR: "consumer_to_collector", Source.PLACEMENT: "creditor", Source.CLIENT: "creditor",
                 Source.SKIP_TRACE: "skip_trace", Source.THIRD_PARTY: "third_party", Source.COLLECTOR: "unknown"}
FROM_CREDITOR = frozenset({Source.PLACEMENT, Source.CLIENT})
GIVEN_FOR_A_DEBT = FROM_CREDITOR | {Source.DEBTOR}  # given in one creditor relationship: see Provenance

# How a written cease or dispute arrived, as its `medium`; any other way in reads as mail. Email and the
# portal count only where the collector accepts them (COMPLIANCE_ACCEPTS_ELECTRONIC_NOTICES).
WRITTEN_MEDIUM = {ReceivedVia.MAIL: "mail", ReceivedVia.EMAIL: "email", ReceivedVia.PORTAL: "portal",
                  ReceivedVia.IN_PERSON: "in_person"}
ELECTRONIC_MEDIA = frozenset({"email", "portal"})
SPOKEN = frozenset({ReceivedVia.PHONE, ReceivedVia.IN_PERSON})  # a request made this way is not in writing


def written_medium(via: str) -> str:
    return WRITTEN_MEDIUM.get(via, "mail")
