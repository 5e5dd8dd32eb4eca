"""Translations from gettext catalogs: `pacsite/locale/LANG/LC_MESSAGES/pacsite.po`.

Two kinds of message share the catalogs:
- interface words of pages and of `pacsite status`, by key (`status.on_track`, `ui.dashboard`);
  the English catalog holds their English text;
- messages of errors and lint findings, by their English text (`Message`), as gettext does.

Catalogs are compiled from the `.po` files when first used (Babel), so a `.po` edited or added
is what the next build shows: adding a language is adding its `.po` file. Plural forms follow
the language's own rules (French: 0 and 1 are singular).

This module imports nothing else of pacsite: every layer may use it.
"""

from __future__ import annotations

import io
from functools import cache
from importlib import resources
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations

__all__ = ["LANGUAGES", "N_", "Message", "gettext", "languages", "msg", "ngettext"]

DOMAIN = "pacsite"


def _locale_dir() -> Any:
    return resources.files("pacsite").joinpath("locale")


@cache
def languages() -> tuple[str, ...]:
    """The languages that have a catalog."""
    folder = _locale_dir()
    return tuple(
        sorted(
            entry.name
            for entry in folder.iterdir()
            if entry.is_dir() and entry.joinpath("LC_MESSAGES", f"{DOMAIN}.po").is_file()
        )
    )


LANGUAGES = ("en", "fr")


@cache
def translations(language: str) -> Translations:
    """The compiled catalog of a language (English when there is none)."""
    if language not in languages():
        language = "en"
    po = _locale_dir().joinpath(language, "LC_MESSAGES", f"{DOMAIN}.po")
    with po.open("rb") as stream:
        catalog = read_po(stream, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def ngettext(language: str, singular: str, plural: str, count: float) -> str:
    # gettext's plural rules take whole numbers; a decimal follows the CLDR's: 1,5 point is
    # singular in French, 1.5 points plural in English
    if float(count).is_integer():
        n = int(count)
    else:
        n = 1 if _plural_form(language, abs(float(count))) == "one" else 2
    return translations(language).ngettext(singular, plural, n)


@cache
def _plural_form(language: str, count: float) -> str:
    from babel import Locale

    try:
        return str(Locale.parse(language).plural_form(count))
    except (ValueError, TypeError):
        return "other"


class Message(str):
    """A message of an error or a finding: its English text, and its template and values for
    other languages (`msg("'{id}' is used twice", id=x)`). It is a `str` of the English text,
    so that it goes wherever text goes."""

    template: str
    values: dict[str, Any]

    def __new__(cls, template: str, **values: Any) -> Message:
        values = {k: _quoted(v) for k, v in values.items()}
        self = super().__new__(cls, template.format(**values))
        self.template = template
        self.values = values
        return self

    def in_language(self, language: str) -> str:
        """The message in `language`; values that are themselves messages are translated too."""
        values = {
            k: v.in_language(language) if isinstance(v, (Message, Figure)) else v
            for k, v in self.values.items()
        }
        text = gettext(language, self.template)
        try:
            return text.format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the English text
            return str(self)


QUOTED_MAX = 500
"""The most characters of a value a message quotes: a cell of 32 767 characters is named by its
start, so that an error stays one readable line in a terminal or a CI log."""


def _quoted(value: Any) -> Any:
    if type(value) is str and len(value) > QUOTED_MAX:
        return value[: QUOTED_MAX - 1] + "…"
    return value


class Figure(float):
    """A number in a message, written as the message's readers write it: 7,000 in English,
    7 000 in French (up to two decimals)."""

    def __format__(self, spec: str) -> str:
        return self.in_language("en") if not spec else super().__format__(spec)

    def __str__(self) -> str:
        return self.in_language("en")

    def in_language(self, language: str) -> str:
        return format_decimal(round(self, 2), format="#,##0.##", locale=language)


def N_(template: str) -> str:
    """Mark a message template chosen later (a table of templates): extracted, not translated."""
    return template


def msg(template: str, **values: Any) -> Message:
    """Mark a message for translation (extracted by `pybabel extract -k msg`)."""
    return Message(template, **values)
