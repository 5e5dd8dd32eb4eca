"""Loading plans: every error kind comes back located (file, line, column) with its code."""

from __future__ import annotations

from pathlib import Path

import pytest

from pacsite.load import Code, Diagnostic, Limits
from pacsite.pipeline import check as load_plans
from tests.conftest import DONE_PLAN, MINIMAL_PLAN, WriteFiles


def errors_of(root: Path, limits: Limits = Limits()) -> list[Diagnostic]:
    return load_plans(root / "plans", root=root, limits=limits).errors


def one_error(root: Path) -> Diagnostic:
    errors = errors_of(root)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def where(d: Diagnostic) -> tuple[str, int, int]:
    return (d.position.file, d.position.line, d.position.column)


def test_minimal_plan_is_valid(write_files: WriteFiles) -> None:
    root = write_files({"plans/demo/plan.yaml": DONE_PLAN})
    result = load_plans(root / "plans", root=root)
    assert result.diagnostics == []
    [loaded] = result.loaded
    assert loaded.plan.id == "demo"
    assert loaded.plan.actions[0].start.first.isoformat() == "2025-01-15"  # type: ignore[union-attr]


def test_unknown_key_suggests_the_close_one(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace(
        "  - {id: ventes, name: Ventes, unit: count}", "  - {id: ventes, name: Ventes, unti: count}"
    )
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert error.code is Code.SCHEMA
    assert where(error) == ("plans/demo/plan.yaml", 7, 32)
    assert error.path == "kpis[0].unti"
    assert "« unit »" in error.message  # French plan, French message


def test_unknown_kpi_names_the_known_ones(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace("kpi: ventes, target: 100", "kpi: ca, target: 100")
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert error.code is Code.REFERENCE
    assert where(error) == ("plans/demo/plan.yaml", 10, 49)
    assert error.path == "objectives[0].kpi"
    assert "ventes" in error.message and "chiffre-affaires" in error.message


@pytest.mark.parametrize(
    ("old", "new", "path", "line"),
    [
        ("    segment: particuliers\n", "    segment: particulier\n", "actions[0].segment", 19),
        ("    axis: reprise\n", "    axis: repris\n", "actions[0].axis", 20),
    ],
)
def test_unknown_references(
    write_files: WriteFiles, old: str, new: str, path: str, line: int
) -> None:
    error = one_error(write_files({"plans/demo/plan.yaml": MINIMAL_PLAN.replace(old, new)}))
    assert (error.code, error.path, error.position.line) == (Code.REFERENCE, path, line)


def test_an_owner_outside_the_team_is_a_warning_naming_the_close_match(
    write_files: WriteFiles,
) -> None:
    from pacsite.pipeline import check

    plan = MINIMAL_PLAN.replace("    owner: julie\n", "    owner: juli\n")
    outcome = check(write_files({"plans/demo/plan.yaml": plan}) / "plans")
    assert outcome.errors == []
    [found] = [d for d in outcome.warnings if d.code == "PAC112"]
    assert (found.path, found.position.line, found.severity) == ("actions[0].owner", 21, "warning")
    assert "« julie »" in found.message  # the plan is French: its message too
    by_name = MINIMAL_PLAN.replace("    owner: julie\n", "    owner: Julie Martin\n")
    outcome = check(write_files({"plans/demo/plan.yaml": by_name}) / "plans")
    assert [d for d in outcome.diagnostics if d.code == "PAC112"] == []
    raci = MINIMAL_PLAN.replace(
        "    owner: julie\n", "    owner: julie\n    raci: {accountable: [direction, juli]}\n"
    )
    outcome = check(write_files({"plans/demo/plan.yaml": raci}) / "plans")
    [typo] = [d for d in outcome.warnings if d.code == "PAC112"]  # "direction" is a department
    assert typo.path == "actions[0].raci.accountable[1]"


def test_unknown_persona(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace(
        "    name: Particuliers\n", "    name: Particuliers\n    personas: [famille]\n"
    )
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert (error.code, error.path, error.position.line) == (
        Code.REFERENCE,
        "segments[0].personas[0]",
        14,
    )


def test_owner_free_text_is_accepted(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace("    owner: julie\n", "    owner: Agence Horizon\n")
    assert errors_of(write_files({"plans/demo/plan.yaml": plan})) == []


def test_axis_of_another_segment(write_files: WriteFiles) -> None:
    plan = (
        MINIMAL_PLAN
        + "  - {id: b, title: Appeler les clients, segment: pros, axis: reprise, owner: julie, due: 2025-05}\n"
    )
    plan = plan.replace(
        "segments:\n",
        "segments:\n  - {id: pros, name: Pros, axes: [{id: flottes, name: F, objective: {kpi: ventes, target: 3, due: 2025-12}}]}\n",
    )
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert error.code is Code.REFERENCE and error.path == "actions[1].axis"
    assert "flottes" in error.message


def test_duplicate_id_names_both_places(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "plans/demo/plan.yaml": MINIMAL_PLAN,
            "plans/demo/actions/julie.yaml": "- id: salon\n  title: Appeler\n  segment: particuliers\n  owner: julie\n  due: 2025-06\n",
        }
    )
    error = one_error(root)
    assert error.code is Code.DUPLICATE
    assert where(error) == ("plans/demo/actions/julie.yaml", 1, 7)
    assert [(p.file, p.line) for p in error.related] == [("plans/demo/plan.yaml", 17)]


def test_duplicate_yaml_key(write_files: WriteFiles) -> None:
    error = one_error(write_files({"plans/demo/plan.yaml": MINIMAL_PLAN + "title: Encore\n"}))
    assert (error.code, error.position.line) == (Code.DUPLICATE, 24)


def test_invalid_date_is_located(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace("due: 2025-03-31", "due: 2025-02-30")
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert (error.code, error.path, where(error)) == (
        Code.SCHEMA,
        "actions[0].due",
        ("plans/demo/plan.yaml", 23, 10),
    )


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        ("    due: 2025-03-31\n", "    due: 2025-01-02\n", "actions[0].due"),  # before start
        ("    start: 2025-01-15\n", "    start: 2024-12-15\n", "actions[0].start"),  # outside
        ("target: 100, due: 2025-12-31", "target: 100, due: 2026-03", "objectives[0].due"),
    ],
)
def test_date_consistency(write_files: WriteFiles, old: str, new: str, path: str) -> None:
    error = one_error(write_files({"plans/demo/plan.yaml": MINIMAL_PLAN.replace(old, new)}))
    assert (error.code, error.path) == (Code.CONSISTENCY, path)


def test_budget_lines_over_total(write_files: WriteFiles) -> None:
    plan = (
        MINIMAL_PLAN
        + "budget:\n  total: 1000\n  lines:\n    - {category: Pub, amount: 800}\n    - {category: Salon, amount: '400 €'}\n"
    )
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert (error.code, error.path, error.position.line) == (Code.CONSISTENCY, "budget.lines", 27)


def test_shares_over_100_percent(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace(
        "    name: Particuliers\n", "    name: Particuliers\n    share: 0.7\n"
    )
    plan = plan.replace("segments:\n", "segments:\n  - {id: pros, name: Pros, share: 0.5}\n")
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert (error.code, error.path) == (Code.CONSISTENCY, "segments[1].share")


def test_phasing_must_add_up(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace(
        "target: 100, due: 2025-12-31}",
        "target: 100, due: 2025-12-31, phasing: {2025-Q1: 20, 2025-T2: 30}}",
    )
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert (error.code, error.path) == (Code.CONSISTENCY, "objectives[0].phasing")


def test_wrong_choice_suggests(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace("    due: 2025-03-31\n", "    due: 2025-03-31\n    status: fait\n")
    plan = plan.replace("unit: count}", "unit: count, direction: increse}")
    errors = errors_of(write_files({"plans/demo/plan.yaml": plan}))
    assert [(e.code, e.path, e.position.line) for e in errors] == [
        (Code.SCHEMA, "kpis[0].direction", 7),
        (Code.SCHEMA, "actions[0].status", 24),
    ]
    assert "'increase'" in errors[0].message


def test_missing_required_key_points_at_the_item(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace("  - {id: julie, name: Julie Martin}", "  - {id: julie}")
    error = one_error(write_files({"plans/demo/plan.yaml": plan}))
    assert (error.code, error.path, where(error)) == (
        Code.SCHEMA,
        "team[0].name",
        ("plans/demo/plan.yaml", 5, 5),
    )


def test_all_errors_of_all_files_at_once(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "plans/a/plan.yaml": MINIMAL_PLAN.replace("kpi: ventes, target", "kpi: vente, target"),
            "plans/a/segments/pros.yaml": "id: pros\nname: Pros\nswot: {strenghts: [x]}\n",
            "plans/b.yaml": "title: B\nperiod: 2025-Q5\n",
            "plans/c.yaml": "title: [unclosed\n",
        }
    )
    errors = errors_of(root)
    assert [(e.position.file, e.code) for e in errors] == [
        ("plans/a/plan.yaml", Code.REFERENCE),  # checked although a segment has a schema error
        ("plans/a/segments/pros.yaml", Code.SCHEMA),
        ("plans/b.yaml", Code.SCHEMA),
        ("plans/c.yaml", Code.SYNTAX),
    ]


def test_references_are_checked_beside_schema_errors(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace("    axes:\n", "    swot: {forces: [x]}\n    axes:\n") + (
        "  - {id: b, title: Appeler les clients, segment: particuliers, axis: reprise, owner: julie, due: 2025-05, status: fini}\n"
        "  - {id: c, title: Relancer les devis, segment: particuliers, owner: julie, due: 2025-06, kpis: [vente]}\n"
    )
    errors = errors_of(write_files({"plans/demo/plan.yaml": plan}))
    assert [(e.code, e.path, e.position.line) for e in errors] == [
        (Code.SCHEMA, "segments[0].swot.forces", 14),
        (Code.SCHEMA, "actions[1].status", 25),
        (
            Code.REFERENCE,
            "actions[2].kpis[0]",
            26,
        ),  # its index in the file, not in what was checked
    ]  # and no false "unknown segment/axis": segment particuliers is known, though left out


def test_split_files_merge_with_their_own_positions(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "plans/demo/plan.yaml": MINIMAL_PLAN,
            "plans/demo/segments/b-pros.yaml": "id: pros\nname: Pros\naxes:\n  - {id: flottes, name: Flottes, objective: {kpi: ventes, target: 5, due: 2025-12}}\n",
            "plans/demo/segments/a-jeunes.yaml": "id: jeunes\nname: Jeunes\n",
            "plans/demo/actions/marc.yaml": "- {id: m1, title: Appeler 50 PME, segment: pros, axis: flottes, owner: Marc, due: 2025-04}\n- {id: m2, title: Visiter 5 clients, segment: pros, owner: Marc, due: 2025-W18}\n",
            "plans/demo/actions/solo.yaml": "{id: s1, title: Relancer les devis, segment: jeunes, owner: julie, due: 2025-05}\n",
        }
    )
    result = load_plans(root / "plans", root=root)
    assert result.errors == []
    [loaded] = result.loaded
    assert [s.id for s in loaded.plan.segments] == ["particuliers", "jeunes", "pros"]
    assert [a.id for a in loaded.plan.actions] == ["salon", "m1", "m2", "s1"]
    smap = loaded.source.smap
    assert smap.locate(("segments", 2, "axes", 0, "id")).file == "plans/demo/segments/b-pros.yaml"
    assert (smap.locate(("actions", 2, "due")).file, smap.locate(("actions", 2, "due")).line) == (
        "plans/demo/actions/marc.yaml",
        2,
    )
    assert smap.locate(("actions", 3, "id")).file == "plans/demo/actions/solo.yaml"


def test_single_file_plan_and_year_shortcut(write_files: WriteFiles) -> None:
    root = write_files(
        {"plans/q1.yaml": "title: T1\nperiod: 2025-T1\n", "plans/y.yml": "title: Y\nyear: 2026\n"}
    )
    result = load_plans(root / "plans", root=root)
    assert [(p.plan.id, p.plan.period.label) for p in result.loaded] == [
        ("q1", "2025-Q1"),
        ("y", "2026"),
    ]


def test_bad_year_is_located_at_year(write_files: WriteFiles) -> None:
    error = one_error(write_files({"plans/y.yaml": "title: Y\nyear: 20x5\n"}))
    assert (error.path, error.position.line) == ("year", 2)


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", Code.LIMIT),
        (b"title: caf\xe9\n", Code.SYNTAX),
        ("a: " + "[" * 10_000 + "]" * 10_000 + "\n", Code.LIMIT),
        (
            "a: &a [x,x,x,x,x,x,x,x,x,x]\n"
            + "".join(
                f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n"
                for p, c in zip("abcdefgh", "bcdefghi", strict=True)
            ),
            Code.LIMIT,
        ),
        ("title: x\nsummary: !!python/object/apply:os.system ['echo hi']\n", Code.SYNTAX),
    ],
    ids=["binary", "latin1", "deep", "alias-bomb", "python-tag"],
)
def test_hostile_files_give_located_errors(
    write_files: WriteFiles, content: str | bytes, code: Code
) -> None:
    root = write_files({"plans/x.yaml": content})  # type: ignore[dict-item]
    error = one_error(root)
    assert error.code is code and error.position.file == "plans/x.yaml"


def test_oversized_file(write_files: WriteFiles) -> None:
    root = write_files({"plans/x.yaml": "title: x\nsummary: " + "a" * 2000 + "\n"})
    error = one_error_limits(root, Limits(max_bytes=1000))
    assert error.code is Code.LIMIT


def one_error_limits(root: Path, limits: Limits) -> Diagnostic:
    [error] = errors_of(root, limits)
    return error


def test_an_unterminated_quote_is_reported_where_it_opens(write_files: WriteFiles) -> None:
    plan = 'title: Plan\nyear: 2025\nkpis:\n  - id: a\n    name: "Ventes\n    unit: count\n\n'
    error = one_error(write_files({"plans/demo.yaml": plan}))
    assert (error.code, where(error)) == ("PAC001", ("plans/demo.yaml", 5, 11))
    assert "quote is never closed" in error.message


def test_an_unclosed_bracket_is_reported_where_it_opens(write_files: WriteFiles) -> None:
    plan = "title: Plan\nyear: 2025\nkpis: [ventes, marge\nsegments: []\n"
    error = one_error(write_files({"plans/demo.yaml": plan}))
    assert (error.code, where(error)) == ("PAC001", ("plans/demo.yaml", 3, 7))
    assert "bracket is never closed" in error.message


@pytest.mark.parametrize("written", ["0.7", "0,7", "70 %", "70%"])
def test_a_share_is_read_as_people_write_it(write_files: WriteFiles, written: str) -> None:
    plan = MINIMAL_PLAN.replace(
        "    name: Particuliers\n", f'    name: Particuliers\n    share: "{written}"\n'
    )
    root = write_files({"plans/demo.yaml": plan})
    [loaded] = load_plans(root / "plans", root=root).loaded
    assert loaded.plan.segments[0].share == pytest.approx(0.7)


def test_an_ambiguous_amount_is_refused_with_a_hint(write_files: WriteFiles) -> None:
    """`budget: 1,500` once became 1,5 € without a word."""
    plan = MINIMAL_PLAN.replace(
        "    due: 2025-03-31\n", '    due: 2025-03-31\n    budget: "1,500"\n'
    )
    error = one_error(write_files({"plans/demo.yaml": plan}))
    assert (error.code, error.path) == ("PAC002", "actions[0].budget")
    assert "« 1,500 » est ambigu" in error.message and "1 500" in error.message


def test_a_relative_target_is_resolved_on_its_baseline(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace(
        "{id: volume, title: Vendre 100 unités, kpi: ventes, target: 100, due: 2025-12-31}",
        "{id: volume, title: Vendre 120 unités, kpi: ventes, baseline: 100, target: +20 %, due: 2025-12-31}",
    )
    root = write_files({"plans/demo.yaml": plan})
    [loaded] = load_plans(root / "plans", root=root).loaded
    assert loaded.plan.objectives[0].target == 120


def test_a_relative_target_needs_a_baseline(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN.replace("kpi: ventes, target: 100,", "kpi: ventes, target: +20 %,")
    error = one_error(write_files({"plans/demo.yaml": plan}))
    assert (error.code, error.path) == ("PAC002", "objectives[0]")
    assert "demande la base" in error.message


def test_a_due_date_written_day_first_in_yaml(write_files: WriteFiles) -> None:
    from pacsite.pipeline import check

    plan = MINIMAL_PLAN.replace("    due: 2025-03-31\n", "    due: 31/03/2025\n")
    assert plan != MINIMAL_PLAN
    outcome = check(write_files({"plans/demo/plan.yaml": plan}) / "plans")
    assert outcome.errors == []
    [analysed] = outcome.plans
    assert str(analysed.loaded.plan.actions[0].due) == "2025-03-31"
    wrong = MINIMAL_PLAN.replace("    due: 2025-03-31\n", "    due: 31/02/2025\n")
    [error] = check(write_files({"plans/demo/plan.yaml": wrong}) / "plans").errors
    assert (error.code, error.path) == ("PAC002", "actions[0].due")
    assert "« 31/02/2025 »" in error.message  # French plan, the results files' wording
