"""The MkDocs plugin: hooks only; the work is done by `pacsite.load`, `analysis` and `render`."""

from __future__ import annotations

import gc
import gzip
import hashlib
import logging
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import publish
from .ahead import Ahead, collector_paused
from .load import Diagnostic
from .pipeline import Outcome, render_ahead, run
from .render.navigation import site_nav
from .render.serving import serve_errors_panel
from .settings import OptionsError, Settings, SiteFacts, placeholder_url, validate_settings
from .site_assets import asset_files

log = get_plugin_logger(__name__)


class _Counter(logging.Handler):
    """Counts the warnings MkDocs logs (a strict build fails on any)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


# Under `mkdocs serve`, the last outcome without errors, per configuration file: MkDocs makes a
# new plugin for every rebuild, and a plan broken while previewing must not blank the site.
_LAST_GOOD: dict[str, Outcome] = {}
# Under `mkdocs serve --dirty`, a digest of each generated file as last built: a page whose
# Markdown did not change is not built again (MkDocs deems generated content always modified).
_BUILT: dict[tuple[str, str], str] = {}


def _unchanged(key: tuple[str, str], content: str | bytes) -> bool:
    digest = hashlib.sha256(content.encode() if isinstance(content, str) else content).hexdigest()
    same = _BUILT.get(key) == digest
    _BUILT[key] = digest
    return same


class _Deferred(File):
    """A generated file whose content is made when MkDocs first reads it: pacsite's pages are
    rendered while MkDocs builds (`pacsite.ahead`), not all before it starts. Only File's public
    reading and copying methods are overridden; `modified` is False for a file that a
    `serve --dirty` rebuild made the same as the last time (MkDocs takes generated files for
    changed)."""

    @classmethod
    def of(
        cls, config: MkDocsConfig, uri: str, make: Callable[[], str | bytes], modified: bool
    ) -> _Deferred:
        file = cls.generated(config, uri, content=b"")
        assert isinstance(file, _Deferred)
        file.make, file.modified, file.made = make, modified, None
        return file

    make: Callable[[], str | bytes] | None
    modified: bool
    made: str | bytes | None

    def _made(self) -> str | bytes:
        if self.made is None:
            assert self.make is not None
            self.made, self.make = self.make(), None
        return self.made

    @property
    def content_bytes(self) -> bytes:
        made = self._made()
        return made.encode() if isinstance(made, str) else made

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        self.made, self.make = value, None

    @property
    def content_string(self) -> str:
        made = self._made()
        return made if isinstance(made, str) else made.decode("utf-8-sig")

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.made, self.make = value, None

    def is_modified(self) -> bool:
        return self.modified

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        output = Path(self.abs_dest_path)
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_bytes(self.content_bytes)


class PacsitePlugin(BasePlugin):  # type: ignore[type-arg]
    """Publishes the plans of `plans_dir` as pages of the site."""

    config_scheme = ()

    def __init__(self) -> None:
        self.settings = Settings()
        self.portal: Outcome | None = None
        self.command: str | None = None
        self.dirty = False
        self.build: publish.Build | None = None
        self.warnings = _Counter()
        self.serve_errors: list[Diagnostic] = []
        self.ahead: Ahead | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    def load_config(
        self, options: dict[str, Any], config_file_path: str | None = None
    ) -> tuple[Any, Any]:
        """The options, checked by pacsite's one settings model (`pacsite.settings.Settings`):
        an unknown key, lint code or severity is an error naming the key."""
        errors, warnings = super().load_config({}, config_file_path)
        try:
            self.settings = validate_settings(options)
        except OptionsError as exc:
            errors = [
                (d.path.removeprefix("plugins.pacsite.") or "pacsite", ValueError(d.message))
                for d in exc.diagnostics
            ]
        return errors, warnings

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Plans are loaded and rendered before MkDocs cleans site_dir: a broken plan fails the
        # build with every located error and leaves the previous site as it was.
        root = Path(config.config_file_path or ".").resolve().parent
        site = SiteFacts(
            root=root,
            docs_dir=Path(config.docs_dir),
            directory_urls=config.use_directory_urls,
            site_url=config.site_url,
            template_dirs=tuple(
                Path(d) for d in config.theme.dirs if (Path(d) / "pacsite").is_dir()
            ),
            theme_language=str(config.theme.get("language") or "") or None,
        )
        if placeholder_url(config.site_url):
            # harmless while previewing; in the GitHub or GitLab CI that publishes (which sets
            # SITE_URL as generated), feeds and links would point nowhere
            publishing = os.environ.get("GITHUB_ACTIONS") or os.environ.get("GITLAB_CI")
            say = log.warning if publishing else log.info
            say(
                f"site_url is still the placeholder {config.site_url}: set SITE_URL (the "
                "generated CI does) or write your site's address in mkdocs.yml; calendar feeds "
                "and links use it"
            )
        with collector_paused():
            portal = run(self.settings, site, strict=bool(config.strict))
            # the plans stay in memory for the whole build: the collector need not walk them
            # (not even once, as young objects, when it is enabled again)
            gc.freeze()
        # Warnings from here on make a strict build fail after on_post_build: count them too.
        self.warnings = _Counter()
        logging.getLogger("mkdocs").addHandler(self.warnings)
        for warning in portal.warnings:
            log.warning(str(warning))
        for note in portal.notes:
            log.info(str(note))
        key = str(config.config_file_path)
        self.serve_errors = []
        if portal.errors and self.command == "serve":
            # previewing: the last good pages stay, and every page shows the errors (the
            # browser reloads when the build ends, and again once they are fixed)
            for error in portal.errors:
                log.error(str(error))
            self.serve_errors = portal.errors
            portal = _LAST_GOOD.get(key) or Outcome(portal.settings, portal.site)
        elif portal.errors:
            lines = "\n".join(str(d) for d in portal.errors)
            raise PluginError(f"{len(portal.errors)} error(s) in plans:\n{lines}")
        elif self.command == "serve":
            _LAST_GOOD[key] = portal
        self.portal = portal
        self._stop_ahead()
        if self.command in {None, "build", "gh-deploy"}:
            # pages made by another process while MkDocs builds, from now on (not under `serve`)
            self.ahead = render_ahead(portal)
        self.build = None
        if self.command in {None, "build", "gh-deploy"} and not self.dirty:
            # Build beside the published site; it is switched in place only when complete.
            self.build = publish.Build.begin(Path(config.site_dir))
            config.site_dir = str(self.build.folder)
        # pacsite's theme partials (a repository link that calls no outside API), after the
        # user's custom_dir and before Material's own
        ours = str(Path(__file__).parent / "theme")
        if ours not in config.theme.dirs:
            position = 1 if config.theme.custom_dir else 0
            config.theme.dirs.insert(position, ours)
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
        dirty = self.command == "serve" and self.dirty
        project = str(config.config_file_path)
        for page in self.portal.pages:
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                files.remove(existing)  # a docs page of the same name is replaced, as documented
            modified = not (dirty and _unchanged((project, page.src_uri), page.markdown))
            make = partial(getattr, page, "markdown")
            file = _Deferred.of(config, page.src_uri, make, modified)
            file.edit_uri = self.portal.edit_path(page)
            files.append(file)
        for generated in self.portal.files:
            modified = not (dirty and _unchanged((project, generated.uri), generated.content))
            make = partial(getattr, generated, "content")
            files.append(_Deferred.of(config, generated.uri, make, modified))
        for uri, content, path in asset_files(self.portal.settings):
            if content is not None:
                files.append(File.generated(config, uri, content=content))
            else:
                files.append(File.generated(config, uri, abs_src_path=str(path)))
        ours = {p.src_uri for p in self.portal.pages}
        mine = [u for u in user_pages if u not in ours]
        config.nav = site_nav(config.nav, mine, self.portal.nav)
        return files

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """While previewing a broken plan: its located errors at the top of every page."""
        if not self.serve_errors:
            return html
        return serve_errors_panel(self.serve_errors, self.portal_language(config)) + html

    def portal_language(self, config: MkDocsConfig) -> str:
        assert self.portal is not None
        return self.portal.site.language(self.portal.settings)

    def _stop_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.close()
            self.ahead = None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._stop_ahead()
        gc.unfreeze()
        # MkDocs gzips the sitemap with the build time in the gzip header: same input, same bytes.
        sitemap = Path(config.site_dir) / "sitemap.xml"
        if sitemap.is_file():
            with (
                (Path(config.site_dir) / "sitemap.xml.gz").open("wb") as raw,
                gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
            ):
                packed.write(sitemap.read_bytes())
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.build is not None:
            config.site_dir = str(self.build.final)
            # a strict build with warnings: MkDocs aborts it right after this
            self.build.finish(complete=not (config.strict and self.warnings.count))
            self.build = None

    def on_build_error(self, *, error: Exception) -> None:
        self._stop_ahead()
        gc.unfreeze()
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        if self.build is not None:
            self.build.finish(complete=False)
            self.build = None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.portal is not None:
            server.watch(str(self.portal.site.plans_dir(self.portal.settings)))
        return server
