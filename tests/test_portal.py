"""The portal pipeline without MkDocs: rebuilds re-read only the plans that changed."""

from __future__ import annotations

from pathlib import Path

from pacsite import pipeline as portal_module
from pacsite.pipeline import Outcome, run
from pacsite.settings import Settings, SiteFacts
from tests.conftest import MINIMAL_PLAN, WriteFiles


class Portal:
    @staticmethod
    def build(args: tuple[Settings, SiteFacts]) -> Outcome:
        return run(*args)


def _options(root: Path, **extra: object) -> tuple[Settings, SiteFacts]:
    return Settings.model_validate({"history": False, **extra}), SiteFacts(root=root)


def test_rebuild_reuses_unchanged_plans(write_files: WriteFiles, monkeypatch: object) -> None:
    root = write_files(
        {
            "plans/a/plan.yaml": MINIMAL_PLAN,
            "plans/b.yaml": MINIMAL_PLAN.replace("Plan de test", "Plan B"),
            "plans/a/results/r.csv": "date,kpi,value\n2025-01,ventes,3\n",
        }
    )
    loads: list[str] = []
    original = portal_module.load_plan

    def counting(root_path: Path, **kwargs: object) -> object:
        loads.append(root_path.name)
        return original(root_path, **kwargs)  # type: ignore[arg-type]

    portal_module.load_plan = counting  # type: ignore[assignment]
    try:
        first = Portal.build(_options(root))
        assert sorted(loads) == ["a", "b.yaml"] and first.errors == []
        loads.clear()
        again = Portal.build(_options(root))
        assert loads == [] and [p.markdown for p in again.pages] == [
            p.markdown for p in first.pages
        ]
        (root / "plans/a/results/r.csv").write_text(
            "date,kpi,value\n2025-01,ventes,7\n", encoding="utf-8"
        )
        changed = Portal.build(_options(root))
        assert loads == ["a"]
        kpis = next(p for p in changed.pages if p.src_uri == "a/kpis.md")
        assert '"y":[7.0]' in kpis.markdown
        loads.clear()
        Portal.build(_options(root, as_of="2025-02"))  # other options: everything again
        assert sorted(loads) == ["a", "b.yaml"]
    finally:
        portal_module.load_plan = original


def test_errors_are_collected_from_every_plan(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "plans/a.yaml": "title: [x\n",
            "plans/b.yaml": "title: B\nyear: 2025\nkpis: 3\n",
            "plans/c/plan.yaml": MINIMAL_PLAN,
            "plans/c.yaml": MINIMAL_PLAN,
        }
    )
    built = Portal.build(_options(root))
    assert built.pages == []
    assert sorted(d.code for d in built.errors) == ["PAC001", "PAC002", "PAC004"]
