"""``ribambelle expire_offers --as USER [--on DATE]``: close the offers of places left without an answer by
their date and offer each place to the next in line (run it daily, from cron or Celery beat)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from ribambelle.allocation import committee
from ribambelle.core.management.base import RibambelleCommand, iso_date


class Command(RibambelleCommand):
    help = (
        "Clôt les propositions de place restées sans réponse à leur date et propose chaque place à la "
        "famille suivante de la commission ; imprime les nouvelles propositions en JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as", dest="username", required=True, help="coordinatrice (l'historique la nomme)")
        parser.add_argument("--on", type=iso_date, help="date du jour AAAA-MM-JJ (défaut : aujourd'hui)")

    def run(self, *, username: str, on: date | None, **options: Any) -> None:
        actor = self.acting_user(username)
        if not actor.has_perm("allocation.run_committee"):
            raise CommandError(f"{username} ne conduit pas les commissions d'attribution.", returncode=2)
        offers = committee.offers_expire(on=on or timezone.localdate(), actor=actor)
        self.write_json(
            {
                "new_offers": [
                    {
                        "application": offer.decision.application_id,
                        "facility": offer.choice.facility.name,
                        "reply_by": offer.reply_by,
                    }
                    for offer in offers
                ]
            }
        )
