"""Handing messages to the outside world: email through Django's mailer, texts through an SMS gateway.

SMS_BACKEND chooses the gateway: `console` prints each text (development), `file` writes one JSON file per
text to var/sms for a local peer to pick up (and for tests to read), `locmem` keeps them in `outbox`. A
vendor's gateway plugs in here later; the actions never call a vendor directly.
"""

import json
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

from arrears.core.errors import ArrearsError

outbox: list[dict] = []  # the locmem gateway's texts


class DeliveryFailed(ArrearsError):
    """The mail server or SMS gateway refused the message; nothing was recorded as sent."""


def send_text(to: str, body: str) -> str:
    """Send a text to an E.164 number; returns the gateway's reference."""
    message = {"id": uuid.uuid4().hex, "to": to, "from": settings.AGENCY_PHONE, "body": body,
               "at": timezone.now().isoformat()}
    backend = settings.SMS_BACKEND
    if backend == "locmem":
        outbox.append(message)
    elif backend == "file":
        folder = Path(settings.SMS_FILE_PATH)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / f"{message['id']}.json").write_text(json.dumps(message))
        except OSError as exc:
            raise DeliveryFailed(f"the text could not be handed to the gateway: {exc.strerror}") from None
    else:
        sys.stderr.write(f"SMS to {to}: {body}\n")
    return message["id"]


def send_email(to: str, subject: str, body: str, attachments=()) -> None:
    """Send one email; `attachments` are (file name, bytes, MIME type), e.g. a receipt's PDF."""
    try:
        message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        for name, content, mimetype in attachments:
            message.attach(name, content, mimetype)
        message.send()
    except OSError as exc:
        raise DeliveryFailed(f"the mail server refused the email: {exc}") from None
