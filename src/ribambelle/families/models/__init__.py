from __future__ import annotations

from ribambelle.families.models.application import Application, ApplicationChoice
from ribambelle.families.models.family import Child, Family, FamilySituation, FamilySituationQuerySet

__all__ = ["Application", "ApplicationChoice", "Child", "Family", "FamilySituation", "FamilySituationQuerySet"]
