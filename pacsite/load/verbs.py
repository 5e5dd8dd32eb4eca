"""Does an action title start with a verb? From real lexicons, not a hand list.

French: the first word is an infinitive of `data/verbs-fr.txt` (about 7 000 verbs) or of
`data/verbs-fr-extra.txt` (business verbs borrowed from English: booster, upseller). English: the
first word is a verb in its base form (the imperative) according to lemminflect's lexicon, or
is listed in `data/verbs-en-extra.txt`. "Présence au salon" and "Newsletter mensuelle" are
intentions; "Rendre visite à 5 clients dormants" and "Hold a dealer day" are actions.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from ..text import fold

__all__ = ["is_english_imperative", "is_french_infinitive", "read_lexicons", "starts_with_verb"]

_WORD = re.compile(r"[\w'’-]+")


@cache
def _lexicon(name: str) -> frozenset[str]:
    text = resources.files("pacsite").joinpath("data", name).read_text(encoding="utf-8")
    return frozenset(
        fold(line.strip()) for line in text.splitlines() if line.strip() and line[0] != "#"
    )


def read_lexicons() -> None:
    """Read the French lexicons now: before workers are forked, so that they are read once."""
    _lexicon("verbs-fr.txt")
    _lexicon("verbs-fr-extra.txt")


def is_french_infinitive(word: str) -> bool:
    folded = fold(word)
    return folded in _lexicon("verbs-fr.txt") or folded in _lexicon("verbs-fr-extra.txt")


def is_english_imperative(word: str) -> bool:
    lower = word.lower()
    if lower in _lexicon("verbs-en-extra.txt"):
        return True
    from lemminflect import getAllLemmas  # on first use: it loads numpy (70 ms)

    return lower in getAllLemmas(lower, upos="VERB").get("VERB", ())


def _first_verb_slot(words: list[str]) -> str:
    """The word that must be a verb: past `se`/`s'` (reflexive) and `ne pas` (negative)."""
    first = words[0]
    for prefix in ("s'", "s’"):
        if first.lower().startswith(prefix) and len(first) > 2:
            return first[2:]
    if first.lower() in {"se", "ne"} and len(words) > 1:
        if first.lower() == "ne" and words[1].lower() == "pas" and len(words) > 2:
            return words[2]
        return words[1]
    return first.strip("'’-")


def starts_with_verb(title: str, language: str | None) -> bool:
    """True when the title's first word is a French infinitive (French plans), an English
    imperative (English plans), or either (plans that do not say their language).

    English verbs borrowed by French teams are written as French infinitives (booster,
    upseller): `verbs-fr-extra.txt` lists them. English's lexicon is not asked for French plans,
    where it would take nouns for verbs ("Programme de fidélité", "Premier contact").
    """
    words = _WORD.findall(title)
    if not words:
        return False
    word = _first_verb_slot(words)
    candidates = [word]
    if "-" in word.strip("-"):  # "Follow-up", "Co-animer": the whole word, else its first part
        candidates.append(word.split("-")[0])
    if language == "en":
        return any(is_english_imperative(w) for w in candidates)
    if language == "fr":
        return any(is_french_infinitive(w) for w in candidates)
    return any(is_french_infinitive(w) or is_english_imperative(w) for w in candidates)
