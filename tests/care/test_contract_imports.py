"""Importing contracts from another crèche software: families and children created, every rule of a contract
applied and named per row and column, all or nothing, idempotence, scope, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ribambelle.care import services
from ribambelle.care.enums import ContractKind, ContractStatus
from ribambelle.care.models import Contract, ImportBatch
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family
from ribambelle.territory.enums import OrganisationKind
from ribambelle.territory.models import Facility, Organisation
from tests.care.contract_files import COLUMNS, contract_csv, contract_mapping, contract_row
from tests.care.import_files import xlsx_bytes

pytestmark = pytest.mark.usefixtures("_spring_2026")


@pytest.fixture
def _spring_2026():
    with time_machine.travel("2026-05-04 10:00 +02:00", tick=False):
        yield


@pytest.fixture
def calins(cast):
    return contract_mapping(cast)


def _import(cast, source, content, *, commit=True, actor=None, name="contrats.csv"):
    return services.contract_import(
        content=content, file_name=name, mapping=source, actor=actor or cast.coordinatrice, commit=commit
    )


def _errors(report):
    return [(error.row, error.column, error.message) for error in report.errors]


def _leo(**cells):
    """Léo Martin (already in Ribambelle, dossier F-2025-0001) at Les Coccinelles next year."""
    return contract_row(
        **{
            "Dossier": "F-2025-0001",
            "Prénom": "Léo",
            "Nom": "Martin",
            "Né le": "10/09/2025",
            "Structure": "Les Coccinelles",
            "Début": "01/01/2027",
            "Fin": "30/06/2027",
            "Semaines": "24",
            "Ressources": "3200",
            "Enfants à charge": "2",
        }
        | cells
    )


def test_a_row_of_an_unknown_family_creates_the_family_its_situation_its_child_and_a_draft_contract(cast, calins):
    report = _import(cast, calins, contract_csv([contract_row()]))

    assert report.ok and report.committed, _errors(report)
    assert (report.contracts, report.families, report.children, report.unchanged) == (1, 1, 1, 0)
    family = Family.objects.get(reference="DOS-0101")
    assert (family.organisation, family.parent_last_name, family.postcode) == (cast.organisation, "Durand", "69100")
    situation = family.situations.get()
    assert (situation.valid_from, situation.monthly_resources, situation.dependent_children) == (
        date(2026, 9, 1),
        Decimal("2800.00"),
        2,
    )
    assert situation.resources_source == ResourcesSource.TAX_NOTICE
    contract = Contract.objects.get(child__family=family)
    assert (contract.child.first_name, contract.child.birth_on) == ("Lina", date(2025, 3, 15))
    assert (contract.facility, contract.kind, contract.status) == (
        cast.lucioles,
        ContractKind.REGULAR,
        ContractStatus.DRAFT,
    )
    version = contract.versions.get()
    assert version.attendance_weeks == 40 and version.weekly_minutes == 4 * 9 * 60
    assert version.hourly_fee > 0 and version.fee_provenance["references"]


def test_a_contract_that_has_started_is_imported_signed(cast, calins):
    row = contract_row(**{"Début": "01/02/2026", "Fin": "31/07/2026", "Semaines": "20"})

    report = _import(cast, calins, contract_csv([row]))

    assert report.committed, _errors(report)
    assert Contract.objects.get(child__first_name="Lina").status == ContractStatus.SIGNED


def test_every_write_is_in_the_history_with_the_importing_user(cast, calins):
    _import(cast, calins, contract_csv([contract_row()]))

    contract = Contract.objects.get(child__first_name="Lina")
    family = contract.child.family
    for row in (family, family.situations.get(), contract.child, contract, contract.versions.get()):
        assert row.history.get().history_user == cast.coordinatrice


def test_rows_of_the_same_family_share_it_and_a_child_with_two_contracts_is_created_once(cast, calins):
    sister = contract_row(**{"Prénom": "Maëlle", "Né le": "02/02/2024", "Structure": "Les Coccinelles"})
    again = contract_row(**{"Structure": "Les Coccinelles", "Début": "12/07/2027", "Fin": "31/08/2027"})
    again |= {"Semaines": "7"}

    report = _import(cast, calins, contract_csv([contract_row(), sister, again]))

    assert report.committed, _errors(report)
    assert (report.contracts, report.families, report.children) == (3, 1, 2)
    family = Family.objects.get(reference="DOS-0101")
    assert sorted(family.children.values_list("first_name", flat=True)) == ["Lina", "Maëlle"]
    assert family.situations.count() == 1


def test_a_child_of_a_known_family_is_added_to_it_without_a_new_situation(cast, calins):
    row = _leo(**{"Prénom": "Zoé", "Nom": "Martin", "Né le": "01/05/2025"})

    report = _import(cast, calins, contract_csv([row]))

    assert report.committed and (report.families, report.children) == (0, 1), _errors(report)
    assert cast.martin.children.filter(first_name="Zoé").exists()
    assert cast.martin.situations.count() == 1


def test_a_known_child_is_found_by_dossier_first_name_and_birth_date(cast, calins):
    report = _import(cast, calins, contract_csv([_leo(**{"Prénom": "LEO"})]))

    assert report.committed and (report.families, report.children) == (0, 0), _errors(report)
    assert cast.leo.contracts.filter(facility=cast.coccinelles).exists()


def test_resources_differing_from_the_situation_in_force_are_refused_naming_the_difference(cast, calins):
    report = _import(cast, calins, contract_csv([_leo(**{"Ressources": "2 900,00", "Enfants à charge": "3"})]))

    assert _errors(report) == [
        (
            2,
            "Ressources",
            "ressources mensuelles : 2\u202f900,00\u00a0€ dans le fichier, 3\u202f200,00\u00a0€ dans la situation de "
            "la famille enregistrée au 01/01/2025 ; un import ne change pas une situation : enregistrez la nouvelle "
            "dans Ribambelle.",
        ),
        (
            2,
            "Enfants à charge",
            "enfants à charge : 3 dans le fichier, 2 dans la situation de la famille enregistrée au 01/01/2025 ; un "
            "import ne change pas une situation : enregistrez la nouvelle dans Ribambelle.",
        ),
    ]
    assert not cast.leo.contracts.filter(facility=cast.coccinelles).exists()


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"Début": "01/12/2026", "Structure": "Les Lucioles"}, "Début", "a déjà un contrat dans cet établissement"),
        ({"Mer arrivée": "07h00", "Mer départ": "12h00"}, "Mer arrivée, Mer départ", "sortent des heures d'ouverture"),
        (
            {"Sam arrivée": "09h00", "Sam départ": "12h00"},
            "Sam arrivée, Sam départ",
            "L'établissement est fermé le samedi.",
        ),
        ({"Lun départ": "08h00"}, "Lun départ", "Le départ du lundi doit suivre l'arrivée."),
        ({"Semaines": "30"}, "Semaines", "ne couvre que 26 semaines : il ne peut pas compter 30"),
        ({"Semaines": ""}, "Semaines", "précise ses horaires hebdomadaires et ses semaines de présence"),
        ({"Fin": "30/09/2029"}, "Fin", "dépassera l'âge maximal de l'autorisation"),
        ({"Début": "01/09/2025", "Fin": "30/06/2026"}, "Début", "n'aura pas l'âge minimal de l'autorisation"),
        ({"Début": "01/01/2025", "Fin": "30/06/2025"}, "Structure", "n'a pas d'autorisation en vigueur au 01/01/2025"),
        ({"Fin": "01/12/2026"}, "Fin", "La fin du contrat ne peut pas précéder son début."),
        ({"Type": "CDI"}, "Type", "type d'accueil « CDI » absent de la correspondance « Logiciel Câlins »."),
        ({"Début": "2027-01-01"}, "Début", "« 2027-01-01 » n'est pas une date au format 31/12/2026."),
        ({"Lun arrivée": "8:30"}, "Lun arrivée", "« 8:30 » n'est pas une heure au format 08h30."),
        ({"Lun départ": ""}, "Lun départ", "heure de départ du lundi manquante."),
        ({"Ressources": "beaucoup"}, "Ressources", "« beaucoup » n'est pas un montant (par exemple 2 500,00)."),
        ({"Structure": "Les Papillons"}, "Structure", "aucun établissement de votre périmètre ne porte ce nom"),
    ],
)
def test_each_refusal_of_the_rules_is_named_with_its_row_and_column(cast, calins, cells, column, message):
    good = contract_row()

    report = _import(cast, calins, contract_csv([good, _leo(**cells)]))

    assert [(error.row, error.column) for error in report.errors] == [(3, column)], _errors(report)
    assert message in report.errors[0].message
    assert not report.committed


def test_a_new_family_with_a_faulty_postcode_is_refused_on_its_column(cast, calins):
    report = _import(cast, calins, contract_csv([contract_row(CP="691")]))

    assert _errors(report) == [(2, "CP", "Le code postal compte 5 chiffres.")]


def test_a_family_to_create_needs_the_family_columns_in_the_mapping(cast):
    source = contract_mapping(cast, columns={k: v for k, v in COLUMNS.items() if k not in ("Adresse", "Ville")})

    report = _import(cast, source, contract_csv([contract_row()]))

    assert _errors(report) == [
        (
            2,
            "Dossier",
            "le dossier « DOS-0101 » n'a pas d'enfant Lina né·e le 15/03/2025 dans Ribambelle : pour créer la "
            "famille, indiquez dans la correspondance les colonnes « Adresse de la famille », « Commune ».",
        )
    ]


def test_every_faulty_row_is_reported_and_nothing_is_written(cast, calins):
    rows = [
        contract_row(),
        contract_row(**{"Dossier": "DOS-0102", "Prénom": "Noé", "Sam arrivée": "09h00", "Sam départ": "12h00"}),
        contract_row(**{"Dossier": "DOS-0103", "Prénom": "Lou", "Fin": ""}),
        contract_row(**{"Dossier": "DOS-0104", "Prénom": "Jade"}),
    ]

    report = _import(cast, calins, contract_csv(rows))

    assert [(row, column) for row, column, _ in _errors(report)] == [
        (3, "Sam arrivée, Sam départ"),
        (4, "Fin"),
    ]
    assert (report.contracts, report.families) == (2, 3)
    assert not report.committed and report.batch_id is None
    assert not Family.objects.filter(reference__startswith="DOS-").exists()
    assert not Child.objects.filter(first_name__in=["Lina", "Noé", "Jade"]).exists()
    assert not ImportBatch.objects.exists()


def test_the_dry_run_reports_what_the_wet_run_writes_and_writes_nothing(cast, calins):
    report = _import(cast, calins, contract_csv([contract_row()]), commit=False)

    assert report.ok and not report.committed
    assert (report.rows, report.contracts, report.families, report.children) == (1, 1, 1, 1)
    assert (report.first_on, report.last_on, report.facility_ids) == (
        date(2026, 9, 1),
        date(2027, 7, 9),
        [cast.lucioles.pk],
    )
    assert not Family.objects.filter(reference="DOS-0101").exists()
    assert not Family.history.filter(reference="DOS-0101").exists()
    assert not Contract.objects.filter(child__first_name="Lina").exists()


def test_rows_overlapping_within_the_file_are_named_with_the_row_they_clash_with(cast, calins):
    rows = [
        contract_row(),
        contract_row(),
        contract_row(**{"Début": "01/06/2027", "Fin": "31/08/2027", "Semaines": "10"}),
    ]

    report = _import(cast, calins, contract_csv(rows))

    assert _errors(report) == [
        (3, "Début", "contrat en double : mêmes termes qu'à la ligne 2."),
        (4, "Début", "chevauche le contrat de la ligne 2 (du 01/09/2026 au 09/07/2027) dans cet établissement."),
    ]


def test_importing_the_same_file_twice_changes_nothing(cast, calins):
    content = contract_csv([contract_row()])
    first = _import(cast, calins, content)

    again = _import(cast, calins, content, name="contrats (copie).csv")

    assert again.ok and not again.committed
    assert again.already_imported["batch_id"] == first.batch_id
    assert (Contract.objects.count(), Family.objects.count(), ImportBatch.objects.count()) == (3, 3, 1)


def test_the_same_contract_in_another_file_is_counted_as_already_recorded(cast, calins):
    _import(cast, calins, contract_csv([contract_row()]))
    other = contract_row(**{"Dossier": "DOS-0102", "Prénom": "Noé"})

    report = _import(cast, calins, contract_csv([contract_row(), other], encoding="latin-1"))

    assert report.committed, _errors(report)
    assert (report.contracts, report.families, report.children, report.unchanged) == (1, 1, 1, 1)
    assert Contract.objects.filter(child__first_name="Lina").count() == 1


def test_a_differing_contract_overlapping_a_recorded_one_is_refused(cast, calins):
    _import(cast, calins, contract_csv([contract_row()]))
    changed = contract_row(**{"Semaines": "38"})

    report = _import(cast, calins, contract_csv([changed]))

    assert _errors(report) == [(2, "Début", "Lina Durand a déjà un contrat dans cet établissement sur cette période.")]


def test_an_xlsx_file_with_number_and_date_cells_is_imported(cast, calins):
    row = contract_row(**{"Né le": date(2025, 3, 15), "Ressources": 2800.0, "Semaines": 40.0, "Enfants à charge": 2})

    report = _import(cast, calins, xlsx_bytes([tuple(row.get(column) for column in COLUMNS)], tuple(COLUMNS)))

    assert report.committed and report.encoding == "XLSX", _errors(report)


def test_a_facility_of_another_organisation_is_not_found(cast, calins):
    other = Organisation.objects.create(name="Autre ville", kind=OrganisationKind.COMMUNE, population=900)
    Facility.objects.filter(pk=cast.coccinelles.pk).update(organisation=other)

    report = _import(cast, calins, contract_csv([contract_row(Structure="Les Coccinelles")]))

    assert _errors(report) == [
        (2, "Structure", "« Les Coccinelles » : aucun établissement de votre périmètre ne porte ce nom.")
    ]


def test_a_director_may_not_import_contracts(cast, calins):
    with pytest.raises(ValidationError, match="Vous n'avez pas le droit d'importer des contrats"):
        _import(cast, calins, contract_csv([contract_row()]), actor=cast.directrice)
