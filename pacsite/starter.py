"""`pacsite init`: a ready plan repository — site configuration, a starter plan, CI files."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Literal

from packaging.requirements import Requirement
from wheel.wheelfile import WheelFile

from .analysis import build_date
from .schemas import plan_schemas

__all__ = ["INSTALL", "FirstCommit", "Host", "create_repository", "first_commit", "starter_files"]

Host = Literal["github", "gitlab", "intranet"]


def _read(*parts: str) -> str:
    return resources.files("pacsite").joinpath("scaffold", *parts).read_text(encoding="utf-8")


INSTALL = (
    "pip install --no-deps --require-hashes -r requirements-pacsite.txt"
    " && pip install -r requirements.txt"
)
"""The one install line of a plan repository: its README, its CI files and `init` print it.
pacsite from the repository's wheel, its hash checked; then everything pacsite needs, pinned."""

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
    """Every package pacsite needs to build the site, pinned to the version installed here.

    The whole closure of pacsite's dependencies (theirs included), not only the top ones:
    pacsite's own wheel is installed with `--no-deps` (its hash checked), so this file is what
    brings everything it imports into a new virtual environment. A dependency whose marker does
    not hold here (`pywin32; platform_system == "Windows"`) is not listed: where it applies,
    pip's resolver adds it from the requirements of the pinned package that asks for it.
    """
    lines = [
        "# The versions this repository was created with (pacsite "
        + metadata.version("pacsite")
        + " and everything it needs):",
        "# update them together, deliberately. pacsite itself comes from wheels/, checked by its",
        "# hash: requirements-pacsite.txt.",
    ]
    pinned = dependency_closure("pacsite")
    pinned.pop("pacsite", None)
    lines += [f"{name}=={version}" for name, version in sorted(pinned.items())]
    return "\n".join(lines) + "\n"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def dependency_closure(root: str) -> dict[str, str]:
    """{canonical name: installed version} of `root` and everything it requires here, with the
    extras its requirements ask for; requirements whose marker is false here are left out."""
    found: dict[str, str] = {}
    pending: list[tuple[str, frozenset[str]]] = [(root, frozenset())]
    while pending:
        name, extras = pending.pop()
        key = _canonical(name)
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional dependency this machine does not have
        found[key] = dist.version
        for text in dist.requires or []:
            requirement = Requirement(text)
            if requirement.marker is not None and not any(
                requirement.marker.evaluate({"extra": extra}) for extra in extras | {""}
            ):
                continue
            pending.append((requirement.name, frozenset(requirement.extras)))
    return found


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
        .replace("@INSTALL@", INSTALL)
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
        yield ".github/workflows/pac.yml", _read("github", "pac.yml").replace("@INSTALL@", INSTALL)
    elif host == "gitlab":
        yield ".gitlab-ci.yml", _read("gitlab", "gitlab-ci.yml").replace("@INSTALL@", INSTALL)
    else:
        yield "publish.sh", _read("intranet", "publish.sh").replace("@INSTALL@", INSTALL)


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


@dataclass(frozen=True)
class FirstCommit:
    """The commit `init` made: the history pages start from it."""

    commit: str
    branch: str
    author: str
    """Who it is signed by: the user's git identity, else `pacsite init` (said to the user)."""
    own_identity: bool


_INIT_IDENTITY = ("pacsite init", "pacsite-init@localhost")


def first_commit(folder: Path) -> FirstCommit | None:
    """Make `folder` a git repository on branch `main` with every file in a first commit.

    Returns None, changing nothing, where git is not installed or `folder` is inside a
    repository already (a plans folder in a bigger repository).
    """
    git = shutil.which("git")
    if git is None:
        return None

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [git, *args], cwd=folder, capture_output=True, text=True, env=env, timeout=120
        )

    if run("rev-parse", "--git-dir").returncode == 0:
        return None
    if run("init", "-q", "--initial-branch=main").returncode != 0:
        return None
    env = dict(os.environ)
    name = run("config", "user.name").stdout.strip()
    email = run("config", "user.email").stdout.strip()
    own = bool(name and email)
    if not own:
        name, email = _INIT_IDENTITY
        env |= {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email}
        env |= {"GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}
    run("add", "-A")
    done = run(
        "commit", "-q", "--no-verify", "-m", "Plan repository created by pacsite init", env=env
    )
    if done.returncode != 0:
        return None
    commit = run("rev-parse", "--short", "HEAD").stdout.strip()
    return FirstCommit(commit, "main", f"{name} <{email}>", own)
