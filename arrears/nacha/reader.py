"""Reading a NACHA file into records (records.py), leniently: the reader never raises on content.

What nacha.md §12 tolerates on read is accepted with a warning: CRLF or LF, no final newline, blank
lines, an unbroken stream of records (split every 94 characters), lines with trailing spaces trimmed
(re-padded) or added (trimmed), a record count that is not a multiple of 10, a file with no batches.
Misplaced records are errors: a record is placed in the tree when it can be (an addenda attaches to
the entry before it) and left out, with an error, when it cannot. Field content is not judged here;
`validate_file` does that.
"""

from dataclasses import dataclass

from .layout import RECORD_LENGTH, Record, parse_record
from .problems import Problem, RecordKind, Severity
from .reasons import ReturnKind, is_refused_change_code, return_kind_of_code
from .records import (
    AchFile,
    Batch,
    BatchControl,
    BatchHeader,
    ChangeAddenda,
    ContestedReturnAddenda,
    DishonoredReturnAddenda,
    Entry,
    EntryDetail,
    FileControl,
    FileHeader,
    OtherAddenda,
    RefusedChangeAddenda,
    RemittanceAddenda,
    ReturnAddenda,
)

_KIND_OF_TYPE = {"1": RecordKind.FILE_HEADER, "5": RecordKind.BATCH_HEADER, "6": RecordKind.ENTRY_DETAIL,
                 "7": RecordKind.ADDENDA, "8": RecordKind.BATCH_CONTROL, "9": RecordKind.FILE_CONTROL}
PADDING_RECORD = "9" * RECORD_LENGTH


@dataclass(frozen=True, slots=True)
class RawRecord:
    line: int
    text: str

    @property
    def is_padding(self) -> bool:
        return self.text == PADDING_RECORD


def _decode(source: str | bytes) -> str:
    if isinstance(source, str):
        return source
    try:
        return source.decode("ascii")
    except UnicodeDecodeError:
        # Every byte maps to one character, so positions hold; the validator names each non-ASCII one.
        return source.decode("latin-1")


def _warning(line: int | None, message: str, kind: RecordKind | None = None) -> Problem:
    return Problem(line, kind, None, message, Severity.WARNING)


def split_records(text: str) -> tuple[list[RawRecord], list[Problem], str]:
    """The 94-character records of a file, the problems with its physical shape, and its line ending."""
    line_ending = "\r\n" if "\r\n" in text else "\n"
    records: list[RawRecord] = []
    problems: list[Problem] = []
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the final newline
    for number, line in enumerate(lines, start=1):
        line = line.removesuffix("\r")
        kind = _KIND_OF_TYPE.get(line[:1])
        if not line.strip():
            problems.append(_warning(number, "blank line ignored"))
        elif len(line) == RECORD_LENGTH:
            records.append(RawRecord(number, line))
        elif set(line.rstrip(" ")) == {"9"} and len(line.rstrip(" ")) <= RECORD_LENGTH:
            problems.append(_warning(number, f"padding record is {len(line)} characters, not 94", RecordKind.PADDING))
            records.append(RawRecord(number, PADDING_RECORD))
        elif len(line) < RECORD_LENGTH:
            problems.append(_warning(number, f"record is {len(line)} characters, not 94; read with spaces "
                                             "added at the end", kind))
            records.append(RawRecord(number, line.ljust(RECORD_LENGTH)))
        elif not line[RECORD_LENGTH:].strip():
            problems.append(_warning(number, f"record is {len(line)} characters, not 94; read without the "
                                             "trailing spaces", kind))
            records.append(RawRecord(number, line[:RECORD_LENGTH]))
        elif len(line) % RECORD_LENGTH == 0:
            count = len(line) // RECORD_LENGTH
            problems.append(_warning(number, f"{count} records are not separated by line breaks; read by "
                                             "splitting every 94 characters (numbered as lines from here)"))
            records += [RawRecord(number + i, line[i * RECORD_LENGTH:(i + 1) * RECORD_LENGTH]) for i in range(count)]
        else:
            problems.append(Problem(number, None, None, f"line is {len(line)} characters: neither one 94-character "
                                    f"record nor a run of whole records ({len(line) % RECORD_LENGTH} characters "
                                    "left over); not read"))
    return records, problems, line_ending


def parse_addenda(record: RawRecord) -> Record:
    """The addenda record class fits its type code (05, 98, 99) and, for 98/99, its reason code."""
    addenda_type, code = record.text[1:3], record.text[3:6]
    if addenda_type == "05":
        cls = RemittanceAddenda
    elif addenda_type == "99":
        cls = {ReturnKind.DISHONORED: DishonoredReturnAddenda, ReturnKind.CONTESTED: ContestedReturnAddenda,
               ReturnKind.RETURN: ReturnAddenda}[return_kind_of_code(code)]
    elif addenda_type == "98":
        cls = RefusedChangeAddenda if is_refused_change_code(code) else ChangeAddenda
    else:
        cls = OtherAddenda
    return parse_record(cls, record.text, record.line)


