"""Every URL of the URLconf, for every role: the expected answer (200, 302, 403, 404 or 405).

The walk is over the live URLconf: a new URL without an expectation below makes the test fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from ribambelle.core.jobs import job_start
from ribambelle.territory.enums import ClosureKind
from ribambelle.territory.models import Closure
from tests.cast import Cast

ANON, COORD, DIRECTOR, ELECTED, HR, ADMIN = "anonymous", "coordinator", "director", "elected", "hr", "administrator"
ROLES = [ANON, COORD, DIRECTOR, ELECTED, HR, ADMIN]


@dataclass(frozen=True)
class Case:
    """One request: which URL with which arguments, and the answer expected for each role."""

    label: str
    kwargs: Callable[[Cast], dict[str, Any]]
    expect: dict[str, int]
    method: str = "get"


def _all(status: int, **overrides: int) -> dict[str, int]:
    return {ANON: 302, COORD: status, DIRECTOR: status, ELECTED: status, HR: status, ADMIN: status} | overrides


STEERING_ONLY = _all(403, **{COORD: 200, ADMIN: 200})


def _none(cast: Cast) -> dict[str, Any]:
    return {}


def _own(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.lucioles.pk}


def _other(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.coccinelles.pk}


def _registry_write() -> list[Case]:
    """A write page of one facility: the coordinator and the administrator only; out of scope is 404."""
    return [
        Case("own facility", _own, STEERING_ONLY),
        Case("another facility", _other, STEERING_ONLY | {DIRECTOR: 404}),
    ]


def _section(cast: Cast) -> dict[str, Any]:
    return {"pk": cast.lucioles.pk, "section_pk": cast.lucioles.sections.first().pk}


def _closure(cast: Cast) -> dict[str, Any]:
    closure = Closure.objects.create(
        facility=cast.lucioles, kind=ClosureKind.EXCEPTIONAL, start_on=date(2027, 5, 14), end_on=date(2027, 5, 14)
    )
    return {"pk": cast.lucioles.pk, "closure_pk": closure.pk}


def _job(cast: Cast) -> dict[str, Any]:
    job = job_start(
        kind="territory.registry_check",
        label="Contrôle du registre",
        params={"organisation_id": cast.organisation.pk},
        actor=cast.coordinatrice,
    )
    return {"pk": job.pk}


EXPECTATIONS: dict[str, list[Case]] = {
    "accounts:login": [Case("form", _none, dict.fromkeys(ROLES, 302) | {ANON: 200})],
    "accounts:logout": [Case("post", _none, dict.fromkeys(ROLES, 302), method="post")],
    "territory:cockpit": [Case("page", _none, _all(200))],
    "territory:facility_create": [Case("form", _none, STEERING_ONLY)],
    "territory:facility_detail": [
        Case("own facility", _own, _all(200)),
        Case("another facility", _other, _all(200, **{DIRECTOR: 404})),
    ],
    "territory:facility_edit": _registry_write(),
    "territory:facility_history": [
        Case("own facility", _own, STEERING_ONLY | {DIRECTOR: 200}),
        Case("another facility", _other, STEERING_ONLY | {DIRECTOR: 404}),
    ],
    "territory:authorisation_create": _registry_write(),
    "territory:section_create": _registry_write(),
    "territory:section_edit": [Case("own section", _section, STEERING_ONLY)],
    "territory:closure_create": _registry_write(),
    "territory:closure_delete": [
        Case("get", _closure, dict.fromkeys(ROLES, 405) | {ANON: 302}),
        Case("post", _closure, STEERING_ONLY | {COORD: 302, ADMIN: 302}, method="post"),
    ],
    "territory:registry_check": [Case("page", _none, STEERING_ONLY)],
    "territory:parameter_list": [Case("page", _none, _all(200))],
    "territory:parameter_entry_create": [Case("form", _none, _all(403, **{ADMIN: 200}))],
    "territory:rule_choice_list": [Case("page", _none, _all(200))],
    "territory:fee_simulator": [Case("form", _none, _all(200))],
    "core:job_detail": [Case("the coordinator's job", _job, _all(404, **{COORD: 200}))],
}


def _walk(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace or namespace
            yield from _walk(entry.url_patterns, inner or "")
        elif entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


def _url_names() -> list[str]:
    return sorted({name for name, _ in _walk(get_resolver().url_patterns)})


def _app_cases() -> Iterator[Any]:
    for name in _url_names():
        if name.startswith("admin:"):
            continue
        for case in EXPECTATIONS.get(name, [Case("no expectation", _none, {})]):
            for role in ROLES:
                yield pytest.param(name, case, role, id=f"{name}-{case.label}-{role}")


def test_every_application_url_has_an_expectation():
    names = {name for name in _url_names() if not name.startswith("admin:")}

    assert names - EXPECTATIONS.keys() == set(), "add the new URLs to EXPECTATIONS"
    assert EXPECTATIONS.keys() - names == set(), "remove the expectations of URLs that are gone"


_LOGINS = {COORD: "coordinatrice", DIRECTOR: "directrice", ELECTED: "elu", HR: "rh", ADMIN: "admin"}


def _login(client: Any, cast: Cast, role: str) -> None:
    if role != ANON:
        client.force_login(getattr(cast, _LOGINS[role]))


@pytest.mark.smoke
@pytest.mark.parametrize(("name", "case", "role"), list(_app_cases()))
def test_each_role_gets_the_expected_answer(cast, client, name, case, role):
    url = reverse(name, kwargs=case.kwargs(cast))
    _login(client, cast, role)

    response = getattr(client, case.method)(url)

    assert response.status_code == case.expect[role]


_ADMIN_DUMMIES = {"object_id": "1", "app_label": "accounts", "content_type_id": "1", "url": "x", "id": "1"}
# For users who are not administrators, the admin answers with a redirect to its login page,
# except the login page itself.
_ADMIN_NON_STAFF = {"admin:login": 200}


def _admin_urls() -> Iterator[Any]:
    for name, pattern in _walk(get_resolver().url_patterns):
        if not name.startswith("admin:"):
            continue
        regex = pattern.pattern.regex
        if regex.groupindex:
            url = reverse(name, kwargs={key: _ADMIN_DUMMIES[key] for key in regex.groupindex})
        else:
            url = reverse(name, args=["1"] * regex.groups)
        yield pytest.param(name, url, id=name)


@pytest.mark.ignore_template_errors  # django-simple-history's admin templates use undefined variables
@pytest.mark.parametrize(("name", "url"), list(_admin_urls()))
def test_only_administrators_reach_the_django_admin(cast, client, name, url):
    for user in (cast.coordinatrice, cast.directrice, cast.elu, cast.rh):
        client.force_login(user)
        assert client.get(url).status_code == _ADMIN_NON_STAFF.get(name, 302), user.username

    client.force_login(cast.admin)
    status = client.get(url).status_code

    if name == "admin:index" or name.endswith("_changelist"):
        assert status == 200
    else:
        assert status in (200, 302, 403, 404, 405)
