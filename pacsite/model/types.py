"""Constrained field types shared by the plan models."""

from __future__ import annotations

import re
from typing import Annotated, Any

from annotated_types import Ge, Le
from pydantic import (
    BeforeValidator,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

from ..catalog import msg
from .numbers import NumberError, parse_number
from .periods import Period, PeriodError, parse_period

__all__ = ["Amount", "Id", "Markdown", "NonNegativeAmount", "PeriodField", "Text", "TextList"]

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"

Id = Annotated[
    str,
    StringConstraints(pattern=_ID_PATTERN, max_length=80),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": _ID_PATTERN,
            "description": "An identifier: letters, digits, '-', '_' or '.', used in page URLs.",
        }
    ),
]
"""An identifier used in references and URLs (`salon-auto`, `vehicules-vendus`)."""

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2_000)]

Email = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True,
        max_length=254,
        pattern=r'^[^@\s<>,;:"()\[\]]+@[^@\s<>,;:"()\[\]]+\.[^@\s<>,;:"()\[\]]+$',
    ),
]
"""An e-mail address (one, on one line: it is published in calendar feeds)."""
"""A short free text (names, titles, list items)."""

Markdown = Annotated[str, StringConstraints(max_length=100_000)]
"""A free text rendered as Markdown."""


def _to_text_list(value: Any) -> Any:
    # A single string where a list is expected is a one-item list: `channels: email`.
    return [value] if isinstance(value, str) else value


TextList = Annotated[
    list[Text],
    BeforeValidator(_to_text_list),
    WithJsonSchema({"anyOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]}),
]
"""A list of short texts; a single text is accepted as a one-item list."""


def _period(value: Any) -> Period:
    try:
        return parse_period(value)
    except PeriodError as exc:
        raise ValueError(exc.args[0]) from None


_PERIOD_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {
            "type": "string",
            "pattern": r"^\d{4}(-\d{1,2}|-?[QqTt][1-4]|-?[WwSs]\d{1,2})?(/.+)?$",
            "description": "2025-03 (month), 2025-Q1 / 2025-T1 (quarter), 2025-W18 (week), "
            "2025 (year), 2025-07/2025-08 (from/to)",
        },
        {
            "type": "string",
            "pattern": r"^\d{1,2}[/.]\d{1,2}[/.]\d{4}$",
            "description": "31/03/2025: a date written day first, as in spreadsheets",
        },
        {
            "type": "object",
            "properties": {"start": {"type": "string"}, "end": {"type": "string"}},
            "required": ["start", "end"],
            "additionalProperties": False,
        },
    ]
}

PeriodField = Annotated[
    Period,
    PlainValidator(_period),
    PlainSerializer(lambda p: p.label, return_type=str),
    WithJsonSchema(_PERIOD_SCHEMA),
]
"""A date or a date shorthand, read as a `Period` (first and last day)."""


# One separator followed by exactly three digits: a thousands separator or a decimal mark?
_AMBIGUOUS = re.compile(r"^\s*[-+]?\d{1,3}[.,]\d{3}\s*(?:[^\d\s.,].*)?$")


def _number(value: Any) -> Any:
    """Numbers of a plan as people write them (`15 000 €`, `12,5`), the ambiguous refused."""
    if isinstance(value, str):
        if _AMBIGUOUS.match(value):
            raise ValueError(
                msg(
                    "'{text}' is ambiguous: write 1500 or 1 500 for fifteen hundred, 1.5 or "
                    "1,5 for one and a half",
                    text=value.strip(),
                )
            )
        try:
            return parse_number(value, ",")
        except NumberError as exc:
            raise ValueError(exc.args[0]) from None
    return value


_amount = _number


def _share(value: Any) -> Any:
    """A share of a whole: `0.7`, `0,7`, `70 %` and `70%` are all 0.7."""
    if isinstance(value, str):
        text = value.strip()
        number = _number(text.removesuffix("%").strip() if text.endswith("%") else text)
        return number / 100 if text.endswith("%") else number
    return value


Share = Annotated[
    float,
    BeforeValidator(_share),
    Ge(0),
    Le(1),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0, "maximum": 1}, {"type": "string"}],
         "description": "0.7, 0,7 or 70 %"}
    ),
]  # fmt: skip
"""A share of a whole, between 0 and 1, written as a number or a percentage."""


_AMOUNT_SCHEMA = {
    "anyOf": [{"type": "number"}, {"type": "string", "description": "e.g. '15 000 €'"}]
}

Amount = Annotated[float, BeforeValidator(_amount), WithJsonSchema(_AMOUNT_SCHEMA)]
"""A number; a text such as `15 000 €` or `12,5 %` is read as people write it."""

NonNegativeAmount = Annotated[
    float, BeforeValidator(_amount), Ge(0), WithJsonSchema(_AMOUNT_SCHEMA | {"minimum": 0})
]
"""An `Amount` that cannot be negative (budgets, spend, targets of counts)."""
