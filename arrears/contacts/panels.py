"""The contact record's panels: the account's activity timeline and the note form."""

from . import queries
from .forms import NoteForm


def timeline(account, scope=None, shown=None) -> dict:
    return {"timeline": queries.timeline(account, scope, shown=shown)}


def note_form() -> dict:
    return {"note_form": NoteForm()}
