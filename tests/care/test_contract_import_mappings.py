"""The column mapping of a contract file: what it must name, checked with French messages, and its form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from ribambelle.care.enums import ContractKind, ImportKind
from ribambelle.care.forms.imports import ImportMappingForm
from ribambelle.care.models import ImportMapping
from tests.care.contract_files import COLUMNS, SOURCE, contract_mapping


def _without(*names):
    return {column: field for column, field in COLUMNS.items() if column not in names}


def test_a_contract_mapping_is_saved_per_source_and_kind(cast):
    saved = contract_mapping(cast)

    assert (saved.kind, saved.organisation, str(saved)) == (
        ImportKind.CONTRACTS,
        cast.organisation,
        f"{SOURCE} (contrats d'accueil)",
    )


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        (("Début",), "Indiquez les colonnes du début et de la fin du contrat."),
        (("Type",), "Indiquez la colonne du type d'accueil."),
        (("Ressources",), "Indiquez les colonnes des ressources mensuelles et du nombre d'enfants à charge"),
        (("Mer départ",), "Indiquez les colonnes de l'arrivée et du départ du mercredi."),
        (("Dossier",), "Indiquez la colonne de l'identifiant Ribambelle de l'enfant, ou celles du n° de dossier"),
        (("Structure",), "Indiquez la colonne du nom de l'établissement ou de son identifiant IDEQU."),
    ],
)
def test_a_contract_mapping_that_misses_a_needed_column_is_refused_in_french(cast, missing, message):
    with pytest.raises(ValidationError, match=message):
        contract_mapping(cast, columns=_without(*missing))


def test_a_contract_mapping_may_leave_out_a_whole_weekday_the_weeks_and_the_family_identity(cast):
    columns = _without("Sam arrivée", "Sam départ", "Semaines", "AEEH", "Responsable", "Adresse", "CP", "Ville")

    assert contract_mapping(cast, columns=columns).pk


def test_a_field_of_the_attendance_kind_is_unknown_to_a_contract_mapping(cast):
    with pytest.raises(ValidationError, match="Champ inconnu : arrived_at"):
        contract_mapping(cast, columns=COLUMNS | {"Arrivée": "arrived_at"})


def test_contract_kind_labels_must_translate_to_a_contract_kind(cast):
    with pytest.raises(ValidationError, match="Type d'accueil inconnu : illness_without_certificate"):
        contract_mapping(cast, labels={"MAL": "illness_without_certificate"})


def test_the_mapping_form_of_a_contract_source_offers_its_columns_and_contract_kinds(cast):
    form = ImportMappingForm(
        {
            "source": SOURCE,
            "date_format": "dd/mm/yyyy",
            "time_format": "hhhmm",
            **{f"column_{field}": column for column, field in COLUMNS.items()},
            "label_regular": "REG ; Régulier CDI",
            "label_emergency": "URG",
        },
        kind=ImportKind.CONTRACTS,
    )

    assert form.is_valid(), form.errors
    mapping = form.apply(ImportMapping())
    assert mapping.kind == ImportKind.CONTRACTS and mapping.columns == COLUMNS
    assert mapping.labels == {
        "REG": ContractKind.REGULAR,
        "Régulier CDI": ContractKind.REGULAR,
        "URG": ContractKind.EMERGENCY,
    }
    assert [title for title, _, _ in form.column_groups] == [
        "Enfant",
        "Famille",
        "Établissement",
        "Contrat",
        "Horaires hebdomadaires",
    ]
    assert form.label_group[0] == "Types d'accueil"
