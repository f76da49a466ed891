"""Placements writes accounts and debtors only through their actions (the direction between apps is
tests/test_boundaries.py's)."""

import ast
from pathlib import Path

ARREARS = Path(__file__).resolve().parents[2]


def imported_modules(package: str) -> set[str]:
    found = set()
    for path in (ARREARS / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_placements_writes_other_apps_rows_only_through_their_actions():
    modules = imported_modules("placements")
    assert "arrears.core.bulk" not in modules  # no inserting rows of its own accord
    assert "arrears.debtors.actions" in modules and "arrears.accounts.actions" in modules
