"""Payments: posting, allocation, reversals, adjustments, instruments on file, processors, lockbox and ACH
files. `nacha/` is the NACHA file format itself (pure Python)."""
