"""Build-speed benchmark of pacsite at portal scale (a script, not a test).

    python tests/benchmarks/build_speed.py [--plans 40] [--workdir DIR] [--json FILE] [--browser]

Generates a synthetic portal (N plans of 10 segments, 30 actions and 20 KPIs each, weekly and
monthly results: N=40 gives about 2,000 pages and 200,000 result rows), then measures in one run:

1. the full `mkdocs build` with pacsite;
2. a plain `mkdocs build` of exactly the same pages written as static Markdown by `pacsite gen`,
   with the same theme and navigation: what MkDocs + Material cost anyway;
3. pacsite's own stages (load+validate, analyse, history, render, of which charts);
4. a rebuild after editing one plan, in the same process (what `mkdocs serve` does);
5. peak memory (RSS), the largest page and the whole site;
and, with --browser, the time the biggest dashboard takes to be fully drawn in headless Chromium.
The last two lines printed are the ratios 1/2 and 4/1; all figures are also written as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]

MKDOCS_YML = """\
site_name: Portail des PAC
site_url: http://127.0.0.1:8000/
theme:
  name: material
  language: fr
  font: false
  features: [navigation.instant, navigation.tabs, navigation.sections, navigation.indexes,
             navigation.prune, search.highlight]
plugins:
  - search:
      lang: [fr]
  - pacsite:
      history: false
