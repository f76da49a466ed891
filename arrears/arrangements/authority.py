"""How far each role may go without a supervisor, within the client's own policy.

The client's policy (settlement floor, longest plan, smallest instalment) binds everyone: an offer past it
is refused. Inside it, a collector may grant up to `max_discount_bp` off the balance and plans up to
`longest_months`; a senior collector more; a supervisor (or an administrator) up to the client's limits.
An offer past the collector's own authority waits in the supervisors' approval queue.
"""

from dataclasses import dataclass

from arrears.users import roles


@dataclass(frozen=True)
class Authority:
    max_discount_bp: int | None  # None: as far as the client allows
    longest_months: int | None


ROLE_AUTHORITY = {
    roles.COLLECTOR: Authority(max_discount_bp=2000, longest_months=12),
    roles.SENIOR_COLLECTOR: Authority(max_discount_bp=3000, longest_months=24),
    roles.SUPERVISOR: Authority(None, None),
    roles.ADMIN: Authority(None, None),
}


def authority_of(user) -> Authority:
    return ROLE_AUTHORITY.get(roles.role_of(user) if user is not None else roles.ADMIN, Authority(0, 0))


def client_limits_breached(client, *, discount_bp: int, span_months: int, smallest_cents: int) -> list[str]:
    """What an offer does that the client's policy does not allow (empty when it is within it)."""
    problems = []
    if discount_bp > 10000 - client.settlement_floor_bp:
        problems.append(f"a discount of {discount_bp / 100:.2f}% is past {client.name}'s settlement floor "
                        f"of {client.settlement_floor_bp / 100:.0f}% of the balance")
    if span_months > client.longest_plan_months:
        problems.append(f"{span_months} months is longer than {client.name}'s longest plan of "
                        f"{client.longest_plan_months} months")
    if smallest_cents < client.smallest_instalment_cents:
        problems.append(f"an instalment of ${smallest_cents / 100:,.2f} is below {client.name}'s smallest of "
                        f"${client.smallest_instalment_cents / 100:,.2f}")
    return problems


def beyond_authority(user, *, discount_bp: int, span_months: int) -> str:
    """Why the offer needs a supervisor's approval, or "" when the user may agree it."""
    authority = authority_of(user)
    reasons = []
    if authority.max_discount_bp is not None and discount_bp > authority.max_discount_bp:
        reasons.append(f"a {discount_bp / 100:.2f}% discount is past the {authority.max_discount_bp / 100:.0f}% a "
                       f"{roles.ROLE_LABELS.get(roles.role_of(user), 'user').lower()} may give")
    if authority.longest_months is not None and span_months > authority.longest_months:
        reasons.append(f"a {span_months}-month plan is longer than the {authority.longest_months} months a "
                       f"{roles.ROLE_LABELS.get(roles.role_of(user), 'user').lower()} may agree")
    return "; ".join(reasons)
