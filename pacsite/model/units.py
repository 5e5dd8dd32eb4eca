"""What a KPI's unit says: money (a currency code or symbol), a rate or score that moves in
points, a count. One place, so that every figure of a unit is judged and shown the same way."""

from __future__ import annotations

from functools import cache

from babel.numbers import list_currencies

__all__ = ["currency_code", "in_points", "is_count"]

# Symbols people type for the currencies of our users; anything else is written as its code.
_SYMBOLS = {
    "€": "EUR",
    "$": "USD",
    "us$": "USD",
    "£": "GBP",
    "¥": "JPY",
    "chf": "CHF",
    "fr.": "CHF",
}


@cache
def _codes() -> frozenset[str]:
    return frozenset(list_currencies())


def currency_code(unit: str) -> str | None:
    """The ISO code of a money unit (`EUR`, `eur`, `€`, `$`), None for any other unit."""
    text = unit.strip()
    if text.upper() in _codes() and text.isalpha() and len(text) == 3:
        return text.upper()
    return _SYMBOLS.get(text.lower())


def in_points(unit: str) -> bool:
    """Rates and scores (`%`, `points`, NPS): their changes are differences, in points."""
    return unit.strip().lower() in {"%", "points", "point", "pts", "pt", "nps"}


def is_count(unit: str) -> bool:
    """Things counted one by one: shown as whole numbers."""
    return unit.strip().lower() in {"count", "", "units", "unités"}
