"""What an upload must be before it is parsed: small enough, a real CSV or workbook, no XML
tricks. Every check is linear in the file and most read only its first lines or its zip
directory, so a hostile file is refused in moments."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import Counter

from qijourney.domain.constants import (
    MAX_UPLOAD_BYTES,
    MAX_UPLOAD_COLUMNS,
    MAX_XLSX_COMPRESSION_RATIO,
    MAX_XLSX_PARTS,
    MAX_XLSX_UNZIPPED_BYTES,
)
from qijourney.domain.errors import TableError

SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
XML_HEAD = 64 * 1024  # bytes of each XML part read to check what comes before its root element
OLD_EXCEL = b"\xd0\xcf\x11\xe0"  # .xls, and password-protected .xlsx (an OLE container)
# What zipfile raises on a damaged archive: a bad directory, an unknown zip version or
# compression method (NotImplementedError), an encrypted part (RuntimeError), a bad stream.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    RuntimeError,
)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_size(name: str, size: int) -> None:
    """The byte limit, for the form (before the file is read) and for the reader."""
    if size > MAX_UPLOAD_BYTES:
        raise TableError(
            f"{name}: the file is {size / 1024 / 1024:.1f} MB; send at most "
            f"{megabytes(MAX_UPLOAD_BYTES)} at once (split it, or leave out columns not needed)"
        )
    if size == 0:
        raise TableError(f"{name}: the file is empty")


def duplicate_names(names) -> list[str]:
    """The names given to more than one column, in one pass.

    >>> duplicate_names(["date", "value", "date"])
    ['date']
    """
    return sorted(name for name, count in Counter(names).items() if count > 1)


def decode(name: str, content: bytes) -> str:
    """A CSV's text: UTF-8 (with or without a byte-order mark), UTF-16 with its mark, or the
    Windows encoding Excel's "CSV" uses; anything with binary content is refused."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError(f"{name}: this is not a text file; save it as CSV (UTF-8) and send again")
    if CONTROL.search(text[:XML_HEAD]) or "\x00" in text:
        raise TableError(
            f"{name}: this is not a CSV file (it holds binary data); save the table as CSV "
            "(UTF-8) or .xlsx and send again"
        )
    return text


def sniff_separator(first_line: str) -> str:
    """The mark between a header's columns: comma, semicolon or tab, whichever it has most of.

    >>> sniff_separator("date;value;note"), sniff_separator("date\\tvalue"), sniff_separator("x")
    (';', '\\t', ',')
    """
    unquoted = re.sub(r'"[^"]*"', "", first_line)
    counts = {mark: unquoted.count(mark) for mark in SEPARATORS}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def check_csv_shape(name: str, text: str, separator: str, max_rows: int) -> None:
    """Columns counted on the header line, rows on the line ends, before parsing."""
    header = text.split("\n", 1)[0]
    columns = header.count(separator) + 1
    if columns > MAX_UPLOAD_COLUMNS:
        raise TableError(
            f"{name}: the first row names {columns:,} columns; send at most "
            f"{MAX_UPLOAD_COLUMNS:,} (only the columns the import reads are needed)"
        )
    # Quoted cells may hold line breaks, so a file has at least as many lines as rows: only a
    # file with far more lines than rows allowed is refused here; rows are counted exactly later.
    if text.count("\n") > 2 * max_rows + 10:
        raise TableError(f"{name}: the file has more than {max_rows:,} rows; send at most that")


def check_xlsx(name: str, content: bytes) -> None:
    """An .xlsx is a zip of XML parts: refuse what is not one, a zip bomb, or XML with a
    document type (entity expansion, external entities) before openpyxl opens it."""
    if content.startswith(OLD_EXCEL):
        raise TableError(
            f"{name}: this is an old-style .xls workbook or a password-protected one; open it "
            "in Excel and save it, without a password, as .xlsx or .csv"
        )
    if not content.startswith(b"PK"):
        raise TableError(
            f"{name}: this is not an Excel workbook (.xlsx); if it is a CSV file, name it .csv"
        )
    try:
        book = zipfile.ZipFile(io.BytesIO(content))
        parts = book.infolist()
    except ZIP_ERRORS as error:
        raise TableError(
            f"{name}: the workbook is damaged or incomplete ({error}); save it again and send it"
        ) from None
    if len(parts) > MAX_XLSX_PARTS:
        raise TableError(f"{name}: the workbook has {len(parts):,} parts; this is not a sheet")
    unzipped = sum(part.file_size for part in parts)
    if unzipped > MAX_XLSX_UNZIPPED_BYTES:
        raise TableError(
            f"{name}: the workbook unzips to {megabytes(unzipped)}; at most "
            f"{megabytes(MAX_XLSX_UNZIPPED_BYTES)} is read (save just the sheet needed, or CSV)"
        )
    for part in parts:
        if part.file_size > 1024 * 1024 and (
            part.file_size > MAX_XLSX_COMPRESSION_RATIO * max(part.compress_size, 1)
        ):
            raise TableError(f"{name}: {part.filename} unzips to far more than a sheet could")
        if part.flag_bits & 0x1:
            raise TableError(f"{name}: the workbook is encrypted; save it without a password")
    names = {part.filename for part in parts}
    if "[Content_Types].xml" not in names:
        raise TableError(f"{name}: this zip is not an Excel workbook (no [Content_Types].xml)")
    for part in parts:
        if part.filename.endswith((".xml", ".rels", ".vml")):
            _check_xml_prolog(name, book, part)


def _check_xml_prolog(name: str, book: zipfile.ZipFile, part: zipfile.ZipInfo) -> None:
    """Nothing but the XML declaration and comments may come before a part's root element:
    a document type there is how entity-expansion and external-entity attacks start."""
    try:
        with book.open(part) as stream:
            head = stream.read(XML_HEAD)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as error:
        raise TableError(f"{name}: the workbook is damaged ({error}); save it again") from None
    if not head.strip():
        return
    head = re.sub(rb"<!--.*?-->", b"", head, flags=re.DOTALL)
    root = re.search(rb"<[A-Za-z_]", head)
    prolog = head if root is None else head[: root.start()]
    if b"<!" in prolog or root is None:
        raise TableError(
            f"{name}: {part.filename} declares a document type or entities, which spreadsheet "
            "files never need; the file is refused"
        )
