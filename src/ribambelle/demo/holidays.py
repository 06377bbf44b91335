"""French public holidays (code du travail, art. L3133-1), for the demo facilities' calendars."""

from __future__ import annotations

from datetime import date, timedelta

# Alsace-Moselle keeps Good Friday and Saint Stephen's day (code du travail, art. L3134-13).
_ALSACE_MOSELLE = ("57", "67", "68")


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday_shift) // 433
    month = (h + weekday_shift - 7 * m + 90) // 25
    day = (h + weekday_shift - 7 * m + 33 * month + 19) % 32
    return date(year, month, day)


def public_holidays(year: int, *, department: str) -> list[tuple[date, str]]:
    """The public holidays of ``year`` in ``department``, in date order, with their French names."""
    easter = easter_sunday(year)
    days = [
        (date(year, 1, 1), "Jour de l'an"),
        (easter + timedelta(days=1), "Lundi de Pâques"),
        (date(year, 5, 1), "Fête du Travail"),
        (date(year, 5, 8), "Victoire 1945"),
        (easter + timedelta(days=39), "Ascension"),
        (easter + timedelta(days=50), "Lundi de Pentecôte"),
        (date(year, 7, 14), "Fête nationale"),
        (date(year, 8, 15), "Assomption"),
        (date(year, 11, 1), "Toussaint"),
        (date(year, 11, 11), "Armistice 1918"),
        (date(year, 12, 25), "Noël"),
    ]
    if department in _ALSACE_MOSELLE:
        days += [(easter - timedelta(days=2), "Vendredi saint"), (date(year, 12, 26), "Saint-Étienne")]
    return sorted(days)
