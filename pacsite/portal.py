"""A portal of plans, end to end: load → analyse → render, without MkDocs.

The MkDocs plugin and `pacsite gen` both call `Portal.build`.
"""

from __future__ import annotations

import hashlib
import html
import importlib.util
import os
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

from .analysis import Thresholds, analyse
from .history import plan_history
from .load import Code, Diagnostic, LintLevel, LoadedPlan, Position, discover_plans, load_plan
from .model import PeriodError, parse_period
from .render.site import (
    GeneratedFile,
    GeneratedPage,
    NavItem,
    RenderedPlan,
    SiteOptions,
    SiteRenderer,
)

__all__ = ["Portal", "PortalOptions", "asset_files"]

ASSETS = "assets/pacsite"


@dataclass(frozen=True)
class PortalOptions:
    """Where the plans are and how to publish them."""

    root: Path
    plans_dir: Path
    docs_dir: Path | None = None
    portal_uri: str = "plans/index.md"
    portal_title: str | None = None
    language: str = "en"
    directory_urls: bool = True
    template_dirs: Sequence[Path] = ()
    plotly: Literal["bundled", "cdn"] = "bundled"
    plotly_cdn: str = "https://cdn.plot.ly/plotly-2.35.2.min.js"
    plotly_bundle: Literal["basic", "full"] = "basic"
    as_of: str | None = None
    lint: Mapping[str, LintLevel] = field(default_factory=dict)
    thresholds: tuple[float, float] = (1.0, 0.85)
    site_url: str | None = None
    history: bool = True
    history_limit: int = 30


@dataclass
class Portal:
    """Every page of the plans, the navigation, and what was found wrong."""

    options: PortalOptions
    pages: list[GeneratedPage]
    files: list[GeneratedFile]
    nav: list[NavItem]
    errors: list[Diagnostic]
    warnings: list[Diagnostic]
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def build(cls, options: PortalOptions) -> Portal:
        """Load, check, analyse and render every plan of `options.plans_dir`.

        A plan whose files, options and templates are unchanged since the previous build in this
        process (`mkdocs serve`) is not read, analysed or rendered again.

        Raises:
            ValueError: an option is wrong (an `as_of` that is not a date).
        """
        as_of = None
        if options.as_of:
            try:
                as_of = parse_period(options.as_of).last
            except PeriodError as exc:
                raise ValueError(f"pacsite option as_of: {exc}") from None
        timings = dict.fromkeys(("load", "analyse", "history", "render"), 0.0)
        if not options.plans_dir.is_dir():
            error = Diagnostic(
                Position(str(options.plans_dir)), Code.SYNTAX, "plans directory not found"
            )
            return cls(options, [], [], [], [error], [], timings)
        renderer = SiteRenderer(
            SiteOptions(
                portal_uri=options.portal_uri,
                portal_title=options.portal_title,
                language=options.language,
                directory_urls=options.directory_urls,
                template_dirs=options.template_dirs,
                plotly=options.plotly,
                site_url=options.site_url,
            )
        )
        thresholds = Thresholds(*options.thresholds)
        signature = _signature(options)
        errors: list[Diagnostic] = []
        warnings: list[Diagnostic] = []
        rendered: list[RenderedPlan] = []
        for root in discover_plans(options.plans_dir):
            cached = _CACHE.get(root.resolve())
            fingerprint = _fingerprint(root, cached.deps if cached else ())
            if cached and cached.signature == signature and cached.fingerprint == fingerprint:
                warnings += cached.warnings
                rendered.append(cached.rendered)
                continue
            started = time.perf_counter()
            loaded, diagnostics = load_plan(root, base=options.root, lint_levels=options.lint)
            timings["load"] += time.perf_counter() - started
            errors += [d for d in diagnostics if d.severity == "error"]
            plan_warnings = [d for d in diagnostics if d.severity == "warning"]
            warnings += plan_warnings
            if loaded is None:
                _CACHE.pop(root.resolve(), None)
                continue
            started = time.perf_counter()
            analysis = analyse(loaded.plan, loaded.measures, as_of=as_of, thresholds=thresholds)
            timings["analyse"] += time.perf_counter() - started
            started = time.perf_counter()
            history = (
                plan_history(loaded.source, loaded.plan, limit=options.history_limit)
                if options.history
                else None
            )
            timings["history"] += time.perf_counter() - started
            started = time.perf_counter()
            plan_pages = renderer.render_plan(loaded, analysis, history)
            timings["render"] += time.perf_counter() - started
            deps = _dependencies(loaded)
            _CACHE[root.resolve()] = _Cached(
                signature,
                # a folder plan's hash is of its files already; a single file's adds its results
                fingerprint if root.is_dir() else _fingerprint(root, deps),
                deps,
                plan_pages,
                plan_warnings,
            )
            rendered.append(plan_pages)
        errors += _duplicate_ids(rendered)
        if errors:
            return cls(
                options, [], [], [], sorted(errors, key=lambda d: d.sort_key), warnings, timings
            )
        started = time.perf_counter()
        portal_page = renderer.render_portal(rendered)
        timings["render"] += time.perf_counter() - started
        pages = [portal_page] + [page for plan in rendered for page in plan.pages]
        nav: list[NavItem] = [
            {
                html.escape(portal_page.title, quote=False): [portal_page.src_uri]
                + [item for plan in rendered for item in plan.nav]
            }
        ]
        files = [f for plan in rendered for f in plan.files]
        return cls(
            options, pages, files, nav, [], sorted(warnings, key=lambda d: d.sort_key), timings
        )

    def edit_path(self, page: GeneratedPage) -> str | None:
        """The YAML file behind a page, relative to `docs_dir` (what MkDocs' edit links append)."""
        if page.source is None:
            return None
        start = self.options.docs_dir or self.options.root
        return Path(os.path.relpath(page.source.resolve(), start.resolve())).as_posix()


