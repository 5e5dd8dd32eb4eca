"""Lint findings: stable codes, located, silenced per plan or by configuration."""

from __future__ import annotations

from pathlib import Path

import pytest

from pacsite.load import Code
from pacsite.load.verbs import starts_with_verb
from pacsite.pipeline import check as load_plans
from tests.conftest import DONE_PLAN, MINIMAL_PLAN, WriteFiles


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
    language = "en" if title in {"Q3 campaign", "Leads from webinar"} else "fr"
    assert not starts_with_verb(title, language)


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
            (Code.STALE_ACTION, "actions[0]", 19),  # planned since January 2025, judged today
        ]
    )
    assert all(w.severity == "warning" for w in result.warnings)
    assert result.loaded, "warnings do not stop a plan from loading"


def test_qualitative_objective_checks_its_key_results(write_files: WriteFiles) -> None:
    plan = DONE_PLAN.replace(
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


CORPUS = Path(__file__).parent / "corpus"


def _titles(name: str) -> list[str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def test_the_verb_lexicon_accepts_every_real_action_title() -> None:
    french, english = _titles("action-titles-fr.txt"), _titles("action-titles-en.txt")
    assert len(french) + len(english) >= 300 and min(len(french), len(english)) >= 140
    refused = [t for t in french if not starts_with_verb(t, "fr")]
    refused += [t for t in english if not starts_with_verb(t, "en")]
    assert refused == []


def test_the_verb_lexicon_catches_intentions() -> None:
    intentions = [line.split("\t") for line in _titles("intention-titles.txt")]
    assert len(intentions) >= 30
    accepted = [title for language, title in intentions if starts_with_verb(title, language)]
    assert accepted == []


@pytest.mark.parametrize("title", ["Hold", "Pitch", "Phone", "Quote", "Refer"])
def test_ordinary_english_verbs_are_verbs(title: str) -> None:
    assert starts_with_verb(f"{title} the key accounts", "en")


def test_the_finding_names_the_action(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace("title: Exposer au salon", "title: Newsletter mensuelle")
    result = load_plans(write_files({"plans/demo/plan.yaml": plan}) / "plans")
    [finding] = [d for d in result.warnings if d.code == "PAC101"]
    assert finding.path == "actions[0].title"
    # in the plan's language (French)
    assert finding.message.startswith(
        "action « salon »\u202f: « Newsletter mensuelle » ne commence"
    )


def test_an_unknown_code_in_the_plan_is_an_error(write_files: WriteFiles) -> None:
    root = write_files({"plans/demo.yaml": MINIMAL_PLAN + "lint:\n  ignore: [PAC101, PAC999]\n"})
    result = load_plans(root / "plans", root=root)
    [error] = result.errors
    assert (error.code, error.path, str(error.position)) == (
        "PAC002",
        "lint.ignore[1]",
        f"plans/demo.yaml:{MINIMAL_PLAN.count(chr(10)) + 2}:20",
    )


def test_actions_allotted_more_than_the_plan_total_is_a_finding(write_files: WriteFiles) -> None:
    """The bank's actions once added up to 4 000 € over its total and nothing said so."""
    plan = (
        MINIMAL_PLAN.replace("    due: 2025-03-31\n", "    due: 2025-03-31\n    budget: 7000\n")
        + "budget:\n  total: 6000\n"
    )
    result = load_plans(write_files({"plans/demo.yaml": plan}) / "plans")
    [finding] = [d for d in result.warnings if d.code == "PAC107"]
    assert finding.path == "budget.total" and finding.position.line == plan.count("\n")
    assert "7\u202f000" in finding.message and "1\u202f000 de plus" in finding.message
    ok = plan.replace("total: 6000", "total: 7000")
    assert not [
        d for d in load_plans(write_files({"plans/demo.yaml": ok}) / "plans").warnings
        if d.code == "PAC107"
    ]  # fmt: skip


def _with_expected(plan: str, *values: int, kpi: str = "chiffre-affaires") -> str:
    """MINIMAL_PLAN whose axis 'reprise' has one action per expected contribution."""
    actions = "".join(
        f"  - {{id: a{i}, title: Relancer les devis, segment: particuliers, axis: reprise, "
        f"owner: julie, due: 2025-06-30, expected: {{kpi: {kpi}, value: {v}}}}}\n"
        for i, v in enumerate(values)
    )
    return plan + actions


def test_an_axis_whose_actions_cannot_reach_its_objective_is_a_finding(
    write_files: WriteFiles,
) -> None:
    """The axis asks 1 000 of extra revenue; its actions expect 300 + 500 = 800: 200 short."""
    plan = _with_expected(MINIMAL_PLAN, 300, 500)
    result = load_plans(write_files({"plans/demo.yaml": plan}) / "plans")
    [finding] = [d for d in result.warnings if d.code == "PAC108"]
    assert finding.path == "segments[0].axes[0].objective.target"
    assert finding.position.line == 15  # the axis line, where its objective is written
    assert "1\u202f000" in finding.message and "800" in finding.message and "200" in finding.message
    assert "a0, a1" in finding.message
    # Enough, or a cancelled action removed from a plan that had enough: nothing to say.
    for ok in (_with_expected(MINIMAL_PLAN, 300, 700), _with_expected(MINIMAL_PLAN, 1000)):
        found = load_plans(write_files({"plans/demo.yaml": ok}) / "plans").warnings
        assert not [d for d in found if d.code == "PAC108"]
    cancelled = _with_expected(MINIMAL_PLAN, 300, 700).replace(
        "value: 700}}", "value: 700}, status: cancelled}"
    )
    found = load_plans(write_files({"plans/demo.yaml": cancelled}) / "plans").warnings
    assert [d.code for d in found if d.code == "PAC108"] == ["PAC108"]


def test_a_plan_objective_is_judged_only_when_it_grows_from_a_baseline(
    write_files: WriteFiles,
) -> None:
    """100 units from 0 is a total business as usual mostly brings: no finding. From 80, the
    actions must bring 20; they expect 5 + 10 = 15."""
    from_zero = _with_expected(MINIMAL_PLAN, 5, 10, kpi="ventes")
    found = load_plans(write_files({"plans/demo.yaml": from_zero}) / "plans").warnings
    assert not [d for d in found if d.code == "PAC108"]
    grown = from_zero.replace("kpi: ventes, target: 100", "kpi: ventes, baseline: 80, target: 100")
    [finding] = [
        d
        for d in load_plans(write_files({"plans/demo.yaml": grown}) / "plans").warnings
        if d.code == "PAC108"
    ]
    assert finding.path == "objectives[0].target" and finding.position.line == 10
    assert "20" in finding.message and "15" in finding.message and "5 " in finding.message


def test_the_example_plans_reach_their_targets_by_their_actions() -> None:
    result = load_plans(Path(__file__).parent.parent / "plans")
    assert not [d for d in result.warnings if d.code == "PAC108"]
