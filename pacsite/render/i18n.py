"""Words and number formats in the plan's language, through Babel: words from the gettext
catalogs of `pacsite/locale/`, numbers, money and dates from the CLDR."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

from .. import catalog
from ..model import Period
from ..model.units import currency_code, in_points, is_count

__all__ = ["Formatter", "Language"]

Language = str
_LOCALES = {"fr": "fr_FR", "en": "en_US"}


@dataclass(frozen=True)
class Formatter:
    """Formats numbers, money, percentages, dates and periods, and translates labels."""

    language: Language = "en"
    currency: str = "EUR"

    @cached_property
    def locale(self) -> Locale:
        return Locale.parse(_LOCALES.get(self.language, "en_US"))

    @property
    def colon(self) -> str:
        """`\u202f: ` in French (a narrow no-break space before the colon), `: ` in English."""
        return "\u202f: " if self.language == "fr" else ": "

    def t(self, key: str, **values: object) -> str:
        """The label `key` in this language (its gettext catalog), `{placeholders}` filled."""
        text = catalog.gettext(self.language, key)
        return text.format(**values) if values else text

    def n(self, key: str, count: float, **values: object) -> str:
        """The label `key` in the singular or plural form `count` takes in this language
        (`{count}` is the count, formatted)."""
        text = catalog.ngettext(self.language, key, key, count)
        return text.format(count=self.number(count), **values)

    def channel(self, name: str) -> str:
        """A channel in this language when it is one of the usual ones (`events` → Événementiel)."""
        key = f"channel.{name.strip().lower()}"
        label = self.t(key)
        return name if label == key else label

    def number(self, value: float | None, digits: int = 0) -> str:
        """`6 000 000` / `6,000,000`; up to `digits` decimals, none when the value is whole."""
        if value is None:
            return "—"
        if float(value).is_integer():
            digits = 0
        pattern = "#,##0" + ("." + "#" * digits if digits else "")
        return format_decimal(round(value, digits), format=pattern, locale=self.locale)

    def money(self, value: float | None, currency: str | None = None) -> str:
        """`6 000 000 €` / `$6,000,000`; cents only when the amount has some."""
        if value is None:
            return "—"
        pattern = self.locale.currency_formats["standard"].pattern
        if float(round(value, 2)).is_integer():
            pattern = pattern.replace(".00", "")
        return format_currency(
            value,
            currency or self.currency,
            format=pattern,
            locale=self.locale,
            currency_digits=False,
        )

    def currency_symbol(self, currency: str | None = None) -> str:
        """`€`, `$` / `$US`: the symbol of a currency in this language."""
        return get_currency_symbol(currency or self.currency, locale=self.locale)

    def percent(self, ratio: float | None) -> str:
        """`94 %` / `94%` for 0.94."""
        if ratio is None:
            return "—"
        return format_percent(ratio, locale=self.locale)

    def signed_percent(self, ratio: float | None) -> str:
        """`+12 %` / `−18 %` (a true minus sign)."""
        if ratio is None:
            return "—"
        text = self.percent(abs(ratio))
        return ("+" if ratio >= 0 else "\u2212") + text

    def month_short(self, day: dt.date) -> str:
        """`janv.` / `Jan`: a month's short name, for an axis."""
        return format_date(day, "MMM", locale=self.locale)

    def date(self, day: dt.date | None, length: str = "long") -> str:
        """`31 mars 2025` / `March 31, 2025`."""
        if day is None:
            return "—"
        return format_date(day, length, locale=self.locale)

    def short_date(self, day: dt.date | None) -> str:
        """`31/03/2025` / `03/31/2025` (for tables)."""
        return format_date(day, "short", locale=self.locale) if day else "—"

    def period(self, period: Period | None) -> str:
        """A period in words: `mars 2025`, `T1 2025`, `semaine 18 (2025)`, `1 janv. – 31 mars 2025`."""
        if period is None:
            return "—"
        first = period.first
        if period.granularity == "day":
            return self.date(first)
        if period.granularity == "week":
            iso = first.isocalendar()
            return self.t("week_label", week=iso.week, year=iso.year)
        if period.granularity == "month":
            return format_date(first, "LLLL y", locale=self.locale)
        if period.granularity == "quarter":
            return self.t("quarter_label", quarter=(first.month - 1) // 3 + 1, year=first.year)
        if period.granularity == "year":
            return str(first.year)
        return f"{self.date(first, 'medium')} – {self.date(period.last, 'medium')}"

    def value(self, value: float | None, unit: str, digits: int = 1) -> str:
        """A KPI value with its unit: money for a currency code, `87 %`, `12 jours`, `240`."""
        if value is None:
            return "—"
        code = currency_code(unit)
        if code is not None:
            return self.money(value, code)
        if unit == "%":
            return self.number(value, digits) + ("\u202f%" if self.language == "fr" else "%")
        if is_count(unit):
            return self.number(round(value))  # a count is whole: "3 967 expected", not 3 967,1
        if unit == "days":
            return f"{self.number(value, digits)} {self.t('days')}"
        if unit == "ratio":
            return self.number(value, 2)
        return f"{self.number(value, digits)} {unit}"

    def percent_beyond(self, ratio: float, limit: float) -> str:
        """A percentage written with as many decimals as it takes to show it beyond `limit`
        (a 10.4 % fall over a 10 % threshold reads "10,4 %", never "10 %")."""
        for digits in range(3):
            if round(ratio * 100, digits) > round(limit * 100, digits) or digits == 2:
                pattern = "#,##0" + ("." + "0" * digits if digits else "") + "\u00a0%"
                text = format_percent(ratio, format=pattern, locale=self.locale)
                return text if self.language == "fr" else text.replace("\u00a0", "")
        raise AssertionError("unreachable")

    def points(self, value: float) -> str:
        """`7 pts` / `2.5 pts` / `1 pt`."""
        return f"{self.number(value, 1)}\u00a0{self._points_word(value)}"

    def _points_word(self, value: float) -> str:
        """`pt` or `pts`, as the number reads (1 pt, 0,5 pt in French; 2 pts)."""
        shown = round(abs(value), 1)
        return catalog.ngettext(self.language, "unit.points", "unit.points", shown)

    def computed(self, value: float | None, unit: str) -> str:
        """A computed figure with its unit, rounded as it is read (see `whole`); `—` if None."""
        return "—" if value is None else self.value(self.whole(value, unit), unit)

    def whole(self, value: float, unit: str) -> float:
        """A computed figure (expected by now, a gap) as it is read: money from 100 up in whole
        units (1 902 717 $, not 1 902 717,39 $), cents below (78,66 €); other units as they are."""
        if currency_code(unit) is None:
            return value
        return float(round(value)) if abs(value) >= 100 else round(value, 2)

    def gap(self, value: float, unit: str) -> str:
        """A signed difference in a KPI's unit: `−161 900 €`, `+139`; points for rates."""
        if in_points(unit):
            return self.signed_points(value)
        return ("+" if value >= 0 else "\u2212") + self.value(abs(self.whole(value, unit)), unit)

    def beside(self, value: float | None, change: float | None, unit: str) -> str:
        """A figure to compare with and the move from it: `97 (+6,2 %)`, `31 % (−7 pts)`; `—`."""
        if value is None:
            return "—"
        text = self.value(self.whole(value, unit), unit)
        if change is None:
            return text
        return f"{text} ({self.move(change, unit)})"

    def move(self, change: float | None, unit: str) -> str:
        """A move as a KPI reads it (`analysis.verdicts.move`): in points for rates and scores
        (`−7 pts`), else in per cent (`+6,2 %`)."""
        return self.signed_points(change) if in_points(unit) else self.signed_percent(change)

    def signed_points(self, value: float | None) -> str:
        """A change of a rate or a score: `+6 pts` / `−2.5 pts` (a true minus sign)."""
        if value is None:
            return "—"
        sign = "+" if value >= 0 else "\u2212"
        return f"{sign}{self.number(abs(value), 1)}\u00a0{self._points_word(value)}"

    def multiple(self, value: float | None) -> str:
        """A ratio of return: `3,4×` / `3.4×`."""
        if value is None:
            return "—"
        return self.number(value, 1) + "\u00d7"

    def multiple_below(self, value: float | None, limit: float | None) -> str:
        """A ratio under `limit` written with the decimals it takes never to read as the limit:
        1,46× under 1,5× is "1,46×", not "1,5×"."""
        if value is None or limit is None:
            return self.multiple(value)
        for digits in (1, 2, 3):
            if round(value, digits) < round(limit, digits):
                break
        return self.number(value, digits) + "\u00d7"
