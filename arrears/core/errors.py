"""Errors a user can cause. Views, the API and the CLI turn these into clear messages."""


class ArrearsError(Exception):
    """Base for errors with a message meant for the person who caused them."""


class NotAllowed(ArrearsError):
    """The user's role or client does not permit this."""


class InvalidTransition(ArrearsError):
    """A status change the lifecycle does not allow (e.g. closed -> disputed)."""


class InvalidInput(ArrearsError):
    """A form or API field failed validation; `field` names it."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field
