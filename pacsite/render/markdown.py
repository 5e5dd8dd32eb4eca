"""Free-text Markdown fields (summary, description...) rendered safely to HTML.

Users' Markdown is rendered, their raw HTML is shown as text, and links or images whose address
is not http(s), mailto, tel or relative are dropped: no script from a plan ever runs.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

__all__ = ["render_markdown", "safe_url"]

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


def safe_url(url: str) -> bool:
    """True for web, mail and phone addresses and for relative ones; False for `javascript:`..."""
    compact = "".join(url.split()).lower()
    if ":" not in compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True  # relative: no scheme before the first / ? or #
    return compact.startswith(_SAFE_SCHEMES)


class _UrlFilter(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not safe_url(value):
                    del element.attrib[attribute]
            if element.tag == "a" and element.get("href", "").startswith(("http:", "https:")):
                element.set("rel", "noopener")


class _SafeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # Raw HTML is escaped rather than passed through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_UrlFilter(md), "pacsite_url_filter", 0)


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["tables", "sane_lists", _SafeExtension()], output_format="html"
    )


@lru_cache(maxsize=4096)
def render_markdown(text: str | None) -> Markup:
    """HTML of a free-text Markdown field, safe to insert in a page."""
    if not text:
        return Markup("")
    md = _converter()
    md.reset()
    return Markup(md.convert(text))
