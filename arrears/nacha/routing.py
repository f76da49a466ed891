"""ABA routing numbers: the check digit rule of nacha.md §6 (weights 3, 7, 1 over the first 8 digits)."""

_WEIGHTS = (3, 7, 1, 3, 7, 1, 3, 7)


def check_digit_for(rdfi_id: str) -> str:
    """The 9th digit that completes an 8-digit routing prefix: 23138010 -> "4"."""
    if len(rdfi_id) != 8 or not (rdfi_id.isascii() and rdfi_id.isdigit()):
        raise ValueError(f"{rdfi_id!r} is not 8 digits")
    total = sum(int(digit) * weight for digit, weight in zip(rdfi_id, _WEIGHTS, strict=True))
    return str((10 - total % 10) % 10)


def routing_number_problem(routing_number: str) -> str | None:
    """None for a valid 9-digit routing number, else a sentence saying what is wrong with it."""
    if len(routing_number) != 9 or not (routing_number.isascii() and routing_number.isdigit()):
        return f"{routing_number!r} is not a 9-digit routing number"
    expected = check_digit_for(routing_number[:8])
    if routing_number[8] != expected:
        return (f"{routing_number} fails the ABA check digit: the 9th digit should be {expected} "
                f"for {routing_number[:8]}")
    return None


def is_valid_routing_number(routing_number: str) -> bool:
    return routing_number_problem(routing_number) is None
