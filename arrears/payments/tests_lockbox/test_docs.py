"""docs/lockbox.md is the contract: its column table and its example file must match the reader."""

import re
from pathlib import Path

from arrears.payments.lockbox import COLUMNS, WARNING, read_lockbox

DOC = (Path(__file__).resolve().parents[3] / "docs" / "lockbox.md").read_text(encoding="utf-8")


def _column_table() -> list[tuple[str, bool, tuple[str, ...]]]:
    section = DOC.split("## Columns", 1)[1].split("\n### ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].startswith("`"):
            rows.append((cells[0].strip("`"), cells[1] == "yes", tuple(re.findall(r"`([^`]+)`", cells[2]))))
    return rows


def test_the_docs_column_table_lists_every_column_with_its_aliases_and_whether_it_is_required():
    assert _column_table() == [(c.name, c.required, c.aliases) for c in COLUMNS]


def test_no_spelling_names_two_columns():
    spellings = [spelling for c in COLUMNS for spelling in (c.name, *c.aliases)]
    assert len(spellings) == len(set(spellings))


def test_the_docs_example_file_reads_as_the_docs_say():
    example = DOC.split("```csv\n", 1)[1].split("```", 1)[0]
    lockbox = read_lockbox("example.csv", example.encode("utf-8"))
    assert lockbox.errors == ()
    assert [item.key for item in lockbox.items] == [
        "lockbox:2025-06-02:20250602-01:1", "lockbox:2025-06-02:20250602-01:2", "lockbox:2025-06-02:20250602-01:3"]
    assert [item.amount_cents for item in lockbox.items] == [12_500, 125_000, 10_000]
    assert [(p.row, p.column, p.severity) for p in lockbox.problems] == [(4, "account_number", WARNING)]
