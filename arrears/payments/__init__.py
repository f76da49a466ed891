"""Payments: posting, allocation, reversals, adjustments, instruments on file, processors, lockbox and ACH
files. The NACHA file format itself is `arrears.nacha` (pure Python)."""
