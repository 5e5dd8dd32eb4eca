"""The MkDocs plugin: hooks only; the work is done by `pacsite.load`, `analysis` and `render`."""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import nest_paths

from .portal import Portal, PortalOptions, asset_files

log = get_plugin_logger(__name__)


class ThresholdsConfig(Config):
    """Status thresholds: ratio of actual to trajectory."""

    on_track = c.Type(float, default=1.0)
    """From this ratio an objective is on track."""
    at_risk = c.Type(float, default=0.85)
    """From this ratio (and under `on_track`) an objective is at risk; below, off track."""


class PacsiteConfig(Config):
    """Options of the `pacsite` plugin in `mkdocs.yml`."""

    plans_dir = c.Type(str, default="plans")
    """Folder of the plans, relative to `mkdocs.yml`."""
    nav_title = c.Optional(c.Type(str))
    """Title of the navigation section and of the portal page (default: "Plans")."""
    portal = c.Type(str, default="plans/index.md")
    """Where the portal page listing the plans is generated, relative to `docs_dir`."""
    language = c.Optional(c.Choice(["fr", "en"]))
    """Language of plans that do not set theirs (default: `theme.language` when fr or en)."""
    as_of = c.Optional(c.Type(str))
    """Judge every plan at this date (`2025-06-30`, `2025-06`...) instead of its own."""
    plotly = c.Choice(["bundled", "cdn"], default="bundled")
    """`bundled`: plotly.js is copied into the site (works offline); `cdn`: loaded from `plotly_cdn`."""
    plotly_cdn = c.Type(str, default="https://cdn.plot.ly/plotly-2.35.2.min.js")
    """Address of plotly.js when `plotly: cdn`."""
    lint = c.Type(dict, default={})
    """Severity per lint code: `{PAC101: ignore | warning | error}`."""
    history = c.Type(bool, default=True)
    """Publish each plan's history computed from git (a page, and "last updated" on the dashboard)."""
    history_limit = c.Type(int, default=30)
    """How many of the latest commits the history shows."""
    thresholds = c.SubConfig(ThresholdsConfig)
    """Status thresholds (`on_track`, `at_risk`)."""


class PacsitePlugin(BasePlugin[PacsiteConfig]):
    """Publishes the plans of `plans_dir` as pages of the site."""

    def __init__(self) -> None:
        self.portal: Portal | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Plans are loaded and rendered before MkDocs cleans site_dir: a broken plan fails the
        # build with every located error and leaves the previous site as it was.
        root = Path(config.config_file_path or ".").resolve().parent
        theme_language = str(config.theme.get("language") or "en")[:2]
        options = PortalOptions(
            root=root,
            plans_dir=root / self.config.plans_dir,
            docs_dir=Path(config.docs_dir),
            portal_uri=self.config.portal,
            portal_title=self.config.nav_title,
            language=self.config.language
            or (theme_language if theme_language in {"fr", "en"} else "en"),
            directory_urls=config.use_directory_urls,
            template_dirs=[Path(d) for d in config.theme.dirs if (Path(d) / "pacsite").is_dir()],
            plotly="cdn" if self.config.plotly == "cdn" else "bundled",
            plotly_cdn=self.config.plotly_cdn,
            as_of=self.config.as_of,
            lint=self.config.lint,
            thresholds=(self.config.thresholds.on_track, self.config.thresholds.at_risk),
            site_url=config.site_url,
            history=self.config.history,
            history_limit=self.config.history_limit,
        )
        try:
            portal = Portal.build(options)
        except ValueError as exc:
            raise PluginError(str(exc)) from exc
        for warning in portal.warnings:
            log.warning(str(warning))
        if portal.errors:
            lines = "\n".join(str(d) for d in portal.errors)
            raise PluginError(f"{len(portal.errors)} error(s) in plans:\n{lines}")
        self.portal = portal
        config.extra_css.append("assets/pacsite/pacsite.css")
        # deferred: never in the way of the first paint
        script = ExtraScriptValue("assets/pacsite/pacsite.js")
        script.defer = True
        config.extra_javascript.append(script)
        return config

    @event_priority(-50)  # after other plugins added their files, before the navigation is made
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        assert self.portal is not None
        user_pages = [f.src_uri for f in files.documentation_pages()]
        for page in self.portal.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)  # a docs page of the same name is replaced, as documented
            file = File.generated(config, page.src_uri, content=page.markdown)
            file.edit_uri = self.portal.edit_path(page)
            files.append(file)
        for generated in self.portal.files:
            files.append(File.generated(config, generated.uri, content=generated.content))
        for uri, content, path in asset_files(self.portal.options):
            if content is not None:
                files.append(File.generated(config, uri, content=content))
            else:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        ours = {p.src_uri for p in self.portal.pages}
        base_nav = (
            config.nav
            if config.nav is not None
            else nest_paths(u for u in user_pages if u not in ours)
        )
        config.nav = [*base_nav, *self.portal.nav]
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # MkDocs gzips the sitemap with the build time in the gzip header: same input, same bytes.
        sitemap = Path(config.site_dir) / "sitemap.xml"
        if sitemap.is_file():
            with (
                (Path(config.site_dir) / "sitemap.xml.gz").open("wb") as raw,
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
            ):
                packed.write(sitemap.read_bytes())

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.portal is not None:
            server.watch(str(self.portal.options.plans_dir))
        return server
