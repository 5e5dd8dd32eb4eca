"""A whole project for another site generator, from one run of the pipeline (`pacsite gen --for`):
the pages and files are written by the command; this is their configuration — navigation,
theme language, the charts' CSS and JS, the Markdown extensions the pages use — so that
Zensical (`zensical.toml`) or MkDocs without the plugin (`mkdocs.yml`) builds it as it is."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

import yaml

from .settings import Settings, SiteFacts

if TYPE_CHECKING:
    from .pipeline import Outcome

__all__ = ["project_config"]

_CSS = "assets/pacsite/pacsite.css"
_JS = "assets/pacsite/pacsite.js"
_FEATURES = [
    "navigation.instant",
    "navigation.tracking",
    "navigation.sections",
    "navigation.indexes",
    "navigation.top",
    "search.highlight",
]
_EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables"]


def project_config(
    kind: Literal["zensical", "mkdocs"],
    portal: Outcome,
    settings: Settings,
    site: SiteFacts,
    user_nav: list[Any],
) -> tuple[str, str]:
    """(file name, text) of the generator's configuration for the written `docs/`."""
    name = _site_name(site, portal)
    language = site.language(settings)
    nav = [*user_nav, *portal.nav]
    if kind == "mkdocs":
        config: dict[str, Any] = {
            "site_name": name,
            **({"site_url": site.site_url} if site.site_url else {}),
            "use_directory_urls": site.directory_urls,
            "theme": {
                "name": "material",
                "language": language,
                "font": False,
                "features": _FEATURES,
            },
            "extra_css": [_CSS],
            "extra_javascript": [{"path": _JS, "defer": True}],
            "markdown_extensions": [*_EXTENSIONS, {"toc": {"permalink": True}}],
            "plugins": ["search"],
            "nav": nav,
        }
        header = "# Written by `pacsite gen --for mkdocs`: pages already made, no plugin needed.\n"
        return "mkdocs.yml", header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    lines = [
        "# Written by `pacsite gen --for zensical`: pages already made; `zensical build`.",
        "[project]",
        f"site_name = {_string(name)}",
        *([f"site_url = {_string(site.site_url)}"] if site.site_url else []),
        'docs_dir = "docs"',
        'site_dir = "site"',
        f"use_directory_urls = {'true' if site.directory_urls else 'false'}",
        f"extra_css = [{_string(_CSS)}]",
        f"extra_javascript = [{_string(_JS)}]",
        f"nav = {_toml(nav)}",
        "",
        "[project.theme]",
        f"language = {_string(language)}",
        "font = false",
        "features = [" + ", ".join(_string(f) for f in _FEATURES) + "]",
        "",
        "[project.markdown_extensions]",
        *[f"{e} = {{}}" for e in _EXTENSIONS],
        "toc.permalink = true",
        "",
    ]
    return "zensical.toml", "\n".join(lines)


def _site_name(site: SiteFacts, portal: Outcome) -> str:
    config = site.root / "mkdocs.yml"
    if config.is_file():
        for line in config.read_text(encoding="utf-8").splitlines():
            if line.startswith("site_name:"):
                value = yaml.safe_load(line.partition(":")[2]) if line.partition(":")[2] else None
                if isinstance(value, str) and value.strip():
                    return value
    return portal.pages[0].title if portal.pages else "Plans"


def _string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def _toml(value: Any) -> str:
    """The navigation as TOML: arrays, and one-key inline tables for titled entries."""
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(str(k))} = {_toml(v)}" for k, v in value.items()) + "}"
    return _string(str(value))