markdown_extensions: [admonition, attr_list, md_in_html, tables, {toc: {permalink: true}}]
"""

VERBS = ["Appeler", "Visiter", "Organiser", "Relancer", "Lancer", "Présenter", "Former", "Envoyer"]


def make_plan(index: int, rnd: random.Random) -> tuple[dict[str, object], str]:
    """A plan of 10 segments, 20 KPIs, 30 actions, and about 5,000 result rows (as CSV text)."""
    kpis = [
        {
            "id": f"k{i}",
            "name": f"Indicateur {i}",
            "unit": "EUR" if i % 5 == 0 else "count",
            "cadence": "week" if i < 10 else "month",
            "aggregation": "sum" if i % 4 else "mean",
            "family": "volume",
        }
        for i in range(20)
    ]
    segments = []
    for s in range(10):
        segments.append(
            {
                "id": f"s{s}",
                "name": f"Segment {s} — région {index}",
                "kind": "horizontal",
                "share": 0.1,
                "swot": {
                    k: [f"{k} {j} du segment {s}" for j in range(3)]
                    for k in ("strengths", "weaknesses", "opportunities", "threats")
                },
                "axes": [
                    {
                        "id": f"s{s}a{a}",
                        "name": f"Axe {a} du segment {s}",
                        "expected_roi": 3,
                        "budget": 1000,
                        "objective": {
                            "kpi": f"k{(s + a) % 20}",
                            "target": 5000,
                            "due": "2025-12-31",
                        },
                        "kpis": [f"k{(s + a) % 20}"],
                    }
                    for a in range(2)
                ],
            }
        )
    actions = []
    for a in range(30):
        s = a % 10
        start = 1 + a % 11
        actions.append(
            {
                "id": f"a{a}",
                "title": f"{VERBS[a % len(VERBS)]} les clients du segment {s} (action {a})",
                "segment": f"s{s}",
                "axis": f"s{s}a{a % 2}",
                "owner": f"p{a % 5}",
                "start": f"2025-{start:02d}",
                "due": f"2025-{start + 1:02d}",
                "budget": 1000,
                "spent": 800,
                "status": ["done", "in_progress", "planned"][a % 3],
                "kpis": [f"k{a % 20}"],
                "needs": [{"info": "Fichier clients", "from": "Marketing"}],
                "raci": {"responsible": f"p{a % 5}", "accountable": "p0"},
            }
        )
    plan = {
        "title": f"Plan commercial de la région {index}",
        "year": 2025,
        "language": "fr",
        "as_of": "2025-09-30",
        "team": [{"id": f"p{i}", "name": f"Personne {i}"} for i in range(5)],
        "kpis": kpis,
        "objectives": [
            {
                "id": f"o{i}",
                "title": f"Atteindre l'objectif {i}",
                "kpi": f"k{i}",
                "target": 10000,
                "due": "2025-12-31",
            }
            for i in range(5)
        ],
        "segments": segments,
        "actions": actions,
        "budget": {
            "total": 60000,
            "lines": [
                {"category": f"Ligne {i}", "amount": 5000, "segment": f"s{i}"} for i in range(10)
            ],
        },
        "alerts": {"drop_pct": 20},
    }
    rows = ["date,kpi,value,segment"]
    for k in range(10):  # weekly KPIs: 52 weeks × 8 segments
        for week in range(1, 53):
            for s in range(8):
                rows.append(f"2025-W{week:02d},k{k},{rnd.randint(5, 50)},s{s}")
    for k in range(10, 20):  # monthly KPIs: 12 months × 7 segments
        for month in range(1, 13):
            for s in range(7):
                rows.append(f"2025-{month:02d},k{k},{rnd.randint(100, 900)},s{s}")
    return plan, "\n".join(rows) + "\n"


def generate(project: Path, plans: int) -> int:
    rnd = random.Random(42)
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text(
        "# Portail\n\nLes plans de toutes les régions.\n", encoding="utf-8"
    )
    (project / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    rows = 0
    for i in range(plans):
        folder = project / "plans" / f"region-{i:02d}"
        (folder / "results").mkdir(parents=True)
        plan, csv = make_plan(i, rnd)
        (folder / "plan.yaml").write_text(
            yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        (folder / "results" / "results.csv").write_text(csv, encoding="utf-8")
        rows += csv.count("\n") - 1
    return rows


def run_measured(code: str, cwd: Path) -> dict[str, float]:
    """Run Python code in a fresh interpreter; its wall time and peak RSS (MiB)."""
    wrapper = "\n".join(
        [
            "import json, resource, time",
            "started = time.perf_counter()",
            code,
            "elapsed = time.perf_counter() - started",
            "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024",
            'print("MEASURE" + json.dumps({"seconds": elapsed, "rss_mib": rss}))',
        ]
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    out = subprocess.run(
        [sys.executable, "-c", wrapper],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        check=True,
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("MEASURE"))
    return dict(json.loads(line[len("MEASURE") :]))


BUILD = (
    "from mkdocs.commands.build import build\nfrom mkdocs.config import load_config\n"
    "build(load_config('mkdocs.yml', site_dir={site!r}))"
)


def static_project(project: Path, static: Path) -> None:
    """The same pages as plain Markdown (`pacsite gen`), built by MkDocs without pacsite."""
    (static / "docs").mkdir(parents=True)
    shutil.copy(project / "docs" / "index.md", static / "docs" / "index.md")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pacsite.cli",
            "gen",
            str(static / "docs"),
            "--plans-dir",
            str(project / "plans"),
            "--language",
            "fr",
        ],
        check=True,
        capture_output=True,
    )
    nav = yaml.safe_load((static / "docs" / "pacsite-nav.yml").read_text(encoding="utf-8"))["nav"]
    (static / "docs" / "pacsite-nav.yml").unlink()
    config = yaml.safe_load(MKDOCS_YML)
    config["plugins"] = [{"search": {"lang": ["fr"]}}]
    config["nav"] = ["index.md", *nav]
    config["extra_css"] = ["assets/pacsite/pacsite.css"]
    config["extra_javascript"] = ["assets/pacsite/pacsite.js"]
    (static / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def stages(project: Path) -> dict[str, float]:
    """pacsite's own stages, in this process, with chart building timed apart."""
    from pacsite import portal as portal_module
    from pacsite.render import budget_charts, charts, site, timeline, views

    spent = {"charts": 0.0}

    def timed(function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent["charts"] += time.perf_counter() - started

        return wrapper

    views.kpi_figure = timed(charts.kpi_figure)
    site.calendar_figure = timed(timeline.calendar_figure)
    site.budget_figures = timed(budget_charts.budget_figures)
    options = portal_module.PortalOptions(
        root=project, plans_dir=project / "plans", history=False, language="fr"
    )
    portal_module._CACHE.clear()
    started = time.perf_counter()
    built = portal_module.Portal.build(options)
    total = time.perf_counter() - started
    assert not built.errors, built.errors[:3]
    return {
        **built.timings,
        "charts (within render)": spent["charts"],
        "total": total,
        "pages": float(len(built.pages)),
    }


def rebuild(project: Path, site_dir: Path) -> dict[str, float]:
    """Two builds in one process, one plan edited in between: what `mkdocs serve` does."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from pacsite import portal as portal_module

    portal_module._CACHE.clear()
    timings: list[dict[str, float]] = []
    original = portal_module.Portal.build.__func__  # type: ignore[attr-defined]

    def recording(cls, options):  # type: ignore[no-untyped-def]
        result = original(cls, options)
        timings.append(dict(result.timings))
        return result

    portal_module.Portal.build = classmethod(recording)  # type: ignore[method-assign,assignment]
    config_file = str(project / "mkdocs.yml")
    started = time.perf_counter()
    build(load_config(config_file, site_dir=str(site_dir)))
    first = time.perf_counter() - started
    plan = project / "plans" / "region-00" / "plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("target: 10000", "target: 12000", 1),
        encoding="utf-8",
    )
    started = time.perf_counter()
    build(load_config(config_file, site_dir=str(site_dir)))
    second = time.perf_counter() - started
    portal_module.Portal.build = classmethod(original)  # type: ignore[method-assign,assignment]
    return {
        "first build": first,
        "rebuild": second,
        "pacsite stages, first": sum(timings[0].values()),
        "pacsite stages, rebuild": sum(timings[1].values()),
    }


def browser_timings(site: Path, pages: dict[str, str]) -> dict[str, float | str]:
    """Seconds from navigation to each page fully drawn in headless Chromium, cache warm:
    page loaded, then every chart scrolled into view and drawn."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed"}
    sys.path.insert(0, str(ROOT))
    from tests.browser.conftest import CHROMIUM, FLAGS, serve

    if not Path(CHROMIUM).exists():
        return {"skipped": f"no Chromium at {CHROMIUM}"}
    server, url = serve(site)
    out: dict[str, float | str] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            for name, path in pages.items():
                page.goto(url + path, wait_until="load")  # warm the cache, as a returning reader
                started = time.perf_counter()
                page.goto(url + path, wait_until="load")
                loaded = time.perf_counter() - started
                charts = page.locator(".pacsite-chart")
                for i in range(charts.count()):  # as a reader scrolls: each chart drawn as it comes
                    charts.nth(i).scroll_into_view_if_needed()
                    page.wait_for_function(
                        "(i) => document.querySelectorAll('.pacsite-chart')[i]"
                        ".dataset.drawn === '1'",
                        arg=i,
                        timeout=30_000,
                    )
                out[f"{name}: loaded (s)"] = loaded
                out[f"{name}: fully drawn (s)"] = time.perf_counter() - started
            browser.close()
    except Exception as exc:  # a measurement, not a test: report and go on
        out["error"] = repr(exc)
    finally:
        server.shutdown()
        server.server_close()
    return out


