"""Importing a contract file from another crèche software, all or nothing.

Every row goes through the services the coordinator's own pages use, so that every rule applies and every
write is audited (history rows naming the importing user): ``families.services.family_create`` and
``child_add`` for a family or a child Ribambelle does not know yet (found by dossier number, first name and
birth date), then ``contract_create``, signed when the contract has started (a running contract of the
other software), a draft otherwise. The rows are written one after the other in one transaction, in the
order of their start dates (so that a family is created by its first contract); every refusal is kept with
its row and column, and the transaction is rolled back on a dry run or when any row is faulty. A contract
file is small (a big city: some 35,000 rows), so the dry run writes and rolls back: it reports exactly what
the wet run writes.

What is recorded is never changed: the same contract (child, facility, kind, start and end, weekly schedule
and weeks) is counted as already recorded; a family's situation in force at a contract's start must be the
row's (resources, dependent children, AEEH children), else the row is refused.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ribambelle.care.enums import WEEKDAY_COLUMNS, ContractColumn, ContractStatus
from ribambelle.care.importing.cells import fold
from ribambelle.care.importing.contracts import IDENTITY_COLUMNS, ContractReader, ContractRow
from ribambelle.care.importing.lookups import AMBIGUOUS
from ribambelle.care.importing.report import Errors, ImportReport
from ribambelle.care.importing.rows import Identity
from ribambelle.care.importing.steps import Progress, batch_create, database_refused, no_progress, read_file
from ribambelle.care.models import Contract, ContractVersion, ImportMapping
from ribambelle.care.services.contracts import REFUSALS, SchedulePeriod, contract_create
from ribambelle.core.templatetags.ribambelle import euros
from ribambelle.families import services as family_services
from ribambelle.families.enums import ResourcesSource
from ribambelle.families.models import Child, Family, FamilySituation
from ribambelle.territory.models import Facility

Column = ContractColumn
# Where a refusal of the services points in the file: a model field, or the code of a refusal.
_FIELD_COLUMNS = {
    "reference": Column.FAMILY_REFERENCE,
    "parent_last_name": Column.PARENT_LAST_NAME,
    "parent_first_name": Column.PARENT_FIRST_NAME,
    "address": Column.ADDRESS,
    "postcode": Column.POSTCODE,
    "city": Column.CITY,
    "first_name": Column.CHILD_FIRST_NAME,
    "last_name": Column.CHILD_LAST_NAME,
    "birth_on": Column.CHILD_BIRTH_ON,
    "monthly_resources": Column.MONTHLY_RESOURCES,
    "dependent_children": Column.DEPENDENT_CHILDREN,
    "aeeh_children": Column.AEEH_CHILDREN,
    "valid_from": Column.STARTS_ON,
    "starts_on": Column.STARTS_ON,
    "ends_on": Column.ENDS_ON,
    "kind": Column.KIND,
    "attendance_weeks": Column.ATTENDANCE_WEEKS,
}
_CODE_COLUMNS = {
    "contract_overlap": Column.STARTS_ON,
    "too_young": Column.STARTS_ON,
    "too_old": Column.ENDS_ON,
    "order": Column.ENDS_ON,
    "regular": Column.ATTENDANCE_WEEKS,
    "attendance_weeks": Column.ATTENDANCE_WEEKS,
    "situation_missing": Column.MONTHLY_RESOURCES,
    "birth": Column.CHILD_BIRTH_ON,
}


def contract_import(
    *,
    content: bytes,
    file_name: str,
    mapping: ImportMapping,
    actor: Any,
    commit: bool,
    on_progress: Progress | None = None,
) -> ImportReport:
    """Check a contract file against the actor's facilities and the rules of a contract, by writing it in a
    transaction kept only with ``commit`` and no faulty row: all or nothing."""
    # Progress counts the rows read, then stands at half way while they are written: the writes are in a
    # transaction that other connections (the job's page) do not see.
    report, errors, reader = read_file(
        ContractReader,
        content=content,
        file_name=file_name,
        mapping=mapping,
        actor=actor,
        progress=on_progress or no_progress,
        steps=2,
    )
    if reader is None:
        report.errors, report.errors_total = errors.sorted(), errors.total
        return report
    try:
        with transaction.atomic():
            outcome = _Writer(reader, actor=actor, errors=errors).write()
            report.contracts, report.families, report.children = outcome.contracts, outcome.families, outcome.children
            report.unchanged = outcome.unchanged
            if reader.rows:
                report.first_on = min(row.starts_on for row in reader.rows)
                report.last_on = max(row.ends_on for row in reader.rows)
                report.facility_ids = sorted({row.facility for row in reader.rows})
            report.errors, report.errors_total = errors.sorted(), errors.total
            if commit and report.ok:
                batch = batch_create(mapping=mapping, report=report, actor=actor)
                report.committed, report.batch_id = True, batch.pk
            else:
                transaction.set_rollback(True)
    except IntegrityError as exc:
        # A concurrent import of the same file: nothing was written.
        report.committed, report.batch_id = False, None
        database_refused(report, exc)
    return report


class _Terms(NamedTuple):
    """A contract as a file states it: what tells that a row is already recorded."""

    kind: str
    starts_on: date
    ends_on: date
    attendance_weeks: int | None
    schedule: tuple[tuple[int, int, int], ...]


class _Situation(NamedTuple):
    valid_from: date
    monthly_resources: Decimal
    dependent_children: int
    aeeh_children: int
    row: int  # the row of the file that created the family; 0 when recorded before


@dataclass
class _Outcome:
    contracts: int = 0
    families: int = 0
    children: int = 0
    unchanged: int = 0
    created: dict[str, Family] = field(default_factory=dict)  # families created, by folded dossier number


class _Writer:
    """Writes the rows of a contract file through the services, with what they refer to loaded once."""

    def __init__(self, reader: ContractReader, *, actor: Any, errors: Errors) -> None:
        self.reader, self.actor, self.errors = reader, actor, errors
        self.today = timezone.localdate()
        self.outcome = _Outcome()
        lookups = reader.lookups
        child_ids = {row.child for row in reader.rows if isinstance(row.child, int)}
        self.children: dict[int, Child] = Child.objects.in_bulk(child_ids)
        references = {fold(row.child.reference) for row in reader.rows if isinstance(row.child, Identity)}
        family_ids = {lookups.family_by_reference[ref] for ref in references if ref in lookups.family_by_reference}
        self.families: dict[int, Family] = Family.objects.in_bulk(family_ids - {AMBIGUOUS})
        self.situations: dict[int, list[_Situation]] = defaultdict(list)
        for family_id, *situation in (
            FamilySituation.objects.filter(family_id__in=family_ids | {c.family_id for c in self.children.values()})
            .order_by("valid_from")
            .values_list("family_id", "valid_from", "monthly_resources", "dependent_children", "aeeh_children")
        ):
            self.situations[family_id].append(_Situation(*situation, row=0))
        self.facilities: dict[int, Facility] = Facility.objects.prefetch_related("opening_hours").in_bulk(
            {row.facility for row in reader.rows}
        )
        self.contracts = _recorded_contracts(child_ids)
        self.new_children: dict[tuple[str, str, date], Child] = {}

    def write(self) -> _Outcome:
        """Each row in the order of the contracts' starts."""
        for row in sorted(self.reader.rows, key=lambda row: (row.starts_on, row.row)):
            try:
                self._write(row)
            except REFUSALS as exc:
                self._refused(row.row, exc)
            except IntegrityError as exc:  # the service's savepoint rolled its writes back
                reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                self.errors.add(row.row, "", f"la base a refusé l'écriture de cette ligne ({reason}).")
        return self.outcome

    def _write(self, row: ContractRow) -> None:
        child = self._child(row)
        if child is None or not self._same_situation(row, child):
            return
        terms = _Terms(row.kind, row.starts_on, row.ends_on, row.attendance_weeks, row.schedule)
        known = self.contracts[(child.pk, row.facility)]
        overlapping = [(t, at) for t, at in known if t.starts_on <= row.ends_on and row.starts_on <= t.ends_on]
        if (terms, 0) in overlapping:
            self.outcome.unchanged += 1
            return
        for other, at in overlapping:
            if at:  # a row of the file; one recorded before is refused by contract_create
                if other == terms:
                    message = f"contrat en double : mêmes termes qu'à la ligne {at}."
                else:
                    span = f"du {other.starts_on:%d/%m/%Y} au {other.ends_on:%d/%m/%Y}"
                    message = f"chevauche le contrat de la ligne {at} ({span}) dans cet établissement."
                self._fail(row.row, Column.STARTS_ON, message)
                return
        contract_create(
            child=child,
            facility=self.facilities[row.facility],
            section=None,
            kind=row.kind,
            starts_on=row.starts_on,
            ends_on=row.ends_on,
            schedule=[SchedulePeriod(*period) for period in row.schedule],
            attendance_weeks=row.attendance_weeks,
            actor=self.actor,
            status=ContractStatus.SIGNED if row.starts_on <= self.today else ContractStatus.DRAFT,
        )
        known.append((terms, row.row))
        self.outcome.contracts += 1

    def _child(self, row: ContractRow) -> Child | None:
        """The row's child: known, created earlier in the file, or created now (with its family when the
        dossier number is not in Ribambelle either); None when it cannot be (the error is added)."""
        if isinstance(row.child, int):
            return self.children[row.child]
        identity = row.child
        child = self.new_children.get(identity.key)
        if child is not None:
            return child
        reference = fold(identity.reference)
        family = self.outcome.created.get(reference)
        if family is None:
            pk = self.reader.lookups.family_by_reference.get(reference)
            if pk == AMBIGUOUS:
                message = f"plusieurs familles ont le n° de dossier « {identity.reference} »."
                self._fail(row.row, Column.FAMILY_REFERENCE, message)
                return None
            family = self.families.get(pk) if pk else None
        needed = [Column.CHILD_LAST_NAME] if family else IDENTITY_COLUMNS
        lacking = [f"« {Column(field).label} »" for field in needed if field not in row.identity]
        if lacking:
            what = f"ajouter {identity.first_name} à la famille" if family else "créer la famille"
            message = (
                f"le dossier « {identity.reference} » n'a pas d'enfant {identity.first_name} né·e le "
                f"{identity.birth_on:%d/%m/%Y} dans Ribambelle : pour {what}, indiquez dans la correspondance "
                f"{'la colonne' if len(lacking) == 1 else 'les colonnes'} {', '.join(lacking)}."
            )
            self._fail(row.row, Column.FAMILY_REFERENCE, message)
            return None
        child = Child(
            first_name=identity.first_name, last_name=row.identity[Column.CHILD_LAST_NAME], birth_on=identity.birth_on
        )
        if family is None:
            family = self._family_create(row, identity, child)
        else:
            family_services.child_add(family=family, child=child, actor=self.actor)
        self.outcome.children += 1
        self.new_children[identity.key] = child
        return child

    def _family_create(self, row: ContractRow, identity: Identity, child: Child) -> Family:
        """A family with its situation at the row's start (its resources as the family declared them) and
        its first child."""
        cells = row.identity
        family = Family(
            reference=identity.reference,
            parent_last_name=cells[Column.PARENT_LAST_NAME],
            parent_first_name=cells[Column.PARENT_FIRST_NAME],
            address=cells[Column.ADDRESS],
            postcode=cells[Column.POSTCODE],
            city=cells[Column.CITY],
        )
        situation = FamilySituation(
            valid_from=row.starts_on,
            monthly_resources=row.monthly_resources,
            resources_source=ResourcesSource.TAX_NOTICE,
            dependent_children=row.dependent_children,
            aeeh_children=row.aeeh_children or 0,
        )
        family_services.family_create(family=family, situation=situation, child=child, actor=self.actor)
        self.outcome.created[fold(identity.reference)] = family
        self.outcome.families += 1
        self.situations[family.pk] = [
            _Situation(row.starts_on, row.monthly_resources, row.dependent_children, situation.aeeh_children, row.row)
        ]
        return family

    def _same_situation(self, row: ContractRow, child: Child) -> bool:
        """Whether the row states the family's situation in force at its start (a field the file leaves
        empty is not compared); each difference is an error. Without a situation then, contract_create
        refuses the row."""
        current = None
        for situation in self.situations.get(child.family_id, []):
            if situation.valid_from <= row.starts_on:
                current = situation
        if current is None:
            return True
        if current.row:
            where, advice = f"reprise à la ligne {current.row}", "une famille reprise n'a qu'une situation"
        else:
            where, advice = f"enregistrée au {current.valid_from:%d/%m/%Y}", "un import ne change pas une situation"
        same = True
        for column, what, stated, recorded in (
            (Column.MONTHLY_RESOURCES, "ressources mensuelles", row.monthly_resources, current.monthly_resources),
            (Column.DEPENDENT_CHILDREN, "enfants à charge", row.dependent_children, current.dependent_children),
            (Column.AEEH_CHILDREN, "enfants bénéficiaires de l'AEEH", row.aeeh_children, current.aeeh_children),
        ):
            if stated is None or stated == recorded:
                continue
            same = False
            shown = (euros(stated), euros(recorded)) if column == Column.MONTHLY_RESOURCES else (stated, recorded)
            message = (
                f"{what} : {shown[0]} dans le fichier, {shown[1]} dans la situation de la famille {where} ; "
                f"{advice} : enregistrez la nouvelle dans Ribambelle."
            )
            self._fail(row.row, column, message)
        return same

    def _refused(self, row: int, exc: Exception) -> None:
        """A service's refusal, on the column it is about when the file has it, else on the row."""
        if not isinstance(exc, ValidationError):
            self._fail(row, "", str(exc))
        elif hasattr(exc, "error_dict"):
            for name, errors in exc.error_dict.items():
                column = "" if name == NON_FIELD_ERRORS else _FIELD_COLUMNS.get(name, "")
                for message in ValidationError(errors).messages:
                    self._fail(row, column, message)
        else:
            for error in exc.error_list:
                self.errors.add(row, self._column_of(error), " ; ".join(error.messages))

    def _column_of(self, error: ValidationError) -> str:
        names = self.reader.names
        if error.code == "no_authorisation":
            return self.reader.facility_column
        weekday = (error.params or {}).get("weekday")
        if weekday is not None and weekday < len(WEEKDAY_COLUMNS):
            start, end = WEEKDAY_COLUMNS[weekday]
            fields = (end,) if error.code == "period_order" else (start, end)
            return ", ".join(names[field] for field in fields if field in names)
        return names.get(_CODE_COLUMNS.get(str(error.code), ""), "")

    def _fail(self, row: int, column: str, message: str) -> None:
        self.errors.add(row, self.reader.names.get(column, ""), message)


def _recorded_contracts(child_ids: set[int]) -> defaultdict[tuple[int, int], list[tuple[_Terms, int]]]:
    """The children's contracts (cancelled ones left out) with their terms at their start, by (child,
    facility); 0 stands for « recorded before the file »."""
    contracts = Contract.objects.filter(child_id__in=child_ids).exclude(status=ContractStatus.CANCELLED)
    initial = {
        contract_id: (weeks, tuple((p["weekday"], p["start"], p["end"]) for p in schedule))
        for contract_id, weeks, schedule in ContractVersion.objects.filter(
            contract__in=contracts, valid_from=F("contract__starts_on")
        ).values_list("contract_id", "attendance_weeks", "schedule")
    }
    known: defaultdict[tuple[int, int], list[tuple[_Terms, int]]] = defaultdict(list)
    for pk, child_id, facility_id, kind, starts_on, ends_on in contracts.values_list(
        "pk", "child_id", "facility_id", "kind", "starts_on", "ends_on"
    ):
        weeks, schedule = initial.get(pk, (None, ()))
        known[(child_id, facility_id)].append((_Terms(kind, starts_on, ends_on, weeks, schedule), 0))
    return known
