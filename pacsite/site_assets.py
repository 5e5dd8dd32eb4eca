"""The site's pacsite assets: the style sheet, the script and plotly.js, as the plugin and
`pacsite gen` publish them."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from .settings import Settings

__all__ = ["ASSETS", "asset_files", "plotly_js_path"]

ASSETS = "assets/pacsite"


def _read_asset(name: str) -> str:
    return resources.files("pacsite").joinpath("assets", name).read_text(encoding="utf-8")


def plotly_js_path(bundle: str = "basic") -> Path:
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


def asset_files(settings: Settings) -> Iterator[tuple[str, str | None, Path | None]]:
    """The site's pacsite assets: (URI, text content or None, file to copy or None)."""
    yield f"{ASSETS}/pacsite.css", _read_asset("pacsite.css"), None
    source = "" if settings.plotly == "bundled" else settings.plotly_cdn
    script = _read_asset("pacsite.js").replace("__PLOTLY_SRC__", source.replace('"', "%22"))
    yield f"{ASSETS}/pacsite.js", script, None
    if settings.plotly == "bundled":
        yield f"{ASSETS}/plotly.min.js", None, plotly_js_path(settings.plotly_bundle)
