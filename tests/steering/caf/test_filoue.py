"""The FILOUE file: rows of the children who attended, families who agreed only, the structure identifiers,
the configurable columns."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from ribambelle.steering.caf import filoue
from tests.steering.caf.scenario import TODAY, YEAR, lucioles_2026


def _identified(cast):
    cast.organisation.caf_code = "691"
    cast.organisation.save()


def _lines(content: bytes) -> list[list[str]]:
    assert content.startswith("\ufeff".encode())
    return [line.split(";") for line in content.decode("utf-8-sig").split("\r\n") if line]


def test_one_row_per_child_who_attended_with_the_sums_of_its_statements(cast):
    """Léo, January to June: contracted 6 × 10,125 min = 1,012.50 h; attended 3 × 540 + 570 (up_30) = 36.50 h;
    billed 60,780 min = 1,013.00 h; 279.26 + 5 × 278.44 = 1,671.46 €."""
    _identified(cast)
    lucioles_2026(cast)

    found = filoue.filoue_file(facility=cast.lucioles, year=YEAR, today=TODAY)

    (row,) = found.rows
    assert (row.child, row.first_on, row.last_on, row.kind) == (cast.leo, date(2026, 1, 5), date(2026, 1, 8), "regular")
    assert (row.contracted_minutes, row.attended_minutes, row.billed_minutes) == (60_750, 2_190, 60_780)
    assert row.amount == Decimal("1671.46")


def test_children_of_families_without_consent_are_left_out_and_counted(cast):
    _identified(cast)
    lucioles_2026(cast)

    found = filoue.filoue_file(facility=cast.lucioles, year=YEAR, today=TODAY)

    assert [row.child.first_name for row in found.rows] == ["Léo"]
    assert found.without_consent == 1


def test_the_csv_follows_the_shipped_mapping(cast):
    _identified(cast)
    lucioles_2026(cast)
    found = filoue.filoue_file(facility=cast.lucioles, year=YEAR, today=TODAY)

    header, row = _lines(filoue.csv_bytes(found, filoue.load_mapping()))

    assert header[:5] == ["CODE_ORGANISME_CAF", "NUMERO_DOSSIER_AFC", "IDEQU", "MATRICULE_ALLOCATAIRE", "CODE_REGIME"]
    assert dict(zip(header, row, strict=True)) == {
        "CODE_ORGANISME_CAF": "691",
        "NUMERO_DOSSIER_AFC": "AFC-2019-0042",
        "IDEQU": "IDEQU-0042",
        "MATRICULE_ALLOCATAIRE": "1234567",
        "CODE_REGIME": "RG",
        "DATE_NAISSANCE_ENFANT": "10/09/2025",
        "CODE_POSTAL_RESIDENCE": "69100",
        "COMMUNE_RESIDENCE": "Villeurbanne",
        "DATE_PREMIER_ACCUEIL": "05/01/2026",
        "DATE_DERNIER_ACCUEIL": "08/01/2026",
        "TYPE_ACCUEIL": "REGULIER",
        "HEURES_CONTRACTUALISEES": "1012,50",
        "HEURES_REALISEES": "36,50",
        "HEURES_FACTUREES": "1013,00",
        "MONTANT_FACTURE": "1671,46",
    }


def test_the_shipped_mapping_confirms_only_the_identifiers_the_domain_notes_confirm():
    mapping = filoue.load_mapping()

    confirmed = [column.source for column in mapping.columns if column.confirmed]

    assert confirmed == [
        "organisation_caf_code",
        "facility_caf_file_number",
        "facility_caf_equipment_id",
        "family_caf_number",
        "family_social_security_scheme",
    ]


def test_a_mapping_file_named_by_the_setting_replaces_the_columns_and_codes(cast, settings, tmp_path):
    mapping_file = tmp_path / "filoue.yaml"
    mapping_file.write_text(
        'date_format: "%Y-%m-%d"\ndecimal_separator: "."\ncolumns:\n'
        "  - {header: REGIME, source: family_social_security_scheme, confirmed: true}\n"
        "  - {header: NAISSANCE, source: child_birth_on}\n"
        "  - {header: HEURES, source: billed_hours}\n"
        "codes:\n  family_social_security_scheme: {general: '01', agricultural: '02', other: '99'}\n",
        encoding="utf-8",
    )
    settings.RIBAMBELLE_FILOUE_COLUMNS = mapping_file
    _identified(cast)
    lucioles_2026(cast)
    found = filoue.filoue_file(facility=cast.lucioles, year=YEAR, today=TODAY)

    lines = _lines(filoue.csv_bytes(found, filoue.load_mapping()))

    assert lines == [["REGIME", "NAISSANCE", "HEURES"], ["01", "2025-09-10", "1013.00"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("columns: []\n", "la liste « columns » manque"),
        ("columns:\n  - {header: X, source: salaire}\n", "source « salaire » inconnue"),
        ("columns:\n  - {header: X, source: care_kind}\ncodes: {care_kind: {regular: R}}\n", "codes manquants"),
    ],
)
def test_a_bad_mapping_is_refused_in_french(tmp_path, text, message):
    path = Path(tmp_path / "bad.yaml")
    path.write_text(text, encoding="utf-8")

    with pytest.raises(ValueError, match=message):
        filoue.load_mapping(path)


def test_a_facility_without_its_identifiers_is_refused_naming_what_is_missing(cast):
    cast.lucioles.caf_equipment_id = ""
    cast.lucioles.save()

    with pytest.raises(ValidationError) as refused:
        filoue.filoue_file(facility=cast.lucioles, year=YEAR, today=TODAY)

    assert refused.value.messages == [
        "FILOUE impossible pour « Les Lucioles » : il manque le code organisme CAF (organisation), "
        "l'identifiant équipement IDEQU."
    ]


def test_the_consent_count_of_each_facility(cast):
    lucioles_2026(cast)

    counts = filoue.consent_counts(facility_ids=[cast.lucioles.pk, cast.coccinelles.pk], year=YEAR, today=TODAY)

    assert counts == {cast.lucioles.pk: (2, 1)}
