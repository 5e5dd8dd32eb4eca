"""The one pipeline: load → portal checks → analyse → render. Every command and the plugin call it.

`run(settings, site, render=False)` is what `pacsite validate` and `pacsite status` see;
`run(settings, site)` adds the pages, which the MkDocs plugin and `pacsite gen` publish. The
verdict (errors and warnings) is the same either way: rendering finds nothing new.

A plan whose files, options and templates are unchanged since the previous run in this process
(`mkdocs serve`) is not read, analysed or rendered again.
"""

from __future__ import annotations

import html
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from . import fingerprint as fp
from . import history
from .ahead import Ahead, collector_paused, workers
from .analysis import PlanAnalysis, analyse
from .analysis.people import people
from .analysis.portfolio import portfolio
from .analysis.reviews import review_state
from .catalog import msg, translations
from .checks import portal_checks, reserved_names, stale_diagnostics
from .load import Code, Diagnostic, Limits, LoadedPlan, Position, discover_plans, load_plan
from .load.diagnostics import display_path
from .load.verbs import read_lexicons
from .model import Plan
from .redact import redact, redact_history
from .render.site import GeneratedFile, GeneratedPage, NavItem, RenderedPlan, SiteRenderer
from .settings import Settings, SiteFacts

__all__ = [
    "AnalysedPlan",
    "Outcome",
    "check",
    "render_ahead",
    "run",
]


@dataclass
class AnalysedPlan:
    """A plan that loaded, where it stands, and (when rendered) its pages."""

    loaded: LoadedPlan
    analysis: PlanAnalysis
    rendered: RenderedPlan | None = None
    # what the pages need besides the analysis, once looked up: its history and reviews
    revisions: history.PlanHistory | None = None
    meetings: list[history.Meeting] | None = None


