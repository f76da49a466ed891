"""The collector's desk: search, the account screen and every fragment it posts."""
