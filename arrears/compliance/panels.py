"""The compliance panels: may each contact point be used now (and if not, when and why), the restrictions
and decisions on file, and the form that records a consent, an opt-out, a dispute or a standing."""

from arrears.accounts.queries import scope_of

from . import queries
from .actions import SUPERVISOR_TO_END
from .forms import RestrictionForm


def point_status(account, parties) -> dict:
    """Sets `compliance` on every current contact point of the parties (the engine's answer now) and gives
    the end of the validation period, when a notice was sent, and `blocked_why`: for each debtor, every
    distinct reason their points are blocked, once, with the points it blocks (each point's own line then
    says only what to do next)."""
    statuses = queries.contact_status(account, parties)
    blocked_why: dict[int, list[dict]] = {}
    for party in parties:
        reasons: dict[tuple, dict] = {}
        for point in [*party.phones, *party.emails, *party.addresses]:
            point.compliance = status = statuses[party.debtor.pk].get(f"{point._meta.model_name}-{point.pk}")
            if status is None or status.decision.allowed:
                continue
            for block in status.decision.blocks:
                shared = reasons.setdefault((block.rule, block.citation, block.message),
                                            {"reason": block, "points": []})
                if str(point) not in shared["points"]:
                    shared["points"].append(str(point))
        blocked_why[party.debtor.pk] = list(reasons.values())
    validation_end = next((s.decision.dates["validation_period_end"] for by_point in statuses.values()
                           for s in by_point.values() if "validation_period_end" in s.decision.dates), None)
    return {"validation_end": validation_end, "blocked_why": blocked_why}


def panel(account, user, shown=None) -> dict:
    """The restrictions on file (each with `may_end`: the user may end it, so the screen offers to) and the
    latest decisions."""
    allowed = permissions(user)
    restrictions = queries.restrictions(account, scope_of(user), shown=shown)
    for row in restrictions:
        row.may_end = allowed["can_record"] and (row.kind not in SUPERVISOR_TO_END or allowed["can_override"])
    return {"restrictions": restrictions, "decisions": queries.decisions(account, 12), **allowed}


def restriction_form(parties) -> dict:
    return {"restriction_form": RestrictionForm(parties=parties)}


def permissions(user) -> dict:
    return {"can_record": user.has_perm("compliance.record_restriction"),
            "can_override": user.has_perm("compliance.override_decision"),
            "can_see_decisions": user.has_perm("compliance.view_decisionrecord")}
