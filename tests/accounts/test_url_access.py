"""Every URL of the URLconf, for every role: the expected answer (200, 302, 403, 404 or 405).

The walk is over the live URLconf: a new URL without an expectation in tests/accounts/url_cases/ makes
the test fail.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.accounts import url_cases
from tests.accounts.url_cases import ADMIN, ANON, COORD, DIRECTOR, ELECTED, HR, ROLES, Case, no_args
from tests.cast import Cast


def _expectations() -> dict[str, list[Case]]:
    cases: dict[str, list[Case]] = {}
    for module in pkgutil.iter_modules(url_cases.__path__):
        cases |= importlib.import_module(f"{url_cases.__name__}.{module.name}").CASES
    return cases


EXPECTATIONS = _expectations()
_LOGINS = {COORD: "coordinatrice", DIRECTOR: "directrice", ELECTED: "elu", HR: "rh", ADMIN: "admin"}


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
        for case in EXPECTATIONS.get(name, [Case("no expectation", no_args, {})]):
            for role in ROLES:
                yield pytest.param(name, case, role, id=f"{name}-{case.label}-{role}")


def test_every_application_url_has_an_expectation():
    names = {name for name in _url_names() if not name.startswith("admin:")}

    assert names - EXPECTATIONS.keys() == set(), "add the new URLs to EXPECTATIONS"
    assert EXPECTATIONS.keys() - names == set(), "remove the expectations of URLs that are gone"


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
