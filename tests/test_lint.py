"""Lint findings: stable codes, located, silenced per plan or by configuration."""

from __future__ import annotations

import pytest

from pacsite.load import Code
from pacsite.load.verbs import starts_with_verb
from pacsite.pipeline import check as load_plans
from tests.conftest import MINIMAL_PLAN, WriteFiles


@pytest.mark.parametrize(
    "title",
    [
        "Exposer la gamme au salon auto",
        "Rendre visite à 5 clients dormants semaine 18",
        "Relancer les devis",
        "Mettre en ligne un simulateur",
        "Définir les cibles",
        "Prévoir le stock",
        "Faire une campagne",
        "Écouler le stock",
        "S'inscrire au salon",
        "Se rendre chez le client",
        "Suivre les leads",
        "Construire une offre",
        "Choisir un partenaire",
        "Launch LinkedIn ads",
        "Run a webinar",
        "Host monthly demos",
    ],
)
def test_actions_that_start_with_a_verb(title: str) -> None:
    assert starts_with_verb(title, None)


@pytest.mark.parametrize(
    "title",
    [
        "Dirigeant de la société X",
        "Salon auto 2025",
        "Partenaire immobilier",
        "Dossier clients",
        "Offre de reprise",
        "Premier contact",
        "Calendrier des salons",
        "Nouveaux clients",
        "Q3 campaign",
        "Leads from webinar",
    ],
)
def test_intentions_and_nouns_are_not_actions(title: str) -> None:
    assert not starts_with_verb(title, None)


def test_language_narrows_the_verbs() -> None:
    assert starts_with_verb("Visit dormant clients", "en")
    assert not starts_with_verb("Visiter les clients dormants", "en")
    assert starts_with_verb("Booster les ventes", "fr")


PLAN_WITH_FINDINGS = (
    MINIMAL_PLAN
    + """\
  - id: intention
    title: Dirigeant de la société X
  - id: sans-date
    title: Appeler les clients
    segment: particuliers
    owner: julie
"""
)


def test_findings_have_codes_and_positions(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "plans/demo/plan.yaml": PLAN_WITH_FINDINGS.replace(
                "axes:\n", "axes:\n      - {id: vide, name: Axe sans objectif}\n"
            ).replace(
                "objectives:\n", "objectives:\n  - {id: flou, title: Vendre plus, kpi: ventes}\n"
            )
        }
    )
    result = load_plans(root / "plans", root=root)
    assert result.errors == []
    found = sorted((w.code, w.path, w.position.line) for w in result.warnings)
    assert found == sorted(
        [
            (Code.TITLE_NOT_VERB, "actions[1].title", 27),
            (Code.NO_OWNER, "actions[1]", 26),
            (Code.NO_DUE, "actions[1]", 26),
            (Code.ACTION_NO_SEGMENT, "actions[1]", 26),
            (Code.NO_DUE, "actions[2]", 28),
            (Code.NOT_SMART, "objectives[0]", 10),
            (Code.AXIS_NO_OBJECTIVE, "segments[0].axes[0]", 16),
        ]
    )
    assert all(w.severity == "warning" for w in result.warnings)
    assert result.loaded, "warnings do not stop a plan from loading"


def test_qualitative_objective_checks_its_key_results(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace(
        "objectives:\n",
        "objectives:\n  - id: ref\n    title: Devenir la référence\n    kind: qualitative\n    key_results:\n      - {kpi: ventes, target: 3}\n",
    )
    result = load_plans(write_files({"plans/demo/plan.yaml": plan}) / "plans")
    assert [(w.code, w.path) for w in result.warnings] == [
        (Code.NOT_SMART, "objectives[0].key_results[0]")
    ]


def test_silenced_in_the_plan(write_files: WriteFiles) -> None:
    root = write_files(
        {"plans/demo/plan.yaml": PLAN_WITH_FINDINGS + "lint:\n  ignore: [PAC101, PAC103]\n"}
    )
    codes = {w.code for w in load_plans(root / "plans").warnings}
    assert Code.TITLE_NOT_VERB not in codes and Code.NO_DUE not in codes
    assert Code.NO_OWNER in codes


def test_levels_from_configuration(write_files: WriteFiles) -> None:
    root = write_files({"plans/demo/plan.yaml": PLAN_WITH_FINDINGS})
    result = load_plans(root / "plans", lint={"PAC101": "error", "PAC102": "ignore"})
    assert [e.code for e in result.errors] == [Code.TITLE_NOT_VERB]
    assert Code.NO_OWNER not in {w.code for w in result.warnings}
