"""User text made safe for where it goes: the one place that knows what breaks a line or
controls a terminal. Pages use `one_line` (through the templates' `finalize`) and the `md`
filter; feeds use `one_line` and `plain_lines` (Atom, `xml_line`); terminals and CI logs use `terminal_line`
(diagnostics, `pacsite status`). It imports nothing: every layer may use it."""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "one_line", "plain_lines", "terminal_line", "xml_line"]

# Everything that ends a line for Python, YAML or Markdown (\r, \v, \f, \x1c-\x1e, \x85,
# U+2028, U+2029), the other control characters (escape sequences start with \x1b or \x9b),
# and the invisible characters that reorder or hide text.
_BREAKS_AND_CONTROLS = re.compile(
    r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]"
)
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def one_line(value: object) -> str:
    """User text on one line: every line break and control character becomes a space."""
    return _BREAKS_AND_CONTROLS.sub(" ", "" if value is None else str(value))


def plain_lines(value: object) -> str:
    """Multi-line user text with only `\\n` line breaks and no other control character."""
    text = _LINE_BREAKS.sub("\n", "" if value is None else str(value))
    return "\n".join(one_line(line) for line in text.split("\n"))


# What XML 1.0 refuses even escaped, beyond the control characters: surrogates, U+FFFE, U+FFFF.
_NOT_XML = re.compile(r"[\ud800-\udfff\ufffe\uffff]")


def xml_line(value: object) -> str:
    """User text for an XML document (an Atom feed): one line, and no character XML refuses."""
    return _NOT_XML.sub(" ", one_line(value))


# What a CI runner reads as a command at the start of a line (after spaces): GitHub's
# `::error file=…::`, its older `##[error]`, Azure's `##vso[…]`.
_RUNNER_COMMAND = re.compile(r"^(\s*)(::|##\s*\[|##vso\[)")


def terminal_line(value: object) -> str:
    """Text for a terminal or a CI log: one line, no escape sequence, and no `::` command at the
    start of a line that a CI runner would obey (`::error`, `::set-output`): such a start is
    split (`: :error`), visibly."""
    return _RUNNER_COMMAND.sub(_defuse, one_line(value))


def _defuse(found: re.Match[str]) -> str:
    command = found[2]
    return found[1] + command[0] + " " + command[1:]


def fold(text: str) -> str:
    """Lower case without accents, trimmed: `Réaliser ` → `realiser` — to match what people
    type every which way (verbs, month names, column headers, ids in exports)."""
    lowered = text.strip().lower()
    if lowered.isascii():  # nothing to decompose (most words): as fast as lower()
        return lowered
    decomposed = unicodedata.normalize("NFD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
