"""Rules as code: dated regulatory parameters and the small typed rules built on them.

Pure Python: no Django, no database. Every function takes the parameter set and an explicit date.
"""

from __future__ import annotations

from ribambelle.rules.authorisation import Renewal, RenewalStatus, authorisation_expiry, renewal_status
from ribambelle.rules.capacity import (
    CategoryResult,
    FacilityCategory,
    FacilityKind,
    category_label,
    facility_category,
)
from ribambelle.rules.parameters import (
    Parameter,
    ParameterError,
    ParameterNotInForce,
    ParameterSet,
    ParameterValue,
    Reference,
    load_parameters,
)
from ribambelle.rules.sppe import Duty, organising_authority_duties

__all__ = [
    "CategoryResult",
    "Duty",
    "FacilityCategory",
    "FacilityKind",
    "Parameter",
    "ParameterError",
    "ParameterNotInForce",
    "ParameterSet",
    "ParameterValue",
    "Reference",
    "Renewal",
    "RenewalStatus",
    "authorisation_expiry",
    "category_label",
    "facility_category",
    "load_parameters",
    "organising_authority_duties",
    "renewal_status",
]
