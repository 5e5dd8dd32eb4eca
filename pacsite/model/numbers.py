"""Numbers as business people type them: `6 000 000 €`, `1.234,50`, `$1,200.00`, `12,5 %`."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Literal

from ..catalog import msg

__all__ = ["NumberError", "parse_number"]

DecimalMark = Literal[",", "."]

# Spaces people and spreadsheets put between thousands: space, no-break, narrow no-break, thin.
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f\u2009\u2007']")
_CURRENCY = re.compile(
    r"^[€$£¥]|[€$£¥]$|^(EUR|USD|GBP|CHF)\s*|\s*(EUR|USD|GBP|CHF)$", re.IGNORECASE
)
_PLAIN = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")
_SIMPLE = re.compile(r"-?\d+(\.\d+)?\Z")
_GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})+$")


class NumberError(ValueError):
    """A text that cannot be read as a number."""


def _split_sign(text: str) -> tuple[str, str]:
    if text and text[0] in "+-\u2212":
        return ("-" if text[0] in "-\u2212" else ""), text[1:].lstrip()
    if text.startswith("(") and text.endswith(")"):  # accounting negative
        return "-", text[1:-1].strip()
    return "", text


def parse_number(text: str, decimal_mark: DecimalMark | None = None) -> float:
    """Read a number written with thousands separators, a decimal comma or point, a currency.

    `decimal_mark` settles the one ambiguous case, a single separator followed by exactly three
    digits: with `","`, `1,234` is 1.234 and `1.234` is 1234; with `"."` (the default when
    None), the reverse.

    Raises:
        NumberError: the text is not a number.
    """
    if (decimal_mark or ".") == "." and _SIMPLE.match(text):
        quick = float(text)  # the common case of machine exports: 1234.5
        if math.isfinite(quick):
            return quick
    original = text
    text = text.strip()
    if not text:
        raise NumberError(msg("empty value"))
    sign, text = _split_sign(text)
    text = _CURRENCY.sub("", text).strip()
    sign2, text = _split_sign(text)
    sign = sign or sign2
    percent = text.endswith("%")
    if percent:
        text = text[:-1].strip()
    text = _GROUP_SPACES.sub("", text)
    normalised = _normalise(text, decimal_mark)
    if normalised is None:
        raise NumberError(msg("cannot read '{text}' as a number", text=original.strip()))
    try:
        value = Decimal(sign + normalised)
    except InvalidOperation:
        raise NumberError(msg("cannot read '{text}' as a number", text=original.strip())) from None
    if not value.is_finite() or not math.isfinite(float(value)):
        raise NumberError(msg("cannot read '{text}' as a number", text=original.strip()))
    return float(value)


def _normalise(text: str, decimal_mark: DecimalMark | None) -> str | None:
    """Return the text with `.` as decimal point and no grouping, or None if not a number."""
    if not text or not any(c.isdigit() for c in text):
        return None
    has_comma, has_dot = "," in text, "." in text
    if has_comma and has_dot:
        decimal = "," if text.rfind(",") > text.rfind(".") else "."
        group = "." if decimal == "," else ","
        integer, _, fraction = text.rpartition(decimal)
        if not _GROUPED.match(integer) and not integer.isdigit():
            return None
        if _GROUPED.match(integer) and _GROUPED.match(integer)[1] != group:  # type: ignore[index]
            return None
        if not fraction.isdigit():
            return None
        return integer.replace(group, "") + "." + fraction
    if (grouped := _GROUPED.match(text)) and (
        text.count(grouped[1]) > 1 or (decimal_mark or ".") != grouped[1]
    ):
        # 1,234,567 / 1.234.567 are groups; a single `1,234` is a group unless it is the decimal mark.
        return text.replace(grouped[1], "")
    if not _PLAIN.match(text):
        return None
    return text.replace(",", ".")
