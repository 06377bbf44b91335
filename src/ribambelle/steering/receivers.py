"""Keep the facts up to date:

- as attendance is recorded (taps, corrections: the models' save and delete signals) or imported
  (care.signals.attendance_imported, the bulk writes sending no model signal): the days concerned;
- when the registry changes (authorisation, its slots, opening hours, closures, a facility's opening or
  closing date): the facility's day facts over the days its facts already cover that the change affects;
- when a contract or a contract version changes: the months concerned marked stale (billed minutes and
  children enrolled), for the month facts that exist.

A change of dates affects the days before and after it: the values before the save are read in pre_save
(one query, for a row that exists). Every refresh runs after the commit, so a rolled-back change changes
nothing; a failed refresh is caught up by `ribambelle indicators --refresh`. Bulk writes (the seed, the
registry benchmark) send no signal."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from ribambelle.care.models import Absence, Attendance, Contract, ContractVersion
from ribambelle.care.signals import attendance_imported
from ribambelle.steering import services
from ribambelle.territory.models import Authorisation, AuthorisationSlot, Closure, Facility, OpeningHours

Span = tuple[int, date | None, date | None]  # facility, first and last day (None: unbounded)

# The fields whose values before a save tell which days a change affects.
_BEFORE = {
    Authorisation: ("facility_id", "valid_from", "expires_on"),
    AuthorisationSlot: ("authorisation_id",),
    OpeningHours: ("facility_id",),
    Closure: ("facility_id", "start_on", "end_on"),
    Facility: ("opened_on", "closed_on"),
    Contract: ("facility_id", "starts_on", "ends_on"),
    ContractVersion: ("valid_from",),
}


def _before(instance: models.Model) -> tuple[Any, ...] | None:
    return getattr(instance, "_steering_before", None)


@receiver(pre_save, dispatch_uid="steering_remember_before")
def remember_before(sender: type[models.Model], instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    fields = _BEFORE.get(sender)
    if fields is None or raw or instance.pk is None:
        return
    before = sender._base_manager.filter(pk=instance.pk).values_list(*fields).first()
    instance._steering_before = before  # type: ignore[attr-defined]


def _refresh_days(spans: list[Span]) -> None:
    for facility_id, first, last in set(spans):
        transaction.on_commit(
            lambda f=facility_id, a=first, b=last: services.day_facts_refresh_covered(
                facility_id=f, start_on=a, end_on=b
            )
        )


def _mark_months(spans: list[Span]) -> None:
    for facility_id, first, last in set(spans):
        transaction.on_commit(
            lambda f=facility_id, a=first, b=last: services.months_mark_stale_existing(
                facility_id=f, start_on=a, end_on=b
            )
        )


# Attendance --------------------------------------------------------------------------------------


@receiver([post_save, post_delete], sender=Attendance, dispatch_uid="steering_attendance_changed")
def attendance_changed(sender: type[Attendance], instance: Attendance, **kwargs: Any) -> None:
    facility_id, on = instance.facility_id, instance.on
    transaction.on_commit(lambda: services.day_facts_refresh(facility_ids=[facility_id], start_on=on, end_on=on))


@receiver([post_save, post_delete], sender=Absence, dispatch_uid="steering_absence_changed")
def absence_changed(sender: type[Absence], instance: Absence, **kwargs: Any) -> None:
    """An absence changes no presence, but may change the billed minutes (a deduction): the month is stale."""
    facility_id, on = instance.facility_id, instance.on
    transaction.on_commit(lambda: services.months_mark_stale(facility_ids=[facility_id], start_on=on, end_on=on))


@receiver(attendance_imported, dispatch_uid="steering_attendance_imported")
def attendance_import_committed(
    sender: type[Attendance], facility_ids: list[int], first_on: date, last_on: date, **kwargs: Any
) -> None:
    services.day_facts_refresh(facility_ids=facility_ids, start_on=first_on, end_on=last_on)


# Registry ----------------------------------------------------------------------------------------


@receiver([post_save, post_delete], sender=Authorisation, dispatch_uid="steering_authorisation_changed")
def authorisation_changed(sender: type[Authorisation], instance: Authorisation, **kwargs: Any) -> None:
    """The latest authorisation in force applies: its days, before and after the change."""
    spans: list[Span] = [(instance.facility_id, instance.valid_from, instance.expires_on)]
    before = _before(instance)
    if before is not None:
        spans.append(before)
    _refresh_days(spans)


@receiver([post_save, post_delete], sender=AuthorisationSlot, dispatch_uid="steering_slot_changed")
def slot_changed(sender: type[AuthorisationSlot], instance: AuthorisationSlot, **kwargs: Any) -> None:
    """The days of its authorisation (gone when deleted with it: the authorisation's own signal covers them)."""
    ids = {instance.authorisation_id}
    before = _before(instance)
    if before is not None:
        ids.add(before[0])
    _refresh_days(list(Authorisation.objects.filter(pk__in=ids).values_list("facility_id", "valid_from", "expires_on")))


@receiver([post_save, post_delete], sender=OpeningHours, dispatch_uid="steering_opening_hours_changed")
def opening_hours_changed(sender: type[OpeningHours], instance: OpeningHours, **kwargs: Any) -> None:
    """Every day of the weekday: every day the facility's facts cover."""
    facilities = {instance.facility_id}
    before = _before(instance)
    if before is not None:
        facilities.add(before[0])
    _refresh_days([(facility_id, None, None) for facility_id in facilities])


@receiver([post_save, post_delete], sender=Closure, dispatch_uid="steering_closure_changed")
def closure_changed(sender: type[Closure], instance: Closure, **kwargs: Any) -> None:
    spans: list[Span] = [(instance.facility_id, instance.start_on, instance.end_on)]
    before = _before(instance)
    if before is not None:
        spans.append(before)
    _refresh_days(spans)


@receiver(post_save, sender=Facility, dispatch_uid="steering_facility_dates_changed")
def facility_dates_changed(sender: type[Facility], instance: Facility, created: bool, **kwargs: Any) -> None:
    """Only a change of the opening or closing date: every day the facility's facts cover."""
    before = _before(instance)
    if not created and before is not None and before != (instance.opened_on, instance.closed_on):
        _refresh_days([(instance.pk, None, None)])


# Contracts ---------------------------------------------------------------------------------------


@receiver([post_save, post_delete], sender=Contract, dispatch_uid="steering_contract_changed")
def contract_changed(sender: type[Contract], instance: Contract, **kwargs: Any) -> None:
    spans: list[Span] = [(instance.facility_id, instance.starts_on, instance.ends_on)]
    before = _before(instance)
    if before is not None:
        spans.append(before)
    _mark_months(spans)


@receiver([post_save, post_delete], sender=ContractVersion, dispatch_uid="steering_contract_version_changed")
def contract_version_changed(sender: type[ContractVersion], instance: ContractVersion, **kwargs: Any) -> None:
    """From the version's first day (or its former one) to the contract's end."""
    before = _before(instance)
    first = min(instance.valid_from, before[0]) if before is not None else instance.valid_from
    contract = Contract.objects.filter(pk=instance.contract_id).values_list("facility_id", "ends_on").first()
    if contract is not None:
        _mark_months([(contract[0], first, contract[1])])
