"""The MkDocs plugin: hooks only; the work is done by `pacsite.load`, `analysis` and `render`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from .load import LoadResult, load_plans

log = get_plugin_logger(__name__)


class PacsiteConfig(Config):
    """Options of the `pacsite` plugin in `mkdocs.yml`."""

    plans_dir = c.Type(str, default="plans")
    """Folder of the plans, relative to `mkdocs.yml`."""
    lint = c.Type(dict, default={})
    """Severity per lint code: `{PAC101: ignore | warning | error}`."""


class PacsitePlugin(BasePlugin[PacsiteConfig]):
    """Loads the plans before the build and fails it, all errors listed, when one is broken."""

    def __init__(self) -> None:
        self.result: LoadResult | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        plans_dir = root / self.config.plans_dir
        result = load_plans(plans_dir, base=root, lint_levels=self.config.lint)
        for warning in result.warnings:
            log.warning(str(warning))
        if result.errors:
            lines = "\n".join(str(d) for d in result.errors)
            raise PluginError(f"{len(result.errors)} error(s) in plans:\n{lines}")
        self.result = result
        return config

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        root = Path(config.config_file_path or ".").resolve().parent
        server.watch(str(root / self.config.plans_dir))
        return server
