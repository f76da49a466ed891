"""Placement files: reading (CSV/XLSX), the column specification, and row validation. No writes here;
the import action in accounts/actions/placement.py writes what validation accepted."""
