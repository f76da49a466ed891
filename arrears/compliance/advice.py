"""What a collector should do next when the engine blocks a contact, in the collector's words.

The engine's reasons say what the law found (with the citation); the screens put the next step first,
then that reason, then the citation. This never changes a decision: it only words one.
"""

from arrears.core.calendar import CALL_WINDOW_FROM_LABEL

# (rule, a part of the citation or "" for any, the actions it is for or None for any) -> the next step.
# The first match wins, so the narrower entries come first.
_STEPS: list[tuple[str, str, tuple[str, ...] | None, str]] = [
    ("R2", "6(b)(1)(i); cmt 6(b)(1)-1", None, "Contact the debtor outside the times they said are inconvenient."),
    ("R2", "", None, f"Wait until {CALL_WINDOW_FROM_LABEL} on the debtor's clock (the next allowed time is shown), or add the debtor's "
                     "address so their local time is known."),
    ("R3", "22(f)(3)", None, "Use a personal email address, not the employer's."),
    ("R3", "", None, "Do not use this place: reach the debtor another way."),
    ("R4", "", None, "Contact the debtor's attorney instead (named in the compliance panel)."),
    ("R5", "", None, "Stop collecting: the debtor asked in writing. Only the notices the law allows may go out; ask a "
                     "supervisor."),
    ("R6", "10(b)(5)", None, "Ask the debtor's attorney, not this person."),
    ("R6", "10(c)", None, "Do not call this person again unless they asked you to."),
    ("R6", "", None, "Speak only with the debtor: say nothing about the debt to anyone else."),
    ("R7", "6(d)(3)", None, "Choose the email address or number to send to."),
    ("R7", "6(e)", None, "Keep the opt-out instructions in the message."),
    ("R7", "22(f)(4)", None, "Send it privately, never where others can see it."),
    ("R7", "", None, "Set the opt-out date at least 35 days after the notice is sent."),
    ("R8", "14(b)(2)(i)(B)", None, "You already spoke this week: wait until the next allowed time, or, if the debtor "
                                   "asked for a call, ask a supervisor to override."),
    ("R8", "", None, "Seven calls this week already: wait until the next allowed time, or, if the debtor asked for a "
                     "call, ask a supervisor to override."),
    ("R9", "", None, "Reach the debtor another way; record it if they take the request back."),
    ("R10", "", None, "Add the required disclosure to the message."),
    ("R11", "", None, "Do not threaten to sue: the debt is time-barred."),
    ("R13", "42(b)", None, "Ask for E-SIGN consent first, or mail the validation notice instead."),
    ("R13", "", None, "Mail the notice to a deliverable address: add or correct the address first."),
    ("R14", "38(c)", None, "Send the original creditor's name and address first; nothing more on this debt until then."),
    ("R14", "", None, "Send the verification of the debt first; nothing more on it until then."),
    ("R17", "FCC 24-24", ("sms",), "Do not text this number: the debtor revoked consent. Call it by hand, or write."),
    ("R17", "FCC 24-24", None, "Dial this number by hand only: the debtor revoked consent to autodialed calls."),
    ("R17", "", ("sms",), "Ask for written consent to text (record it under Consent / dispute), or send the validation "
                          "notice or a letter first."),
    ("R17", "", None, "Dial this number by hand, or ask for consent to autodialed calls."),
    ("R18", "", None, "Stop collecting: a bankruptcy applies. Ask a supervisor."),
    ("R19", "", None, "Ask for the debtor's opt-in consent to email or text first."),
    ("POLICY", "safe harbor", ("sms",), "Ask for written consent to text, or send the validation notice first."),
    ("POLICY", "safe harbor", None, "Ask for consent to use this address, or send the validation notice first."),
    ("POLICY", "", None, "Wait until the next allowed time, or ask a supervisor to override with a reason."),
    ("BASE", "6(a)(4)", None, "Speak only with the estate's representative, by name."),
    ("BASE", "42(a)(1)", None, "Use a deliverable address: add or correct the address first."),
    ("BASE", "", None, "Use another number or address, or correct this one's status."),
]

_ACTION_MEDIUM = {"text": "sms", "sms": "sms", "email": "email", "letter": "letter"}


def next_step(reason, action: str | None = None) -> str:
    """What to do next about one blocking reason (an engine Reason), for the proposed action ("call", "sms",
    "text", "email", "letter", ...). Empty when there is nothing to add."""
    medium = _ACTION_MEDIUM.get(action or "", action)
    text = reason.message.lower()
    for rule, cited, actions, step in _STEPS:
        if rule != reason.rule or cited not in reason.citation and cited not in text:
            continue
        if actions is not None and medium not in actions:
            continue
        return step
    return ""
