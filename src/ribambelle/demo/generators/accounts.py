"""Accounts generator: the named cast of the user guide, and a director for every other facility."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.utils.text import slugify

from ribambelle.accounts.enums import Role
from ribambelle.accounts.models import User
from ribambelle.demo.context import SeedContext
from ribambelle.territory.models import Facility

_FEMALE_SHARE = 0.85


@dataclass(frozen=True)
class CastMember:
    username: str
    first_name: str
    last_name: str
    role: Role


# The logins of the user guide, the README and tests/cast.py.
CAST = (
    CastMember("coordinatrice", "Claire", "Moreau", Role.COORDINATOR),
    CastMember("directrice", "Nadia", "Haddad", Role.DIRECTOR),
    CastMember("elu", "Gérard", "Roux", Role.ELECTED),
    CastMember("rh", "Sophie", "Lefèvre", Role.HR),
    CastMember("admin", "Alex", "Martin", Role.ADMINISTRATOR),
)
# The facility each directing member of the cast runs, by its key in the territory generator.
_CAST_FACILITIES = {"directrice": "lucioles"}


def generate(ctx: SeedContext) -> None:
    users = [_user(ctx, member.username, member.first_name, member.last_name, member.role) for member in CAST]
    directed = {ctx.named[key].pk: username for username, key in _CAST_FACILITIES.items()}
    taken = {member.username for member in CAST}
    facilities = [facility for facility in ctx.created(Facility) if facility.pk not in directed]
    for facility in facilities:
        female = ctx.rng.random() < _FEMALE_SHARE
        first = ctx.faker.first_name_female() if female else ctx.faker.first_name_male()
        last = ctx.faker.last_name()
        username = _free_username(f"{slugify(first)}.{slugify(last)}", taken)
        directed[facility.pk] = username
        users.append(_user(ctx, username, first, last, Role.DIRECTOR))
    by_username = {user.username: user for user in ctx.create(User, users)}
    for member in CAST:
        ctx.named[member.username] = by_username[member.username]
    _directors_set(ctx, {facility_id: by_username[name] for facility_id, name in directed.items()})


def _user(ctx: SeedContext, username: str, first_name: str, last_name: str, role: Role) -> User:
    # bulk_create skips User.save(), which derives the admin flags from the role: set them here.
    is_administrator = role == Role.ADMINISTRATOR
    return User(
        organisation=ctx.named["organisation"],
        username=username,
        first_name=first_name,
        last_name=last_name,
        role=role,
        password=ctx.password_hash,
        is_staff=is_administrator,
        is_superuser=is_administrator,
    )


def _free_username(base: str, taken: set[str]) -> str:
    username, number = base, 2
    while username in taken:
        username, number = f"{base}{number}", number + 1
    taken.add(username)
    return username


def _directors_set(ctx: SeedContext, directors: dict[int, User]) -> None:
    """Link each facility to its director, with the history rows ``facility.directors.set()`` would write."""
    through = Facility.directors.through
    links = ctx.create(
        through, [through(facility_id=pk, user_id=user.pk) for pk, user in directors.items()], history=False
    )
    facility_history = dict(
        Facility.history.filter(organisation_id=ctx.named["organisation"].pk, history_type="+").values_list(
            "id", "history_id"
        )
    )
    m2m_history = apps.get_model("territory", "HistoricalFacility_directors")
    ctx.create(
        m2m_history,
        [
            m2m_history(
                id=link.pk,
                history_id=facility_history[link.facility_id],
                facility_id=link.facility_id,
                user_id=link.user_id,
            )
            for link in links
        ],
        history=False,
    )