@dataclass(frozen=True)
class _Cached:
    signature: str
    fingerprint: str
    deps: tuple[Path, ...]
    rendered: RenderedPlan
    warnings: list[Diagnostic]


# Rendered plans of this process, for rebuilds (`mkdocs serve`): keyed on the plan's root.
_CACHE: dict[Path, _Cached] = {}


def _files_under(folder: Path) -> list[Path]:
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def _dependencies(loaded: LoadedPlan) -> tuple[Path, ...]:
    """Files a plan was read from: its folder's files, or its file and the results it names."""
    source = loaded.source
    if source.is_folder:
        return tuple(_files_under(source.root))
    extra = [(source.base_dir / r.file) for r in loaded.plan.results]
    return (source.root, *[p for p in extra if p.is_file()])


def _fingerprint(root: Path, deps: Sequence[Path]) -> str:
    """A hash of the contents of a plan's files (a folder plan's current files, else `deps`)."""
    files = _files_under(root) if root.is_dir() else sorted({root, *deps})
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _signature(options: PortalOptions) -> str:
    """What else a plan's pages depend on: options, overriding templates, git HEAD (history)."""
    digest = hashlib.sha256(repr(options).encode("utf-8"))
    for folder in options.template_dirs:
        for path in _files_under(folder / "pacsite"):
            digest.update(path.read_bytes())
    if options.history:
        try:
            head = subprocess.run(
                ["git", "rev-parse", "HEAD"],
                cwd=options.plans_dir,
                capture_output=True,
                text=True,
                check=False,
            ).stdout
        except OSError:
            head = ""
        digest.update(head.encode())
    return str(digest.hexdigest())


def _duplicate_ids(rendered: Sequence[RenderedPlan]) -> list[Diagnostic]:
    seen: dict[str, Path] = {}
    errors = []
    for plan in rendered:
        source = plan.view.loaded.source
        if plan.view.id in seen:
            errors.append(
                Diagnostic(
                    Position(source.root.as_posix()),
                    Code.DUPLICATE,
                    f"plan id '{plan.view.id}' is used twice: {seen[plan.view.id]} and {source.root}",
                )
            )
        else:
            seen[plan.view.id] = source.root
    return errors


def _read_asset(name: str) -> str:
    return resources.files("pacsite").joinpath("assets", name).read_text(encoding="utf-8")


def plotly_js_path(bundle: Literal["basic", "full"] = "basic") -> Path:
    """plotly.js to copy into the site.

    `basic` (the default, 1.2 MB): plotly.js's official partial bundle of the chart types pacsite
    draws (scatter, bar, pie), shipped with pacsite, the same version as the plotly package's;
    `full` (4.8 MB): the bundle inside the plotly Python package, for templates drawing more.
    """
    if bundle == "basic":
        return Path(
            str(resources.files("pacsite").joinpath("assets", "vendor", "plotly-basic.min.js"))
        )
    spec = importlib.util.find_spec("plotly")  # found without importing plotly (slow to import)
    assert spec is not None and spec.origin is not None, "the plotly package is not installed"
    return Path(spec.origin).parent / "package_data" / "plotly.min.js"


def asset_files(options: PortalOptions) -> Iterator[tuple[str, str | None, Path | None]]:
    """The site's pacsite assets: (URI, text content or None, file to copy or None)."""
    yield f"{ASSETS}/pacsite.css", _read_asset("pacsite.css"), None
    source = "" if options.plotly == "bundled" else options.plotly_cdn
    script = _read_asset("pacsite.js").replace("__PLOTLY_SRC__", source.replace('"', "%22"))
    yield f"{ASSETS}/pacsite.js", script, None
    if options.plotly == "bundled":
        yield f"{ASSETS}/plotly.min.js", None, plotly_js_path(options.plotly_bundle)
