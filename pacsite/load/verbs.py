"""Does an action title start with a verb? French infinitives and English imperatives.

"Dirigeant de la société X" is an intention, "Rendre visite à 5 clients dormants" an action.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["starts_with_verb"]

# French nouns and adjectives that look like infinitives (-er, -ir, -re, -oir).
_FR_NOT_VERBS = frozenset("""
atelier dossier fichier courrier premier dernier calendrier janvier fevrier quartier chantier
metier papier panier cahier particulier hiver super cher fier mer fer ver hier leger amer laser
poster manager leader sticker flyer banner teaser cluster boulanger boucher epicier conseiller
caissier banquier assureur collier escalier grenier clavier routier foyer loyer dejeuner diner
souper plaisir avenir desir loisir soir espoir miroir trottoir comptoir couloir tiroir terroir
rasoir manoir pouvoir devoir savoir avoir
offre lettre centre membre livre partenaire ordre chiffre cadre notre votre autre entre contre
titre vitre nombre salaire libre propre simple double triple premiere derniere nouveau apres
semestre trimestre registre ministre sinistre theatre spectre filtre poudre chambre septembre
octobre novembre decembre genre timbre arbitre tarif tarifaire commentaire questionnaire
""".split())
_FR_VERBS_ODD = frozenset("""
faire refaire defaire satisfaire plaire taire extraire soustraire distraire boire croire
accroitre croitre connaitre reconnaitre paraitre apparaitre etre avoir pouvoir devoir savoir
vaincre convaincre conclure inclure exclure rire sourire suffire maudire clore elire
""".split())
_FR_SUFFIX_VERBS = ("dre", "ttre", "uire", "crire", "dire", "lire", "voir", "vre", "indre")

_EN_VERBS = frozenset("""
add adjust align analyse analyze announce appoint arrange assess attend audit automate benchmark
book boost brief build call calibrate campaign check choose clean close coach collect complete
conduct configure confirm consolidate contact convert create cross-sell deliver demo deploy
design develop digitise digitize distribute document double draft drive email enable engage
enrich enter establish estimate evaluate expand exhibit extend finalise finalize follow gather
grow help hire host identify implement improve increase interview introduce invite issue launch
lead list map measure meet mail migrate monitor negotiate nurture offer onboard open optimise
optimize organise organize outsource partner pilot plan post prepare present price produce
profile promote prospect publish qualify raise reach reactivate recruit redesign reduce refresh
relaunch renew renegotiate reorganise report research restructure retarget review revise roll
run schedule score segment sell send set share ship sign sponsor staff start streamline
strengthen submit survey target test track train translate update upgrade upsell up-sell use
validate visit welcome win write
""".split())

_WORD = re.compile(r"[\w'’-]+")


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _french_infinitive(word: str) -> bool:
    if word in _FR_VERBS_ODD:
        return True
    if word in _FR_NOT_VERBS or len(word) < 4:
        return False
    if word.endswith("er") or word.endswith("ir"):
        return not word.endswith("oir") or word.endswith("voir")
    return word.endswith(_FR_SUFFIX_VERBS)


def starts_with_verb(title: str, language: str | None) -> bool:
    """True when the title's first word is a French infinitive or an English imperative."""
    words = [_fold(w) for w in _WORD.findall(title)]
    if not words:
        return False
    first = words[0]
    # Reflexive and negative forms: "Se rendre au salon", "S'inscrire à", "Ne pas oublier".
    for prefix in ("s'", "s’"):
        if first.startswith(prefix):
            first = first[len(prefix):]
    if first in {"se", "ne", "re"} and len(words) > 1:
        first = words[2] if first == "ne" and len(words) > 2 and words[1] == "pas" else words[1]
    first = first.strip("'’-")
    french = _french_infinitive(first)
    english = first in _EN_VERBS
    if language == "fr":
        return french or english  # franglais titles ("Booster", "Upsell") are common
    if language == "en":
        return english
    return french or english
