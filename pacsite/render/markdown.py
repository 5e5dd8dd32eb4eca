"""Free-text Markdown fields (summary, description...) rendered safely to HTML: the one sanitiser.

Users' Markdown is rendered and their raw HTML is shown as text. A link's address is judged after
decoding its character references (`&#58;`, `&colon;`) and removing control characters and
spaces, as a browser would: only http(s), mailto, tel and relative addresses are kept. Link
titles lose any markup (Material shows them as tooltips). Images from outside the site become
links to them: reading a page never makes a request leave the site.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

__all__ = ["render_markdown", "safe_url"]

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:")


# What a browser ignores inside a URL's scheme: ASCII control characters and white space.
_IGNORED = re.compile(r"[\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2028\u2029\u2060\ufeff]+")
_TAG = re.compile(r"<[^>]*>?")


def _as_browser_reads(url: str) -> str:
    """The address a browser would follow: references decoded (twice, for `&amp;#58;`), control
    characters and spaces removed, lower case."""
    decoded = html.unescape(html.unescape(url))
    return _IGNORED.sub("", decoded).lower()


def safe_url(url: str) -> bool:
    """True for web, mail and phone addresses and for relative ones; False for `javascript:`,
    `data:`, `vbscript:`... however they are disguised."""
    compact = _as_browser_reads(url)
    if ":" not in compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True  # relative: no scheme before the first / ? or #
    return compact.startswith(_SAFE_SCHEMES)


def _outside(url: str) -> bool:
    """An address a browser may fetch from another host: any scheme (`https:`), or a path that
    starts with two slashes once backslashes are read as slashes, as browsers read them in web
    addresses (`//host/x`, `/\\host/x`, `\\\\host/x`, `/&#92;host/x`)."""
    compact = _as_browser_reads(url).replace("\\", "/")
    if compact.startswith("//"):
        return True
    return ":" in compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]


def plain_title(title: str) -> str:
    """A link title as plain text: references decoded, tags and angle brackets removed."""
    text = _TAG.sub("", html.unescape(html.unescape(title)))
    return _IGNORED.sub(" ", text.replace("<", "").replace(">", "")).strip()


class _UrlFilter(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in list(root.iter()):
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not safe_url(value):
                    del element.attrib[attribute]
            if element.tag == "img" and _outside(element.get("src", "")):
                # an image from another site would be fetched by every reader: link to it
                src, alt = element.attrib.pop("src"), element.attrib.pop("alt", "")
                element.tag = "a"
                element.attrib.clear()
                element.set("href", src)
                element.text = alt or src
            title = element.get("title")
            if title is not None:
                element.set("title", plain_title(title))
            if element.tag == "a" and _outside(element.get("href", "")):
                element.set("rel", "noopener noreferrer")


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
