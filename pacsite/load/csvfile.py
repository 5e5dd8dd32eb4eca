"""Read CSV files as spreadsheets and CRMs really export them, row by row (streaming).

Encodings: UTF-8 with or without BOM, UTF-16 with BOM ("Unicode text"), else Windows-1252.
Separators: `,` `;` tab or `|`, detected on the header line. Line ends: LF or CRLF.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..catalog import msg
from .diagnostics import Code, Diagnostic, Position

__all__ = ["CsvError", "CsvFormat", "CsvReader", "CsvRow", "detect_format"]

_DELIMITERS = (";", ",", "\t", "|")
_SAMPLE = 64 * 1024
csv.field_size_limit(10_000_000)


@dataclass(frozen=True)
class CsvFormat:
    """How a CSV file is written: its encoding and separator."""

    encoding: str
    delimiter: str


@dataclass(frozen=True, slots=True)
class CsvRow:
    """One record of a CSV file and the line it starts on (1 = header)."""

    line: int
    cells: dict[str, str]


class CsvError(Exception):
    """The file cannot be read as CSV; carries the located diagnostic."""

    def __init__(self, diagnostic: Diagnostic):
        self.diagnostic = diagnostic
        super().__init__(str(diagnostic))


def _encoding(path: Path, display: str) -> str:
    with path.open("rb") as stream:
        head = stream.read(4)
        if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise CsvError(
                Diagnostic(Position(display), Code.LIMIT, msg("binary file, not CSV text"))
            )
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return "utf-16"
        # UTF-8 is strict enough that text which decodes as UTF-8 is UTF-8; check it all,
        # chunk by chunk, so that a 50 MB file is never held in memory.
        stream.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := stream.read(1 << 20):
                if b"\x00" in chunk:
                    raise CsvError(
                        Diagnostic(Position(display), Code.LIMIT, msg("binary file, not CSV text"))
                    )
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8"


def detect_format(
    path: Path, display: str, delimiter: str | None = None, encoding: str | None = None
) -> CsvFormat:
    """Detect the encoding and separator of a CSV file (given values win)."""
    enc = encoding or _encoding(path, display)
    if delimiter is None:
        try:
            with path.open(encoding=enc, errors="replace", newline="") as stream:
                header = stream.readline()
        except (UnicodeError, LookupError) as exc:  # UTF-16 without its byte order mark
            raise CsvError(
                Diagnostic(
                    Position(display, 1),
                    Code.SYNTAX,
                    msg(
                        "cannot read the file as {encoding}: {problem}",
                        encoding=enc,
                        problem=str(exc),
                    ),
                )
            ) from None
        # The separator is the one the header uses most (outside quotes).
        unquoted = "".join(part for i, part in enumerate(header.split('"')) if i % 2 == 0)
        counts = {d: unquoted.count(d) for d in _DELIMITERS}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    return CsvFormat(enc, delimiter)


class CsvReader:
    """A CSV file opened for reading row by row; use as a context manager.

    Raises:
        CsvError: the file has no header, or a row cannot be decoded.
    """

    def __init__(self, path: Path, display: str, fmt: CsvFormat):
        self.display = display
        self.stream = path.open(encoding=fmt.encoding, newline="", errors="strict")
        self.reader = csv.reader(self.stream, delimiter=fmt.delimiter)
        try:
            header = next(self.reader)
        except StopIteration:
            self.stream.close()
            raise CsvError(
                Diagnostic(Position(display, 1), Code.RESULTS, msg("empty file: no header line"))
            ) from None
        except (UnicodeError, csv.Error) as exc:
            self.stream.close()
            raise CsvError(
                Diagnostic(
                    Position(display, 1),
                    Code.SYNTAX,
                    msg("cannot read the header: {problem}", problem=str(exc)),
                )
            ) from None
        self.header = [h.strip().lstrip("\ufeff") for h in header]

    def position(self, line: int, column: str | None = None) -> Position:
        """Where a row is (CSV: its line; the column is named in the message)."""
        return Position(self.display, line)

    def __enter__(self) -> CsvReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stream.close()

    def rows(self) -> Iterator[CsvRow]:
        """The records after the header; blank lines are skipped, the rest is kept as text."""
        names, reader, display = self.header, self.reader, self.display
        width = len(names)
        line = reader.line_num + 1
        try:
            for cells in reader:
                start, line = line, reader.line_num + 1
                if not "".join(cells).strip():
                    continue
                if len(cells) > width and "".join(cells[width:]).strip():
                    raise CsvError(
                        Diagnostic(
                            Position(display, start),
                            Code.RESULTS,
                            msg(
                                "{cells} cells for {columns} columns: a separator inside a "
                                "value needs quotes",
                                cells=len(cells),
                                columns=width,
                            ),
                        )
                    )
                yield CsvRow(start, dict(zip(names, cells, strict=False)))
        except (UnicodeError, csv.Error) as exc:
            raise CsvError(
                Diagnostic(
                    Position(display, line),
                    Code.SYNTAX,
                    msg("cannot read this row: {problem}", problem=str(exc)),
                )
            ) from None
