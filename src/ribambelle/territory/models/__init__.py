"""Territory registry: organisation, sectors, facilities, authorisations, sections, calendar."""

from __future__ import annotations

from ribambelle.territory.models.authorisation import Authorisation, AuthorisationSlot
from ribambelle.territory.models.facility import Closure, Facility, OpeningHours, Section
from ribambelle.territory.models.organisation import Organisation, Sector
from ribambelle.territory.models.parameters import ParameterEntry, RuleChoice

__all__ = [
    "Authorisation",
    "AuthorisationSlot",
    "Closure",
    "Facility",
    "OpeningHours",
    "Organisation",
    "ParameterEntry",
    "RuleChoice",
    "Section",
    "Sector",
]
