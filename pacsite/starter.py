"""`pacsite init`: a ready plan repository — site configuration, a starter plan, CI files."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Iterator
from importlib import metadata, resources
from pathlib import Path
from typing import Literal

from wheel.wheelfile import WheelFile

from .analysis import build_date
from .schemas import plan_schemas

__all__ = ["Host", "create_repository", "starter_files"]

Host = Literal["github", "gitlab", "intranet"]
_PINNED = ("pacsite", "mkdocs", "mkdocs-material")


def _read(*parts: str) -> str:
    return resources.files("pacsite").joinpath("scaffold", *parts).read_text(encoding="utf-8")


SCHEMA_LINE = "# yaml-language-server: $schema={path}\n"
"""The first line of a plan file: editors (VS Code's YAML extension) complete and check it."""

_PUBLISH = {
    "github": {
        "fr": "Poussez sur la branche `main` : le workflow `.github/workflows/pac.yml` vérifie les "
        "plans des pull requests et publie le site sur GitHub Pages (Settings → Pages → Source : "
        "« GitHub Actions »).",
        "en": "Push to the `main` branch: the `.github/workflows/pac.yml` workflow checks the "
        "plans of pull requests and publishes the site to GitHub Pages (Settings → Pages → "
        'Source: "GitHub Actions").',
    },
    "gitlab": {
        "fr": "Poussez sur la branche par défaut : `.gitlab-ci.yml` vérifie les plans des merge "
        "requests et publie le site sur GitLab Pages.",
        "en": "Push to the default branch: `.gitlab-ci.yml` checks the plans of merge requests "
        "and publishes the site to GitLab Pages.",
    },
    "intranet": {
        "fr": "`./publish.sh /srv/www/pac` construit le site et remplace l'ancien d'un coup ; si la "
        "construction échoue, le site publié reste tel quel.",
        "en": "`./publish.sh /srv/www/pac` builds the site and replaces the old one at once; if the "
        "build fails, the published site stays as it was.",
    },
}


def starter_plan(language: str) -> str:
    """The starter plan `init` writes (this year's), as YAML text."""
    year = str(build_date().year)
    return _read("common", f"plan.{language}.yaml").replace("@YEAR@", year)


def requirements() -> str:
    """Pinned versions of what builds the site with pacsite, as installed here."""
    lines = [
        "# The versions this repository was created with: update them together, deliberately.",
        "# pacsite itself comes from wheels/, checked by its hash: requirements-pacsite.txt.",
    ]
    for name in _PINNED:
        if name == "pacsite":
            continue
        try:
            lines.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            lines.append(name)
    return "\n".join(lines) + "\n"


_WHEEL_TIME = (2020, 1, 1, 0, 0, 0)  # fixed: the same pacsite gives the same wheel, same hash


def pacsite_wheel() -> tuple[str, bytes]:
    """A wheel of the running pacsite (file name, bytes), made from its installed files: the
    exact source the new repository installs, whatever index or checkout it came from."""
    dist = metadata.distribution("pacsite")
    name, version = dist.metadata["Name"], dist.version
    package = Path(__file__).resolve().parent
    info = f"{name}-{version}.dist-info"
    file_name = f"{name}-{version}-py3-none-any.whl"
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / file_name
        _write_wheel(target, package, info, dist, version)
        return file_name, target.read_bytes()


def _write_wheel(
    target: Path, package: Path, info: str, dist: metadata.Distribution, version: str
) -> None:
    with WheelFile(target, "w") as wheel:  # writes RECORD, with each file's hash, on close
        for path in sorted(package.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                arcname = "pacsite/" + path.relative_to(package).as_posix()
                wheel.writestr(_entry(arcname), path.read_bytes())
        wheel.writestr(_entry(f"{info}/METADATA"), _metadata_text(dist))
        generator = f"pacsite {version}"
        wheel.writestr(
            _entry(f"{info}/WHEEL"),
            f"Wheel-Version: 1.0\nGenerator: {generator}\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        )
        entry_points = dist.read_text("entry_points.txt")
        if entry_points:
            wheel.writestr(_entry(f"{info}/entry_points.txt"), entry_points)


def _entry(arcname: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(arcname, _WHEEL_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def _metadata_text(dist: metadata.Distribution) -> str:
    text = dist.read_text("METADATA") or dist.read_text("PKG-INFO") or ""
    return text if text.endswith("\n") else text + "\n"


def pacsite_requirement(wheel_name: str, wheel: bytes) -> str:
    digest = hashlib.sha256(wheel).hexdigest()
    return (
        "# pacsite, from the wheel beside this file, checked by its hash:\n"
        "#   pip install --no-deps --require-hashes -r requirements-pacsite.txt\n"
        f"./wheels/{wheel_name} --hash=sha256:{digest}\n"
    )


Visibility = Literal["public", "internal"]


def default_visibility(host: Host) -> Visibility:
    """An intranet site is internal; a GitHub or GitLab Pages site may be read by anyone."""
    return "internal" if host == "intranet" else "public"


def starter_files(
    language: Literal["fr", "en"],
    host: Host,
    *,
    name: str,
    visibility: Visibility | None = None,
) -> Iterator[tuple[str, str | bytes]]:
    """(path, text or bytes) of every file of a new plan repository."""
    year = str(build_date().year)
    words = {
        "fr": ("Plans d'action commerciaux", "Mode sombre", "Mode clair"),
        "en": ("Commercial action plans", "Dark mode", "Light mode"),
    }[language]
    site_url = {
        "github": "https://example.github.io/" + name + "/",
        "gitlab": "https://example.gitlab.io/" + name + "/",
        "intranet": "https://intranet.example.com/" + name + "/",
    }[host]
    config = (
        _read("common", "mkdocs.yml")
        .replace("@SITE_NAME@", words[0])
        .replace("@LANGUAGE@", language)
        .replace("@DARK@", words[1])
        .replace("@LIGHT@", words[2])
        .replace("@SITE_URL@", site_url)
        .replace("@VISIBILITY@", visibility or default_visibility(host))
    )
    yield "mkdocs.yml", config
    yield "requirements.txt", requirements()
    wheel_name, wheel = pacsite_wheel()
    yield f"wheels/{wheel_name}", wheel
    yield "requirements-pacsite.txt", pacsite_requirement(wheel_name, wheel)
    yield ".gitignore", _read("common", "gitignore")
    yield ".pre-commit-config.yaml", _read("common", "pre-commit-config.yaml")
    yield "docs/index.md", _read("common", f"index.{language}.md")
    plan_id = f"pac-{year}"
    yield (
        "README.md",
        _read("common", f"README.{language}.md")
        .replace("@SITE_NAME@", words[0])
        .replace("@PLAN_ID@", plan_id)
        .replace(f"@PUBLISH_{language.upper()}@", _PUBLISH[host][language]),
    )
    for kind, schema in plan_schemas().items():
        body = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        yield f"schemas/{kind}.schema.json", json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    yield (
        f"plans/{plan_id}/plan.yaml",
        SCHEMA_LINE.format(path="../../schemas/plan.schema.json")
        + _read("common", f"plan.{language}.yaml").replace("@YEAR@", year),
    )
    yield f"plans/{plan_id}/results/.gitkeep", ""
    if host == "github":
        yield ".github/workflows/pac.yml", _read("github", "pac.yml")
    elif host == "gitlab":
        yield ".gitlab-ci.yml", _read("gitlab", "gitlab-ci.yml")
    else:
        yield "publish.sh", _read("intranet", "publish.sh")


def create_repository(
    folder: Path,
    language: Literal["fr", "en"] = "fr",
    host: Host = "github",
    visibility: Visibility | None = None,
) -> list[Path]:
    """Write a new plan repository into `folder` (which must be empty or absent).

    Raises:
        FileExistsError: `folder` holds files already.
    """
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(f"{folder} is not empty: pacsite init only writes into a new folder")
    written = []
    files = starter_files(language, host, name=folder.resolve().name, visibility=visibility)
    for relative, text in files:
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        if relative.endswith(".sh"):
            path.chmod(0o755)
        written.append(path)
    return written