class _TreeBuilder:
    """Places records into the file tree in the order 1 (5 (6 7*)+ 8)+ 9, reporting what is out of place."""

    def __init__(self) -> None:
        self.file = AchFile()
        self.batch: Batch | None = None
        self.seen_records = 0
        self.after_control = False

    def error(self, record: RawRecord, kind: RecordKind, message: str) -> None:
        self.file.read_problems.append(Problem(record.line, kind, None, message))

    def close_batch(self, record: RawRecord, kind: RecordKind) -> None:
        if self.batch is not None:
            self.error(record, kind, f"{kind.value} comes before the batch control of the batch that starts "
                                     f"at line {self.batch.header.line}")
            self.batch = None

    def add(self, record: RawRecord) -> None:
        if record.is_padding:
            if not self.after_control:
                self.error(record, RecordKind.PADDING, "9-filled padding record before the file control")
            self.file.padding_count += 1
            return
        kind = _KIND_OF_TYPE.get(record.text[0], RecordKind.UNKNOWN)
        self.seen_records += 1
        self.file.record_count += 1
        if self.after_control:
            self.error(record, kind, f"{kind.value} after the file control; only 9-filled padding may follow it")
            return
        if kind is RecordKind.UNKNOWN:
            self.error(record, kind, f"unknown record type {record.text[0]!r}; record types are 1, 5, 6, 7, 8 and 9")
            return
        if self.file.header is None and kind is not RecordKind.FILE_HEADER and self.seen_records == 1:
            self.error(record, kind, f"the file starts with a {kind.value}; the file header must be the first record")
        getattr(self, "_add_" + kind.name.lower())(record)

    def _add_file_header(self, record: RawRecord) -> None:
        if self.file.header is not None:
            self.error(record, RecordKind.FILE_HEADER, "a second file header; a file has one")
            return
        if self.seen_records > 1:
            self.error(record, RecordKind.FILE_HEADER,
                       f"the file header is record {self.seen_records}; it must be the first record")
        self.file.header = parse_record(FileHeader, record.text, record.line)

    def _add_batch_header(self, record: RawRecord) -> None:
        self.close_batch(record, RecordKind.BATCH_HEADER)
        self.batch = Batch(parse_record(BatchHeader, record.text, record.line))
        self.file.batches.append(self.batch)

    def _add_entry_detail(self, record: RawRecord) -> None:
        if self.batch is None:
            self.error(record, RecordKind.ENTRY_DETAIL, "entry detail outside a batch (no batch header before it)")
            return
        self.batch.entries.append(Entry(parse_record(EntryDetail, record.text, record.line)))

    def _add_addenda(self, record: RawRecord) -> None:
        if self.batch is None or not self.batch.entries:
            self.error(record, RecordKind.ADDENDA, "addenda without an entry detail before it")
            return
        self.batch.entries[-1].addenda.append(parse_addenda(record))

    def _add_batch_control(self, record: RawRecord) -> None:
        if self.batch is None:
            self.error(record, RecordKind.BATCH_CONTROL, "batch control without a batch header before it")
            return
        self.batch.control = parse_record(BatchControl, record.text, record.line)
        self.batch = None

    def _add_file_control(self, record: RawRecord) -> None:
        self.close_batch(record, RecordKind.FILE_CONTROL)
        self.file.control = parse_record(FileControl, record.text, record.line)
        self.after_control = True

    def finish(self, last_line: int) -> AchFile:
        problems = self.file.read_problems
        if self.batch is not None:
            problems.append(Problem(self.batch.header.line, RecordKind.BATCH_HEADER, None,
                                    "the batch that starts here has no batch control"))
        if self.file.header is None:
            problems.append(Problem(None, RecordKind.FILE_HEADER, None, "the file has no file header"))
        if self.file.control is None:
            problems.append(Problem(None, RecordKind.FILE_CONTROL, None, "the file has no file control"))
        total = self.file.record_count + self.file.padding_count
        blocked = -(-self.file.record_count // 10) * 10
        if total and total != blocked:
            problems.append(_warning(last_line or None, f"the file has {total} records; blocked by 10 it should have "
                                     f"{blocked} ({blocked - self.file.record_count} of them 9-filled padding)"))
        if self.file.header is not None and not self.file.batches:
            problems.append(_warning(None, "the file has no batches"))
        return self.file


def parse_file(source: str | bytes) -> AchFile:
    """Read a file's text (or bytes) into an AchFile; its `read_problems` say what was out of shape."""
    records, problems, line_ending = split_records(_decode(source))
    builder = _TreeBuilder()
    builder.file.read_problems.extend(problems)
    builder.file.line_ending = line_ending
    for record in records:
        builder.add(record)
    return builder.finish(records[-1].line if records else 0)
