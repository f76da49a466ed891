from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    CALL_OUTBOUND = "call_outbound", "Outbound call"
    CALL_INBOUND = "call_inbound", "Inbound call"
    LETTER = "letter", "Letter"
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"
    VISIT = "visit", "Field visit"


class Result(models.TextChoices):
    # calls
    RIGHT_PARTY = "right_party", "Conversation with right party"
    THIRD_PARTY = "third_party", "Third party reached"
    NO_ANSWER = "no_answer", "No answer (rang)"
    VOICEMAIL_NO_MESSAGE = "voicemail", "Voicemail, no message left"
    LIMITED_CONTENT = "lcm", "Limited-content message left"
    BUSY = "busy", "Busy"
    NOT_IN_SERVICE = "not_in_service", "Not in service"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    # letters, email, text
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    RETURNED = "returned", "Returned / bounced"
    RECEIVED = "received", "Received from the debtor"
    # visits
    VISIT_CONTACT = "visit_contact", "Visited, spoke with debtor"
    VISIT_NO_CONTACT = "visit_no_contact", "Visited, nobody reached"


CALL_RESULTS = [
    Result.RIGHT_PARTY, Result.THIRD_PARTY, Result.NO_ANSWER, Result.VOICEMAIL_NO_MESSAGE,
    Result.LIMITED_CONTENT, Result.BUSY, Result.NOT_IN_SERVICE, Result.WRONG_NUMBER,
]
RESULTS_BY_CHANNEL = {
    Channel.CALL_OUTBOUND: CALL_RESULTS,
    Channel.CALL_INBOUND: [Result.RIGHT_PARTY, Result.THIRD_PARTY, Result.WRONG_NUMBER],
    Channel.LETTER: [Result.SENT, Result.RETURNED, Result.RECEIVED],
    Channel.EMAIL: [Result.SENT, Result.DELIVERED, Result.RETURNED, Result.RECEIVED],
    Channel.TEXT: [Result.SENT, Result.DELIVERED, Result.RETURNED, Result.RECEIVED],
    Channel.VISIT: [Result.VISIT_CONTACT, Result.VISIT_NO_CONTACT, Result.THIRD_PARTY],
}


class MessageKind(models.TextChoices):
    """What a contact conveyed, as the compliance rules classify it (docs/compliance.md, content.kind)."""

    COLLECTION = "collection", "Collection communication"
    LIMITED_CONTENT = "limited_content_message", "Limited-content message"
    VALIDATION_NOTICE = "validation_notice", "Validation notice"
    VERIFICATION = "verification", "Verification of the debt"
    ORIGINAL_CREDITOR_INFO = "original_creditor_info", "Original creditor's name and address"
    TERMINATION_NOTICE = "termination_notice", "Notice that collection efforts are ending"
    REMEDY_NOTICE = "remedy_notice", "Notice of a remedy"
    OPT_OUT_CONFIRMATION = "opt_out_confirmation", "Opt-out confirmation"
    PAYMENT_RECEIPT = "payment_receipt", "Payment receipt"
    LOCATION_INQUIRY = "location_inquiry", "Location inquiry (third party)"


class Dialer(models.TextChoices):
    MANUAL = "manual", "Dialled by hand"
    AUTODIALER = "autodialer", "Autodialer"
    PRERECORDED = "prerecorded_voice", "Prerecorded voice"


class ContactAttempt(models.Model):
    """One attempt to reach a debtor (or a contact from them), on any channel, with its outcome."""

    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="contact_attempts")
    debtor = models.ForeignKey("debtors.Debtor", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=14, choices=Channel.choices)
    result = models.CharField(max_length=16, choices=Result.choices)
    phone = models.ForeignKey("debtors.Phone", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    email = models.ForeignKey("debtors.Email", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    address = models.ForeignKey("debtors.Address", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField(db_index=True)
    message_kind = models.CharField(max_length=24, choices=MessageKind.choices, default=MessageKind.COLLECTION)
    dialer = models.CharField(max_length=18, choices=Dialer.choices, default=Dialer.MANUAL)
    discussed_accounts = models.JSONField(
        default=list, blank=True, help_text="ids of the debtor's other accounts this contact was also about")
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True, help_text="what an email, text or letter said")
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["account", "-occurred_at"])]

    def __str__(self):
        return f"{self.get_channel_display()}: {self.get_result_display()}"


class Note(models.Model):
    account = models.ForeignKey("accounts.Account", on_delete=models.PROTECT, related_name="notes")
    text = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self):
        return self.text[:60]
