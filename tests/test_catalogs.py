"""Translations are gettext catalogs (`pacsite/locale/LANG/LC_MESSAGES/pacsite.po`), compiled by
Babel when the site is built: complete, with real plural forms, used for errors too."""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pacsite import catalog
from pacsite.pipeline import check
from pacsite.render import Formatter
from tests.conftest import MINIMAL_PLAN, ROOT, WriteFiles

LOCALE = ROOT / "pacsite" / "locale"
# Keys built at run time from a family and a value (`"status." + status`).
DYNAMIC = (
    "status.", "action.", "axis.", "plan.", "kind.", "type.", "otype.", "family.", "channel.",
    "as_of.", "alert.", "history.", "raci.", "persona.", "text.", "count.", "counter.",
    "roi.basis.", "roi.unmeasured.", "unit.", "alert.kpi_drop_", "review.kind.", "review.actions_", "decision.", "stale.",
    "portal.how.", "portal.organization", "portal.tag", "choice.",
)  # fmt: skip


def _catalog(language: str) -> dict[str, str | tuple[str, ...]]:
    with (LOCALE / language / "LC_MESSAGES" / "pacsite.po").open("rb") as stream:
        po = read_po(stream, locale=language)
    return {(m.id[0] if isinstance(m.id, tuple) else m.id): m.string for m in po if m.id}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def _messages() -> list[str]:
    """Messages of errors and findings: what `pybabel extract -k msg -k N_` finds."""
    found = extract_from_dir(
        str(ROOT / "pacsite"),
        method_map=[("**.py", "python")],
        keywords={"msg": None, "N_": None},
        comment_tags=(),
    )
    return sorted({str(message) for _, _, message, _, _ in found})


def _keys_used(function: str = "tn") -> set[str]:
    """Interface keys written literally in the code and templates: `t("ui.x")`, `n("count.x"`."""
    keys: set[str] = set()
    files = [*(ROOT / "pacsite").rglob("*.py"), *(ROOT / "pacsite" / "templates").rglob("*.*")]
    call = re.compile(rf"\b[{function}]\(\s*[\"']([a-z_]+(?:\.[a-z0-9_]+)*)[\"']")
    for path in files:
        keys |= set(call.findall(path.read_text(encoding="utf-8")))
    return keys


def test_both_catalogs_compile_and_are_complete() -> None:
    assert catalog.languages() == ("en", "fr")
    english, french = _catalog("en"), _catalog("fr")
    keys = {k for k in english if (not k[0].isupper() and "." in k) or k in {"days", "week_label"}}
    assert keys and keys <= set(french)
    for key, text in french.items():
        texts = text if isinstance(text, tuple) else (text,)
        assert all(texts), f"fr: '{key}' has no translation"
        source = english.get(key, key)
        sources = source if isinstance(source, tuple) else (source,)
        assert {f for t in texts for f in _fields(t)} == {f for s in sources for f in _fields(s)}, (
            key
        )
        assert isinstance(text, tuple) == isinstance(source, tuple), f"plural forms of {key}"
    for language in ("en", "fr"):
        catalog.translations.cache_clear()
        assert catalog.translations(language).gettext("ui.dashboard") != "ui.dashboard"


def test_every_message_of_an_error_has_a_french_translation() -> None:
    french = _catalog("fr")
    messages = _messages()
    assert len(messages) > 100
    missing = [m for m in messages if not french.get(m)]
    assert missing == []


def test_every_key_used_is_in_the_catalogs_and_every_key_is_used() -> None:
    english = _catalog("en")
    used = _keys_used()
    assert used - set(english) == set()
    messages = set(_messages())
    keys = {k for k in english if k not in messages}
    unused = {k for k in keys - used if not k.startswith(DYNAMIC)}
    assert unused == set()


def test_plural_keys_are_asked_with_a_count() -> None:
    for language in ("en", "fr"):
        words = _catalog(language)
        assert {k for k in _keys_used("t") if isinstance(words.get(k), tuple)} == set()
        assert {k for k in _keys_used("n") if not isinstance(words.get(k), tuple)} == set()


@pytest.mark.parametrize(
    ("language", "count", "text"),
    [
        ("fr", 0, "0 prévue"),
        ("fr", 1, "1 prévue"),
        ("fr", 2, "2 prévues"),
        ("fr", 12, "12 prévues"),
        ("en", 1, "1 planned"),
        ("fr", 1, "1 réalisée"),
        ("fr", 4, "4 réalisées"),
    ],
)
def test_real_plural_forms(language: str, count: int, text: str) -> None:
    key = "count.done" if "réalisée" in text else "count.planned"
    assert Formatter(language).n(key, count) == text


def test_days_late_in_both_languages() -> None:
    fr, en = Formatter("fr"), Formatter("en")
    assert fr.n("alert.overdue", 1, what="X", period="p", days="1").endswith("il y a 1 jour")
    assert fr.n("alert.overdue", 3, what="X", period="p", days="3").endswith("il y a 3 jours")
    assert en.n("alert.overdue", 1, what="X", period="p", days="1").endswith("1 day ago")
    assert en.n("alert.overdue", 3, what="X", period="p", days="3").endswith("3 days ago")


def test_a_french_plan_gets_french_messages_with_the_same_codes_and_places(
    write_files: WriteFiles, tmp_path: Path
) -> None:
    broken = MINIMAL_PLAN.replace("kpi: ventes", "kpi: vente").replace("unit: EUR", "unti: EUR")
    broken += "results:\n  - file: r.csv\n"
    rows = "date,kpi,value\n2025-13,ventes,abc\n"
    root = write_files({"fr/plans/a.yaml": broken, "fr/plans/r.csv": rows})
    english = broken.replace("language: fr", "language: en")
    write_files({"en/plans/a.yaml": english, "en/plans/r.csv": rows})
    fr = check(root / "fr" / "plans").errors
    en = check(root / "en" / "plans").errors
    assert [(d.code, d.position, d.path) for d in fr] == [(d.code, d.position, d.path) for d in en]
    assert len(fr) >= 2
    for french, english_one in zip(fr, en, strict=True):
        assert french.message != english_one.message
    texts = " | ".join(d.message for d in fr)
    assert "indicateur inconnu « vente »" in texts and "clé inconnue « unti »" in texts
    assert "unknown KPI 'vente'" in " | ".join(d.message for d in en)
