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


def school_holidays(school_year: int) -> list[tuple[date, date, str]]:
    """The school holidays of the school year starting in September ``school_year``: first and last day off,
    and the name. One approximate calendar for the whole country: each holiday starts on the Saturday of a
    fixed week (the real winter and spring dates rotate between zones A, B and C; these fall on the middle
    zone's weeks in most years), and the summer runs to the end of August."""

    def saturday_from(month: int, day: int, year: int) -> date:
        first = date(year, month, day)
        return first + timedelta(days=(5 - first.weekday()) % 7)

    two_weeks = timedelta(days=15)
    next_year = school_year + 1
    starts = (
        (saturday_from(10, 17, school_year), "Vacances de la Toussaint"),
        (saturday_from(12, 18, school_year), "Vacances de Noël"),
        (saturday_from(2, 14, next_year), "Vacances d'hiver"),
        (saturday_from(4, 11, next_year), "Vacances de printemps"),
    )
    periods = [(start, start + two_weeks, name) for start, name in starts]
    periods.append((saturday_from(7, 4, next_year), date(next_year, 8, 31), "Vacances d'été"))
    return periods
