"""Browser journeys: Playwright drives Debian's Chromium, axe-core checks every page visited."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.cast import PASSWORD

E2E_DIR = Path(__file__).resolve().parent
AXE_SCRIPT = E2E_DIR.parents[1] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BLOCKING_IMPACTS = ("serious", "critical")
# A local server answers in milliseconds: fail fast rather than after Playwright's 30 s default.
TIMEOUT_MS = 5_000
expect.set_options(timeout=TIMEOUT_MS)

AxeCheck = Callable[[Page], None]
Login = Callable[[Page, str], None]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.is_relative_to(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Playwright cannot download its own browser here: drive the system Chromium."""
    return {
        "headless": True,
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "fr-FR", "timezone_id": "Europe/Paris"}


@pytest.fixture(autouse=True)
def _fast_failures(page: Page) -> None:
    page.set_default_timeout(TIMEOUT_MS)


def _describe(violation: dict[str, Any]) -> str:
    targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"])
    return f"[{violation['impact']}] {violation['id']}: {violation['help']} — {targets}"


def _axe_check(page: Page) -> None:
    page.add_script_tag(path=str(AXE_SCRIPT))
    violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe-core on {page.url}:\n" + "\n".join(_describe(v) for v in blocking)


@pytest.fixture
def axe_check() -> AxeCheck:
    """Fail on any serious or critical accessibility violation of the page as it stands."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"{AXE_SCRIPT} is missing: run `make browser`.")
    return _axe_check


@pytest.fixture
def login(live_server: Any, axe_check: AxeCheck) -> Login:
    """Log in through the French login form (checked by axe) and land on the cockpit."""

    def _login(page: Page, username: str) -> None:
        page.goto(f"{live_server.url}/compte/connexion/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à Ribambelle")
        axe_check(page)
        page.get_by_label("Identifiant").fill(username)
        page.get_by_label("Mot de passe").fill(PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Tableau de bord")

    return _login
