"""The Jinja environment of pacsite's page templates, and the filters they use.

Templates live in `pacsite/templates/pacsite/`; a file of the same name under one of the override
folders (the Material `custom_dir`, e.g. `theme_overrides/pacsite/segment.md`) replaces ours.
Autoescaping is on: every text of a plan is shown as text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup

from ..text import one_line
from .chart_print import chart_table, print_svg
from .charts import chart_json, chart_text
from .filters import FILTERS
from .markdown import render_markdown

__all__ = ["make_environment", "md_escape"]

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")


def md_escape(value: object) -> Markup:
    """Plain text placed in Markdown (headings, table cells): one line, HTML- and
    Markdown-escaped, so that no Markdown, attribute list or HTML of it is ever live."""
    text = html.escape(one_line(value), quote=False)
    return Markup(_MARKDOWN_SPECIALS.sub(r"\\\1", text))


def yaml_string(value: object) -> Markup:
    """A page title for front matter: one line, HTML-escaped (themes print titles unescaped),
    as a double-quoted YAML scalar that PyYAML writes itself: any character reads back as it
    was (a JSON string would write astral characters as surrogate pairs, which YAML refuses,
    and the theme would then take the title from elsewhere, unescaped)."""
    text = html.escape(one_line(value), quote=False)
    quoted = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=float("inf"))
    return Markup(quoted.strip())


def percent_width(share: float | None) -> str:
    """A CSS width for a progress bar."""
    return f"{max(0.0, min(share or 0.0, 1.0)) * 100:.1f}%"


def percent_value(share: float | None) -> int:
    """A share as a whole percentage between 0 and 100 (`aria-valuenow` of a progress bar)."""
    return round(max(0.0, min(share or 0.0, 1.0)) * 100)


def _one_line_text(value: object) -> object:
    if isinstance(value, str) and not isinstance(value, Markup):
        return one_line(value)
    return value


def make_environment(override_dirs: Sequence[Path] = ()) -> jinja2.Environment:
    """The environment: override folders first, then pacsite's own templates."""
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(d) for d in override_dirs])]
    loaders.append(jinja2.PackageLoader("pacsite", "templates"))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        # Every value a template prints goes through here, then through HTML autoescaping: user
        # text arrives on one line, so that no line break can end the HTML block it stands in
        # and let Markdown read the rest. Rendered Markdown fields (Markup) keep theirs.
        finalize=_one_line_text,
    )
    env.filters.update(FILTERS)
    env.filters.update(
        md=md_escape,
        markdown=render_markdown,
        yaml_string=yaml_string,
        chart_json=chart_json,
        chart_text=chart_text,
        print_svg=print_svg,
        chart_table=chart_table,
        width=percent_width,
        percent_value=percent_value,
    )
    return env
