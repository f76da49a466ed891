"""Documents: remittance statements, commission invoices and payment receipts, from plain data.

`records.py` holds what each document says (plain dataclasses); `pdf.py` typesets them with Typst from the
templates in `templates_typst/`, `xlsx.py` writes the statement's workbook, `formatting.py` has what both
print alike, and `agency.py` the agency the documents come from (the only part that reads Django's
settings). The payments and remittance apps build the records from the ledger and call these; nothing here
imports anything of arrears but `core`. See docs/documents.md.
"""
