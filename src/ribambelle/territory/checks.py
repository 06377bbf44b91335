"""Registry consistency checks a coordinator runs before a PMI visit or a CAF declaration."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ribambelle.rules import FacilityCategory, RenewalStatus
from ribambelle.territory.enums import FacilityType, FindingSeverity, Funding
from ribambelle.territory.selectors import FacilityRow


@dataclass(frozen=True)
class Finding:
    facility_id: int
    facility: str
    severity: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def facility_findings(row: FacilityRow) -> list[Finding]:
    facility = row.facility
    found: list[tuple[FindingSeverity, str]] = []
    if row.authorisation is None:
        found.append((FindingSeverity.ERROR, "Aucune autorisation PMI en vigueur."))
    else:
        auth = row.authorisation
        if row.renewal and row.renewal.status == RenewalStatus.RENEWAL_OVERDUE:
            found.append(
                (
                    FindingSeverity.ERROR,
                    f"Renouvellement de l'autorisation à demander sans délai (échéance le {auth.expires_on:%d/%m/%Y}).",
                )
            )
        elif row.renewal and row.renewal.status == RenewalStatus.RENEWAL_WINDOW:
            found.append(
                (
                    FindingSeverity.WARNING,
                    f"Renouvellement de l'autorisation à préparer (échéance le {auth.expires_on:%d/%m/%Y}).",
                )
            )
        if row.section_places > auth.capacity:
            found.append(
                (
                    FindingSeverity.ERROR,
                    f"Les sections totalisent {row.section_places} places pour {auth.capacity} autorisées.",
                )
            )
        for section in facility.sections.all():
            if section.min_age_months < auth.min_age_months or section.max_age_months > auth.max_age_months:
                found.append(
                    (
                        FindingSeverity.ERROR,
                        f"La section « {section.name} » accueille des âges hors de l'autorisation.",
                    )
                )
        is_micro_type = facility.facility_type == FacilityType.MICRO_CRECHE
        if is_micro_type and row.category and row.category.category != FacilityCategory.MICRO:
            found.append(
                (
                    FindingSeverity.ERROR,
                    f"Une micro-crèche ne peut pas dépasser 12 places ({auth.capacity} autorisées).",
                )
            )
    if not facility.sections.all():
        found.append((FindingSeverity.WARNING, "Aucune section déclarée."))
    if facility.funding == Funding.PSU and not (facility.caf_file_number and facility.caf_equipment_id):
        found.append(
            (
                FindingSeverity.WARNING,
                "Identifiants CAF (n° de dossier AFC, IDEQU) incomplets pour un établissement PSU.",
            )
        )
    if not facility.opening_hours.all():
        found.append((FindingSeverity.WARNING, "Horaires d'ouverture non renseignés."))
    return [Finding(facility.pk, facility.name, severity.value, message) for severity, message in found]