@dataclass
class Outcome:
    """What a run found and made: the plans, every problem, and the pages when rendered."""

    settings: Settings
    site: SiteFacts
    plans: list[AnalysedPlan] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[Diagnostic] = field(default_factory=list)
    """What was read differently from what a first look suggests, on purpose (a total row at
    the bottom of an export, left out): said, never a failure."""
    pages: list[GeneratedPage] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)
    nav: list[NavItem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def loaded(self) -> list[LoadedPlan]:
        return [p.loaded for p in self.plans]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return sorted(self.errors + self.warnings, key=lambda d: d.sort_key)

    def edit_path(self, page: GeneratedPage) -> str | None:
        """The YAML file behind a page, relative to `docs_dir` (what MkDocs' edit links append)."""
        if page.source is None:
            return None
        start = self.site.docs_dir or self.site.root
        return Path(os.path.relpath(page.source.resolve(), start.resolve())).as_posix()


def run(
    settings: Settings,
    site: SiteFacts,
    *,
    render: bool = True,
    strict: bool = False,
    limits: Limits = Limits(),
) -> Outcome:
    """Load, check and analyse every plan of the plans folder; render them when `render`.

    With `strict`, lint findings are errors (`mkdocs build --strict`, `pacsite validate --strict`).
    Pages are made only when nothing is wrong.
    """
    timings = dict.fromkeys(("load", "analyse", "history", "render"), 0.0)
    out = Outcome(settings, site, timings=timings)
    plans_dir = site.plans_dir(settings)
    if not plans_dir.is_dir():
        out.errors.append(
            Diagnostic(
                Position(display_path(plans_dir, site.root)),
                Code.SYNTAX,
                msg("plans directory not found"),
                "plans_dir",
            )
        )
        return out
    signature = fp.signature(settings, site) + repr(limits)
    roots = list(discover_plans(plans_dir))
    try:
        with collector_paused():  # plans make many objects and little garbage
            found = list(_plans(roots, settings, site, signature, timings, limits, render))
    finally:
        history.close()
    for analysed, diagnostics in found:
        for d in diagnostics:
            if d.severity == "info":
                out.notes.append(d)
            elif d.severity == "error" or strict:
                out.errors.append(replace(d, severity="error"))
            else:
                out.warnings.append(d)
        if analysed is not None:
            out.plans.append(analysed)
    language = site.language(settings)
    reserved = reserved_names(settings, site)
    out.errors += [d.translated(language) for d in portal_checks(out.loaded, site.root, reserved)]
    out.errors.sort(key=lambda d: d.sort_key)
    out.warnings.sort(key=lambda d: d.sort_key)
    if out.errors or not render:
        return out
    renderer = SiteRenderer(settings, site)
    try:
        _render_plans(out.plans, renderer, settings, timings)
    finally:
        history.close()
    rendered = [p.rendered for p in out.plans if p.rendered is not None]
    started = time.perf_counter()
    analyses = [r.view.analysis for r in rendered]
    ranked = portfolio(analyses, settings.thresholds.thresholds())
    everyone = people(analyses)
    timings["analyse"] += time.perf_counter() - started
    started = time.perf_counter()
    portal_page = renderer.render_portal(rendered, ranked)
    people_pages, people_files, people_nav = renderer.render_people(rendered, everyone)
    timings["render"] += time.perf_counter() - started
    out.pages = [portal_page, *people_pages] + [page for plan in rendered for page in plan.pages]
    out.nav = [
        {
            html.escape(portal_page.title, quote=False): [portal_page.src_uri]
            + [item for plan in rendered for item in plan.nav]
            + ([people_nav] if people_nav else [])
        }
    ]
    out.files = [f for plan in rendered for f in plan.files] + people_files
    return out


def render_ahead(out: Outcome) -> Ahead | None:
    """Have the pages' Markdown and the files' bytes made by forked workers, in the order MkDocs
    reads them, while it builds (`pacsite.ahead`); None when not worth it or unsafe."""
    jobs: list[Callable[[], str | bytes]] = [partial(getattr, p, "markdown") for p in out.pages]
    jobs += [partial(getattr, f, "content") for f in out.files]
    count = workers(len(jobs))
    if not count:
        return None
    ahead = Ahead(jobs, count)
    pages = len(out.pages)
    out.pages = [replace(p, body=partial(ahead.text, i)) for i, p in enumerate(out.pages)]
    out.files = [replace(f, body=partial(ahead.data, pages + i)) for i, f in enumerate(out.files)]
    return ahead


def check(
    plans_dir: Path,
    *,
    root: Path | None = None,
    lint: Mapping[str, str] | None = None,
    limits: Limits = Limits(),
) -> Outcome:
    """The verdict on a plans folder with default options: `run(..., render=False)`."""
    site = SiteFacts(root=(root or plans_dir.parent).resolve())
    settings = Settings.model_validate({"plans_dir": str(plans_dir.resolve()), "lint": lint or {}})
    return run(settings, site, render=False, limits=limits)


def _render_plans(
    plans: Sequence[AnalysedPlan],
    renderer: SiteRenderer,
    settings: Settings,
    timings: dict[str, float],
) -> None:
    """Each plan's pages, unless kept from the previous run."""
    for plan in plans:
        if plan.rendered is not None:
            continue
        _look_back(plan, settings, timings)
        assert plan.meetings is not None
        started = time.perf_counter()
        plan.rendered = renderer.render_plan(
            plan.loaded, plan.analysis, plan.revisions, plan.meetings
        )
        timings["render"] += time.perf_counter() - started


def _look_back(plan: AnalysedPlan, settings: Settings, timings: dict[str, float]) -> None:
    """The plan's history (git) and its reviews, unless already looked up."""
    if plan.meetings is not None:
        return
    started = time.perf_counter()
    plan.revisions = (
        redact_history(
            history.plan_history(
                plan.loaded.source,
                plan.loaded.plan,
                limit=settings.history_limit,
                prepare=lambda version: redact(version, settings.visibility),
            ),
            settings.visibility,
        )
        if settings.history
        else None
    )
    plan.meetings = _reviews(plan, settings, plan.revisions)
    timings["history"] += time.perf_counter() - started


def _reviews(
    plan: AnalysedPlan, settings: Settings, revisions: history.PlanHistory | None
) -> list[history.Meeting]:
    """Each review held by the as-of date, then the next one: what changed since the previous
    (the plan's versions from git when it has them, else its statuses and results only)."""
    loaded, analysis = plan.loaded, plan.analysis
    current = loaded.plan
    git = settings.history and history.in_git(loaded.source)

    def version(day: date) -> Plan | None:
        found = history.plan_at(loaded.source, current, day) if git else None
        if found is None:
            return None
        # the decisions recorded since then apply to what was decided then
        return redact(found, settings.visibility).plan.model_copy(
            update={"reviews": current.reviews}
        )

    held = sorted((r for r in current.reviews if r.day <= analysis.as_of), key=lambda r: r.day)
    start = current.period.first - timedelta(days=1)
    out = []
    for review in [*held, None]:
        end = review.day if review is not None else analysis.as_of
        then_plan, now_plan = version(start), (version(end) if review else current)
        exact = then_plan is not None and now_plan is not None
        state = review_state(
            review,
            start,
            end,
            then_plan or now_plan or current,
            now_plan or current,
            analysis.measures,  # indexed once
            exact=exact,
            thresholds=settings.thresholds.thresholds(),
            freshness=settings.stale.freshness(),
            known=analysis if review is None else None,  # the next review's "now" is today's
        )
        changes = None
        if exact and revisions is not None and not revisions.note:
            # every commit between the two reviews, oldest first: exactly the changes made
            changes = tuple(
                change
                for revision in reversed(revisions.revisions)
                if start < revision.date.date() <= end
                for change in revision.changes
            )
        out.append(history.Meeting(state, changes))
        start = end
    return out


def _plans(
    roots: Sequence[Path],
    settings: Settings,
    site: SiteFacts,
    signature: str,
    timings: dict[str, float],
    limits: Limits,
    render: bool,
) -> Iterator[tuple[AnalysedPlan | None, list[Diagnostic]]]:
    """Each plan loaded and analysed (`_plan`), in order, and when rendering its history and
    reviews looked up. With several plans and cores, a forked worker takes them from the last
    while this process takes them from the first, until they meet (`pacsite.ahead`); the stage
    timings add up both processes' time."""

    def one(root: Path, spent: dict[str, float]) -> tuple[AnalysedPlan | None, list[Diagnostic]]:
        found = _plan(root, settings, site, signature, spent, limits)
        if render and found[0] is not None and not any(d.severity == "error" for d in found[1]):
            _look_back(found[0], settings, spent)
        return found

    def apart(root: Path) -> tuple[tuple[AnalysedPlan | None, list[Diagnostic]], Any, Any]:
        spent = dict.fromkeys(timings, 0.0)
        try:
            return one(root, spent), spent, _CACHE.get(root.resolve())
        finally:
            history.close()  # a worker's own `git cat-file`

    count = workers(len(roots), minimum=4)
    if count:
        # what loading any plan reads once per process, read before the fork: read once
        translations(site.language(settings))
        read_lexicons()
    ahead = Ahead([partial(apart, r) for r in roots], count, backwards=True) if count else None
    try:
        for i, root in enumerate(roots):
            if ahead is None:
                yield one(root, timings)
                continue
            made: tuple[tuple[AnalysedPlan | None, list[Diagnostic]], dict[str, float], Any]
            made = ahead.get(i)  # type: ignore[assignment]
            found, spent, cached = made
            for stage, seconds in spent.items():
                timings[stage] += seconds
            if cached is not None:
                _CACHE[root.resolve()] = cached  # made by the worker: kept for the next run
            yield found
    finally:
        if ahead is not None:
            ahead.close()


def _plan(
    root: Path,
    settings: Settings,
    site: SiteFacts,
    signature: str,
    timings: dict[str, float],
    limits: Limits,
) -> tuple[AnalysedPlan | None, list[Diagnostic]]:
    """One plan loaded and analysed, or taken from the previous run when nothing changed."""
    key = root.resolve()
    cached = _CACHE.get(key)
    fingerprint = fp.fingerprint(root, cached.deps if cached else ())
    if cached and cached.signature == signature and cached.fingerprint == fingerprint:
        return cached.plan, cached.diagnostics
    started = time.perf_counter()
    loaded, found = load_plan(root, base=site.root, limits=limits, lint_levels=settings.lint)
    timings["load"] += time.perf_counter() - started
    # errors and findings in the plan's language (its `language:`, else the site's)
    language = (loaded.plan.language if loaded else _declared_language(root)) or site.language(
        settings
    )
    diagnostics = [d.translated(language) for d in found]
    if loaded is None:
        _CACHE.pop(key, None)
        return None, diagnostics
    loaded = redact(loaded, settings.visibility)  # a public site never sees hidden fields
    started = time.perf_counter()
    analysis = analyse(
        loaded.plan,
        loaded.measures,
        as_of=settings.as_of_date,
        thresholds=settings.thresholds.thresholds(),
        freshness=settings.stale.freshness(),
        failing=loaded.failing,
    )
    timings["analyse"] += time.perf_counter() - started
    diagnostics += [
        d.translated(language) for d in stale_diagnostics(loaded, analysis, settings, site)
    ]
    plan = AnalysedPlan(loaded, analysis)
    deps = fp.dependencies(loaded)
    # a folder plan's hash is of its files already; a single file's adds its results
    fingerprint = fingerprint if root.is_dir() else fp.fingerprint(root, deps)
    _CACHE[key] = _Cached(signature, fingerprint, deps, plan, diagnostics)
    return plan, diagnostics


_LANGUAGE = re.compile(rb"^language:\s*[\"']?([a-z]{2})\b", re.MULTILINE)


def _declared_language(root: Path) -> str | None:
    """The `language:` a plan that did not load declares, read from its plan file's text."""
    candidates = [root / "plan.yaml", root / "plan.yml"] if root.is_dir() else [root]
    plan_file = next((p for p in candidates if p.is_file()), candidates[0])
    try:
        found = _LANGUAGE.search(plan_file.read_bytes()[:1_000_000])
    except OSError:
        return None
    return found[1].decode() if found else None


@dataclass(frozen=True)
class _Cached:
    signature: str
    fingerprint: str
    deps: tuple[Path, ...]
    plan: AnalysedPlan
    diagnostics: list[Diagnostic]


# Plans of this process, for rebuilds (`mkdocs serve`): keyed on the plan's root.
_CACHE: dict[Path, _Cached] = {}
