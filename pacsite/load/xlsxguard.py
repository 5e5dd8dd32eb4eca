"""A workbook's size as a reader would meet it, measured before any reader opens it.

A 2 KB .xlsx with a value in A1 and another in XFD1048576 makes python-calamine allocate the whole
rectangle (17 billion cells); a 300 KB one can hold a 300 MB text. The compressed size says
nothing of either. So each sheet's XML and the shared strings are scanned first, as a stream, in
bounded memory: the farthest cell (the rectangle a reader allocates), the number of cells, the
longest text, and the bytes once unpacked. Over a limit, the workbook is refused with an error
that names the sheet and the cell; nothing is read.

`.xls` and `.xlsb` (binary) and `.ods` files are not scanned here: they are read within the size
limit of every results file.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from ..catalog import Figure, msg
from ..model.measure import column_letters
from .diagnostics import Code, Diagnostic, Position

__all__ = ["Bounds", "WorkbookTooLarge", "check_workbook"]


@dataclass(frozen=True)
class Bounds:
    """What a workbook may hold."""

    area: int = 20_000_000
    """Cells of the rectangle from A1 to the farthest cell of a sheet (what a reader allocates)."""
    cells: int = 5_000_000
    """Cells written in a sheet."""
    text: int = 32_767
    """Characters of one cell: Excel's own limit."""
    unpacked: int = 512 * 1024 * 1024
    """Bytes of the workbook's parts once unpacked."""


class WorkbookTooLarge(Exception):
    """The workbook goes past a limit; `diagnostic` says which and where."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


_CHUNK = 1 << 20
_CELL = re.compile(rb"<(?:\w+:)?c(?=[\s/>])([^>]*)>?")
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_ROW = re.compile(rb"<(?:\w+:)?row(?=[\s/>])([^>]*)>?")
_ROW_NUMBER = re.compile(rb'\br="([0-9]{1,7})"')
_LONGEST_TEXT_BYTES = 6  # `&amp;` and the like: the most bytes one character of text takes


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


class _Scan:
    """The running figures of one part's XML, read chunk by chunk."""

    def __init__(self) -> None:
        self.cells = 0
        self.max_row = 0
        self.max_column = 0
        self.unnamed = 0  # cells without `r`: each may stand one column further
        self.rows = 0
        self.run = 0  # bytes since the last `<`: the text being read
        self.longest = 0
        self.tail = b""  # the last, unfinished tag of the previous chunk

    def feed(self, chunk: bytes, sheet: bool) -> None:
        start = 0
        while True:
            found = chunk.find(b"<", start)
            end = len(chunk) if found < 0 else found
            self.run += end - start
            self.longest = max(self.longest, self.run)
            if found < 0:
                break
            self.run = 0
            start = found + 1
        if not sheet:
            return
        data = self.tail + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            cut = len(data)
        data, self.tail = data[:cut], data[cut:][:4096]  # a tag is never that long
        for cell in _CELL.finditer(data):
            self.cells += 1
            ref = _REF.search(cell[1])
            if ref is None:
                self.unnamed += 1
                continue
            column, row = _column_number(ref[1]), int(ref[2])
            self.max_row, self.max_column = max(self.max_row, row), max(self.max_column, column)
        for element in _ROW.finditer(data):
            self.rows += 1
            number = _ROW_NUMBER.search(element[1])
            if number is not None:
                self.max_row = max(self.max_row, int(number[1]))

    @property
    def area(self) -> int:
        rows = max(self.max_row, self.rows)
        return rows * (self.max_column + self.unnamed)


def _parts(book: zipfile.ZipFile) -> dict[str, str]:
    """{part name: sheet name} for the worksheets, from the workbook's own index."""
    names = set(book.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    small = 8 * 1024 * 1024
    for part in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        if book.getinfo(part).file_size > small:
            return {}
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        targets[rel.get("Id")] = str(PurePosixPath(path))
    index = ElementTree.fromstring(book.read("xl/workbook.xml"))
    out = {}
    for element in index.iter():
        if element.tag.endswith("}sheet"):
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            if rid in targets:
                out[targets[rid]] = element.get("name", "")
    return out


def check_workbook(path: Path, display: str, bounds: Bounds = Bounds()) -> None:
    """Refuse an .xlsx or .xlsm that holds more than `bounds`, before any reader opens it.

    Raises:
        WorkbookTooLarge: a sheet, a cell or the unpacked parts go past a limit.
    """
    if path.suffix.lower() not in {".xlsx", ".xlsm"} or not zipfile.is_zipfile(path):
        return  # not a zip: the reader says what it is
    with zipfile.ZipFile(path) as book:
        try:
            sheets = _parts(book)
        except ElementTree.ParseError:
            sheets = {}
        declared = sum(info.file_size for info in book.infolist())
        if declared > bounds.unpacked:
            raise _too_large(display, bounds.unpacked)
        unpacked = 0
        for info in book.infolist():
            name = info.filename
            sheet = name in sheets or (name.startswith("xl/worksheets/") and name.endswith(".xml"))
            if not (sheet or name == "xl/sharedStrings.xml"):
                continue
            scan = _Scan()
            with book.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > bounds.unpacked:  # more than the part declared
                        raise _too_large(display, bounds.unpacked)
                    scan.feed(chunk, sheet)
                    _judge(scan, display, sheets.get(name, PurePosixPath(name).stem), bounds)
                scan.feed(b"<", sheet)  # the last tag
                _judge(scan, display, sheets.get(name, PurePosixPath(name).stem), bounds)


def _judge(scan: _Scan, display: str, sheet: str, bounds: Bounds) -> None:
    where = Position(display, sheet=sheet)
    if scan.longest > bounds.text * _LONGEST_TEXT_BYTES:
        raise WorkbookTooLarge(
            Diagnostic(
                where,
                Code.LIMIT,
                msg(
                    "a cell holds more than {limit} characters, the most a spreadsheet cell "
                    "holds: the workbook is not read",
                    limit=Figure(bounds.text),
                ),
            )
        )
    if scan.cells > bounds.cells:
        raise WorkbookTooLarge(
            Diagnostic(
                where,
                Code.LIMIT,
                msg(
                    "sheet '{sheet}' has more than {limit} cells: the workbook is not read; "
                    "export only the rows and columns the plan needs",
                    sheet=sheet,
                    limit=Figure(bounds.cells),
                ),
            )
        )
    if scan.area > bounds.area:
        # the far corner of the rectangle a reader allocates
        line, column = max(scan.max_row, scan.rows), scan.max_column + scan.unnamed
        far = f"{column_letters(column)}{line}"
        raise WorkbookTooLarge(
            Diagnostic(
                Position(display, line, column, sheet=sheet),
                Code.LIMIT,
                msg(
                    "sheet '{sheet}' reaches cell {cell}: from A1 to there is more than "
                    "{limit} cells, too many to read; clear the cells far from the table",
                    sheet=sheet,
                    cell=far,
                    limit=Figure(bounds.area),
                ),
            )
        )


def _too_large(display: str, limit: int) -> WorkbookTooLarge:
    return WorkbookTooLarge(
        Diagnostic(
            Position(display),
            Code.LIMIT,
            msg(
                "the workbook unpacks to more than {limit} MB: it is not read",
                limit=Figure(limit // (1024 * 1024)),
            ),
        )
    )