def lighthouse(binary: str, site: Path) -> dict[str, object]:
    """Lighthouse scores (default mobile settings) of a dashboard, a segment page and a KPI page."""
    sys.path.insert(0, str(ROOT))
    from tests.browser.conftest import CHROMIUM, FLAGS, serve

    server, url = serve(site)
    scores: dict[str, object] = {}
    try:
        for name, path in [
            ("dashboard", "concession-2025/"),
            ("segment", "concession-2025/segments/particuliers/"),
            ("kpis", "concession-2025/kpis/"),
        ]:
            run = subprocess.run(
                [
                    binary,
                    url + path,
                    "--output=json",
                    "--quiet",
                    f"--chrome-flags={' '.join(FLAGS)}",
                    "--only-categories=performance,accessibility,best-practices",
                ],
                capture_output=True,
                text=True,
                env={**os.environ, "CHROME_PATH": CHROMIUM},
                timeout=300,
            )
            if run.returncode != 0:
                scores[name] = run.stderr[-300:]
                continue
            report = json.loads(run.stdout)
            scores[name] = {k: round(v["score"] * 100) for k, v in report["categories"].items()}
            scores[f"{name} total blocking time (ms)"] = report["audits"]["total-blocking-time"][
                "numericValue"
            ]
    finally:
        server.shutdown()
        server.server_close()
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--plans", type=int, default=40)
    parser.add_argument("--workdir", type=Path, help="keep the generated projects here")
    parser.add_argument("--json", type=Path, default=ROOT / "bench-out" / "build_speed.json")
    parser.add_argument(
        "--browser", action="store_true", help="also time the dashboard in headless Chromium"
    )
    parser.add_argument(
        "--lighthouse", metavar="BIN", help="Lighthouse's command (npm lighthouse) to score pages"
    )
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="pacsite-bench-"))
    project, static = work / "portal", work / "static"
    for folder in (project, static):
        shutil.rmtree(folder, ignore_errors=True)
    figures: dict[str, object] = {"plans": args.plans}
    figures["result rows"] = generate(project, args.plans)
    full = run_measured(BUILD.format(site=str(work / "site-pacsite")), project)
    static_project(project, static)
    plain = run_measured(BUILD.format(site=str(work / "site-plain")), static)
    figures["1 full build with pacsite (s)"] = full["seconds"]
    figures["2 plain build of the same pages (s)"] = plain["seconds"]
    figures["3 pacsite stages (s)"] = stages(project)
    figures["4 rebuild after editing one plan"] = rebuild(project, work / "site-rebuild")
    pages = [p for p in (work / "site-pacsite").rglob("*.html")]
    largest = max(pages, key=lambda p: p.stat().st_size)
    figures["5 peak RSS of the full build (MiB)"] = full["rss_mib"]
    figures["generated pages"] = len(pages)
    figures["largest page (KiB)"] = largest.stat().st_size / 1024
    figures["largest page"] = largest.relative_to(work / "site-pacsite").as_posix()
    figures["dashboard page (KiB)"] = (
        work / "site-pacsite" / "region-00" / "index.html"
    ).stat().st_size / 1024
    figures["site size (MiB)"] = (
        sum(p.stat().st_size for p in (work / "site-pacsite").rglob("*") if p.is_file()) / 2**20
    )
    if args.browser:
        example = work / "site-example"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                str(ROOT / "mkdocs.yml"),
                "-d",
                str(example),
            ],
            check=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        figures["browser (example site)"] = browser_timings(
            example,
            {
                "concession dashboard": "concession-2025/",
                "saas dashboard": "saas-growth-2026/",
                "concession KPI page": "concession-2025/kpis/",
                "concession segment page": "concession-2025/segments/particuliers/",
            },
        )
        figures["example dashboard page (KiB)"] = (
            example / "concession-2025" / "index.html"
        ).stat().st_size / 1024
        if args.lighthouse:
            figures["lighthouse (example site, mobile)"] = lighthouse(args.lighthouse, example)
    rebuilt = figures["4 rebuild after editing one plan"]
    assert isinstance(rebuilt, dict)
    ratio_full = full["seconds"] / plain["seconds"]
    ratio_rebuild = rebuilt["rebuild"] / rebuilt["first build"]
    share = rebuilt["pacsite stages, rebuild"] / rebuilt["pacsite stages, first"]
    figures["pacsite share of a rebuild (rebuild stages / full stages)"] = share
    figures["ratio 1/2"] = ratio_full
    figures["ratio 4/1"] = ratio_rebuild
    for key, value in figures.items():
        if isinstance(value, dict):
            print(f"{key}:")
            for sub, number in value.items():
                print(
                    f"    {sub}: {number:.3f}"
                    if isinstance(number, float)
                    else f"    {sub}: {number}"
                )
        elif isinstance(value, float):
            print(f"{key}: {value:.3f}")
        else:
            print(f"{key}: {value}")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"figures written to {args.json}")
    print(f"ratio 1/2 (pacsite build / plain build of the same pages): {ratio_full:.3f}")
    print(f"ratio 4/1 (rebuild after editing one plan / full build): {ratio_rebuild:.3f}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
