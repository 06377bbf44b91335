"""Users and their role; a director's facilities are declared on the facility (territory app)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from simple_history.models import HistoricalRecords

from ribambelle.accounts.enums import Role


class User(AbstractUser):
    role = models.CharField("rôle", max_length=20, choices=Role)
    organisation = models.ForeignKey(
        "territory.Organisation",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name="organisation",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def save(self, *args: object, **kwargs: object) -> None:
        # Only administrators reach the Django admin, with every permission there.
        self.is_staff = self.is_superuser = self.role == Role.ADMINISTRATOR
        super().save(*args, **kwargs)  # type: ignore[arg-type]
