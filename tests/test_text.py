"""`fold`: how names typed every which way are matched (verbs, months, headers, ids)."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pacsite.text import fold


def _by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.strip().lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def test_accents_case_and_spaces_folded() -> None:
    assert fold(" Réaliser ") == "realiser"
    assert fold("ÉLABORER") == "elaborer"
    assert fold("Straße") == "straße"  # not an accent: kept
    assert fold("Mise à jour") == "mise a jour"


@given(st.text())
def test_fast_path_gives_the_definition(text: str) -> None:
    # ASCII text skips the decomposition: the result must be the same for any text
    assert fold(text) == _by_definition(text)


def test_xml_line_keeps_text_and_drops_what_xml_refuses() -> None:
    from pacsite.text import xml_line

    assert xml_line("Plan <Ouest> & co") == "Plan <Ouest> & co"  # escaping is the writer's
    assert xml_line("a\x00b\x1b[31mc\ufffed\nе") == "a b [31mc d е"
