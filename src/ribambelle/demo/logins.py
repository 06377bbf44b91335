"""The demo logins, as `ribambelle demo` and `ribambelle seed` print them."""

from __future__ import annotations

from ribambelle.demo.context import DEMO_PASSWORD
from ribambelle.demo.generators.accounts import CAST


def logins_text() -> str:
    width = max(len(member.username) for member in CAST)
    lines = [f"Identifiants de démonstration (mot de passe : {DEMO_PASSWORD}) :"]
    lines += [
        f"  {member.username:<{width}}  {member.role.label} ({member.first_name} {member.last_name})" for member in CAST
    ]
    return "\n".join(lines)
