"""A portal of plans, end to end: load → analyse → render, without MkDocs.

The MkDocs plugin and `pacsite gen` both call `Portal.build`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Literal

import plotly

from .analysis import Thresholds, analyse
from .history import plan_history
from .load import Diagnostic, LintLevel, load_plans
from .model import PeriodError, parse_period
from .render.site import GeneratedFile, GeneratedPage, NavItem, SiteOptions, SiteRenderer

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

    @classmethod
    def build(cls, options: PortalOptions) -> Portal:
        """Load, check, analyse and render every plan of `options.plans_dir`.

        Raises:
            ValueError: an option is wrong (an `as_of` that is not a date).
        """
        as_of = None
        if options.as_of:
            try:
                as_of = parse_period(options.as_of).last
            except PeriodError as exc:
                raise ValueError(f"pacsite option as_of: {exc}") from None
        result = load_plans(options.plans_dir, base=options.root, lint_levels=options.lint)
        if result.errors:
            return cls(options, [], [], [], result.errors, result.warnings)
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
        rendered = [
            renderer.render_plan(
                loaded,
                analyse(loaded.plan, loaded.measures, as_of=as_of, thresholds=thresholds),
                plan_history(loaded.source, loaded.plan, limit=options.history_limit)
                if options.history
                else None,
            )
            for loaded in result.plans
        ]
        portal_page = renderer.render_portal(rendered)
        pages = [portal_page] + [page for plan in rendered for page in plan.pages]
        title = portal_page.title
        nav: list[NavItem] = [
            {title: [portal_page.src_uri] + [item for plan in rendered for item in plan.nav]}
        ]
        files = [f for plan in rendered for f in plan.files]
        return cls(options, pages, files, nav, [], result.warnings)

    def edit_path(self, page: GeneratedPage) -> str | None:
        """The YAML file behind a page, relative to `docs_dir` (what MkDocs' edit links append)."""
        if page.source is None:
            return None
        start = self.options.docs_dir or self.options.root
        return Path(os.path.relpath(page.source.resolve(), start.resolve())).as_posix()


def _read_asset(name: str) -> str:
    return resources.files("pacsite").joinpath("assets", name).read_text(encoding="utf-8")


def plotly_js_path() -> Path:
    """plotly.js as shipped inside the plotly Python package."""
    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def asset_files(options: PortalOptions) -> Iterator[tuple[str, str | None, Path | None]]:
    """The site's pacsite assets: (URI, text content or None, file to copy or None)."""
    yield f"{ASSETS}/pacsite.css", _read_asset("pacsite.css"), None
    source = "" if options.plotly == "bundled" else options.plotly_cdn
    script = _read_asset("pacsite.js").replace("__PLOTLY_SRC__", source.replace('"', "%22"))
    yield f"{ASSETS}/pacsite.js", script, None
    if options.plotly == "bundled":
        yield f"{ASSETS}/plotly.min.js", None, plotly_js_path()
