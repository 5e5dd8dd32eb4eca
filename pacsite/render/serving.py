"""What the browser shows while a plan is broken under `mkdocs serve`."""

from __future__ import annotations

import html
from collections.abc import Sequence

from ..load import Diagnostic
from .i18n import Formatter

__all__ = ["serve_errors_panel"]


def serve_errors_panel(errors: Sequence[Diagnostic], language: str) -> str:
    """A panel listing each located error (file:line:column, message, code), in the site's
    language; every text escaped."""
    fmt = Formatter(language)
    items = "".join(
        f"<li><code>{html.escape(str(d.position))}</code> {html.escape(str(d.message))} "
        f"<small>[{html.escape(str(d.code))}]</small></li>"
        for d in errors
    )
    return (
        '<div class="admonition failure pacsite-serve-errors" role="alert">'
        f'<p class="admonition-title">{html.escape(fmt.n("serve.errors", len(errors)))}</p>'
        f"<p>{html.escape(fmt.t('serve.last_good'))}</p><ul>{items}</ul></div>"
    )
