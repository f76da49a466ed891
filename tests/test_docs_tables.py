"""The documentation's tables render as tables: every block of table lines starts with its header and the
separator row, and every row has as many cells as its header (a `|` inside a cell is written `\\|`)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEPARATOR = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")


def cell_count(line: str) -> int:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return len(re.split(r"(?<!\\)\|", inner))


def table_blocks(text: str):
    """(first line number, lines) for each run of consecutive lines starting with `|`, outside code fences."""
    block, start, fenced = [], 0, False
    for number, line in enumerate(text.splitlines() + [""], start=1):
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and line.startswith("|"):
            if not block:
                start = number
            block.append(line)
        elif block:
            yield start, block
            block = []


def problems_of(path: Path) -> list[str]:
    found = []
    for start, lines in table_blocks(path.read_text()):
        if len(lines) < 2 or not SEPARATOR.match(lines[1].strip()):
            found.append(f"{path.name}:{start}: a table without its header and separator row")
            continue
        width = cell_count(lines[0])
        for offset, line in enumerate(lines):
            if cell_count(line) != width:
                found.append(f"{path.name}:{start + offset}: {cell_count(line)} cells, the header has {width}")
    return found


def test_every_table_in_the_docs_has_its_header_and_rows_as_wide_as_it():
    pages = sorted((ROOT / "docs").glob("*.md")) + [ROOT / "README.md"]
    assert len(pages) > 5
    problems = [p for page in pages for p in problems_of(page)]
    assert problems == []


def test_the_check_sees_a_broken_table():
    broken = "| a | b |\n|---|---|\n| 1 | 2 |\n\n| 3 | 4 |\n| 5 | 6 | 7 |\n"
    blocks = list(table_blocks(broken))
    assert len(blocks) == 2 and cell_count("| `x\\|y` | z |") == 2
