"""Reading an uploaded table: CSV (separated by `;`, `,` or a tab; UTF-8 with or without a BOM, or
Windows-1252/Latin-1) or an XLSX workbook (its first sheet). The first row holds the column names."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the binary .xls of Excel 97–2003
_SEPARATORS = (";", ",", "\t")


class UnreadableFile(Exception):
    """The file is neither a CSV nor an XLSX table we can read; the message is French."""


@dataclass
class Table:
    """The column names and the data rows (file rows 2, 3, …), each a list of cells. CSV cells are strings;
    XLSX cells keep their type (number, date, time, text) and an empty cell is ``None``."""

    header: list[str]
    rows: Iterator[list[Any]]
    estimated_rows: int
    encoding: str


def read_table(content: bytes) -> Table:
    if content.startswith(_OLE_MAGIC):
        raise UnreadableFile("le format XLS (Excel 97–2003) n'est pas lu : enregistrez le fichier en XLSX ou en CSV")
    if content.startswith(_ZIP_MAGIC):
        return _read_xlsx(content)
    return _read_csv(content)


def _read_csv(content: bytes) -> Table:
    codec, encoding = _encoding(content)
    # Decoded as it is read: a million-row file is not held twice in memory.
    stream = io.TextIOWrapper(io.BytesIO(content), encoding=codec, newline="")
    first_line = stream.readline()
    stream.seek(0)
    reader = csv.reader(stream, delimiter=max(_SEPARATORS, key=first_line.count))
    try:
        header = next(reader)
    except StopIteration:
        raise UnreadableFile("le fichier est vide") from None
    except csv.Error as exc:
        raise UnreadableFile(f"CSV illisible à la ligne 1 : {exc}") from None
    return Table(
        header=[name.strip() for name in header],
        rows=_csv_rows(reader),
        estimated_rows=max(content.count(b"\n") - 1, 0),
        encoding=encoding,
    )


def _csv_rows(reader: Any) -> Iterator[list[Any]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise UnreadableFile(f"CSV illisible à la ligne {reader.line_num} : {exc}") from None


def _encoding(content: bytes) -> tuple[str, str]:
    """The codec that reads the whole file, and its name for the report: UTF-8 (with or without BOM), else
    Windows-1252, else Latin-1 (which reads any byte)."""
    if content.startswith(codecs.BOM_UTF8):
        if not _decodes(content, "utf-8-sig"):
            raise UnreadableFile("le fichier annonce de l'UTF-8 (BOM) mais contient d'autres caractères")
        return "utf-8-sig", "UTF-8 avec BOM"
    if _decodes(content, "utf-8"):
        return "utf-8", "UTF-8"
    if _decodes(content, "cp1252"):
        return "cp1252", "Windows-1252 (Latin-1)"
    return "latin-1", "Latin-1"


def _decodes(content: bytes, codec: str) -> bool:
    try:
        codecs.decode(content, codec)
    except UnicodeDecodeError:
        return False
    return True


def _read_xlsx(content: bytes) -> Table:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
        raise UnreadableFile("classeur XLSX illisible") from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None)
    if header is None:
        workbook.close()
        raise UnreadableFile("la première feuille du classeur est vide")
    return Table(
        header=["" if name is None else str(name).strip() for name in header],
        rows=_xlsx_rows(rows, workbook),
        estimated_rows=max((sheet.max_row or 1) - 1, 0),
        encoding="XLSX",
    )


def _xlsx_rows(rows: Iterator[tuple[Any, ...]], workbook: Any) -> Iterator[list[Any]]:
    try:
        for row in rows:
            yield list(row)
    finally:
        workbook.close()
