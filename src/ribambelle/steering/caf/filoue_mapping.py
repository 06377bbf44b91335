"""The FILOUE column mapping: a YAML file (filoue_columns.yaml in this package, or the file named by the
setting RIBAMBELLE_FILOUE_COLUMNS) giving each column's header, its source and whether the domain notes
confirm it, the codes written for our enumerations, the date format and the decimal separator."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings

DEFAULT_PATH = Path(__file__).with_name("filoue_columns.yaml")


@dataclass(frozen=True)
class FiloueColumn:
    header: str
    source: str
    confirmed: bool


@dataclass(frozen=True)
class FiloueMapping:
    path: Path
    columns: tuple[FiloueColumn, ...]
    codes: Mapping[str, Mapping[str, str]]  # by source, our value → the file's code
    date_format: str
    decimal_separator: str

    @property
    def unconfirmed(self) -> list[str]:
        return [column.header for column in self.columns if not column.confirmed]


def mapping_path() -> Path:
    configured = getattr(settings, "RIBAMBELLE_FILOUE_COLUMNS", None)
    return Path(configured) if configured else DEFAULT_PATH


def _fail(path: Path, message: str) -> ValueError:
    return ValueError(f"correspondance FILOUE {path.name} : {message}")


def mapping_load(
    *, sources: Collection[str], coded: Mapping[str, Collection[str]], path: Path | None = None
) -> FiloueMapping:
    """Read and check a mapping: every source among ``sources``; for each source of ``coded``, a code for each
    of its values. Raises ValueError (French) naming the file and the fault."""
    path = path or mapping_path()
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise _fail(path, f"illisible ({exc.__class__.__name__}).") from None
    if not isinstance(data, dict) or not isinstance(data.get("columns"), list) or not data["columns"]:
        raise _fail(path, "la liste « columns » manque ou est vide.")
    columns = []
    for index, entry in enumerate(data["columns"], start=1):
        if not isinstance(entry, dict) or not entry.get("header") or not entry.get("source"):
            raise _fail(path, f"la colonne n° {index} doit avoir « header » et « source ».")
        if entry["source"] not in sources:
            raise _fail(
                path,
                f"source « {entry['source']} » inconnue (colonne {entry['header']}) ; sources possibles : "
                f"{', '.join(sorted(sources))}.",
            )
        confirmed = entry.get("confirmed", False)
        if not isinstance(confirmed, bool):
            raise _fail(path, f"« confirmed » de la colonne {entry['header']} doit valoir true ou false.")
        columns.append(FiloueColumn(str(entry["header"]), entry["source"], confirmed))
    codes = data.get("codes") or {}
    if not isinstance(codes, dict):
        raise _fail(path, "« codes » doit associer chaque source codée à ses codes.")
    for source, values in coded.items():
        given = codes.get(source) or {}
        missing = [value for value in values if value not in given]
        if any(column.source == source for column in columns) and missing:
            raise _fail(path, f"codes manquants pour {source} : {', '.join(missing)}.")
    separator = str(data.get("decimal_separator", ","))
    if separator not in (",", "."):
        raise _fail(path, "« decimal_separator » vaut « , » ou « . ».")
    return FiloueMapping(
        path=path,
        columns=tuple(columns),
        codes={source: {str(k): str(v) for k, v in values.items()} for source, values in codes.items()},
        date_format=str(data.get("date_format", "%d/%m/%Y")),
        decimal_separator=separator,
    )
