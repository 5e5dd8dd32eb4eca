"""Day to day in git: `pacsite init`, CI files, workflow annotations, and the plan history page."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pacsite.cli import main
from tests.conftest import MINIMAL_PLAN, SiteBuild, WriteFiles


def _check_jsonschema(schema: str, path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("host", "language"), [("github", "fr"), ("gitlab", "en"), ("intranet", "fr")]
)
def test_init_creates_a_repository_that_validates_and_builds(
    tmp_path: Path, host: str, language: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = tmp_path / "pac"
    assert main(["init", str(target), "--host", host, "--language", language]) == 0
    assert main(["validate", str(target / "plans"), "--strict"]) == 0
    build(load_config(str(target / "mkdocs.yml"), strict=True))
    assert (target / "site" / "plans" / "index.html").is_file()
    requirements = (target / "requirements.txt").read_text(encoding="utf-8")
    assert "mkdocs==" in requirements and "mkdocs-material==" in requirements
    # pacsite from the hashed wheel in the repository, never a name an index may not have
    assert "pacsite==" not in requirements
    assert "--hash=sha256:" in (target / "requirements-pacsite.txt").read_text(encoding="utf-8")
    if host == "github":
        workflow = target / ".github/workflows/pac.yml"
        run = _check_jsonschema("vendor.github-workflows", workflow)
        assert run.returncode == 0, run.stdout + run.stderr
        text = workflow.read_text(encoding="utf-8")
        assert (
            "--format github" in text
            and "actions/deploy-pages" in text
            and "fetch-depth: 0" in text
        )
    elif host == "gitlab":
        run = _check_jsonschema("vendor.gitlab-ci", target / ".gitlab-ci.yml")
        assert run.returncode == 0, run.stdout + run.stderr
        assert "codequality: gl-code-quality-report.json" in (target / ".gitlab-ci.yml").read_text(
            encoding="utf-8"
        )
    else:
        script = target / "publish.sh"
        assert os.access(script, os.X_OK)
        assert subprocess.run(["bash", "-n", str(script)], check=False).returncode == 0
    capsys.readouterr()
    assert main(["init", str(target)]) == 1  # never overwrites


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_new_repository_is_one_a_newcomer_can_run(
    tmp_path: Path, language: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A README in the plan's language, the theme in that language, the editor's schema on the
    plan's first line (and the schemas in the repository), a pre-commit check, and a clean
    build that says nothing — but a warning in CI while site_url is the placeholder."""
    import json
    import logging

    import jsonschema
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    target = tmp_path / "pac"
    assert main(["init", str(target), "--host", "gitlab", "--language", language]) == 0
    readme = (target / "README.md").read_text(encoding="utf-8")
    words = {"fr": ("Modifier un plan", "mkdocs serve", "pacsite validate plans --strict"),
             "en": ("Edit a plan", "mkdocs serve", "pacsite validate plans --strict")}[language]  # fmt: skip
    assert all(w in readme for w in words) and "@PLAN_ID@" not in readme
    assert "GitLab Pages" in readme and "plans/pac-" in readme
    config = (target / "mkdocs.yml").read_text(encoding="utf-8")
    assert f"  language: {language}" in config and "!ENV [SITE_URL" in config
    [plan_file] = (target / "plans").glob("*/plan.yaml")
    first = plan_file.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/plan.schema.json"
    schema = json.loads((plan_file.parent / "../../schemas/plan.schema.json").resolve().read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(plan_file.read_text(encoding="utf-8"))
    # as an editor reads it: dates are text
    jsonschema.Draft202012Validator(schema).validate(json.loads(json.dumps(data, default=str)))
    hooks = yaml.safe_load((target / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    [hook] = hooks["repos"][0]["hooks"]
    assert hook["entry"] == "pacsite validate --strict" and hook["pass_filenames"] is False
    # a clean build, away from CI, prints no warning
    for name in ("GITHUB_ACTIONS", "GITLAB_CI", "SITE_URL"):
        monkeypatch.delenv(name, raising=False)
    with caplog.at_level(logging.INFO):
        build(load_config(str(target / "mkdocs.yml"), strict=True))
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert any("placeholder" in r.getMessage() for r in caplog.records)  # said, quietly
    caplog.clear()
    monkeypatch.setenv("GITLAB_CI", "true")  # publishing from GitLab's CI
    with caplog.at_level(logging.INFO):
        build(load_config(str(target / "mkdocs.yml")))
    assert any(
        r.levelno == logging.WARNING and "placeholder" in r.getMessage() for r in caplog.records
    )
    caplog.clear()
    monkeypatch.setenv("SITE_URL", "https://acme.gitlab.io/pac/")
    with caplog.at_level(logging.INFO):
        build(load_config(str(target / "mkdocs.yml"), strict=True))
    assert not any("placeholder" in r.getMessage() for r in caplog.records)


def test_pacsite_offers_a_pre_commit_hook() -> None:
    import yaml

    from tests.conftest import ROOT

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "pacsite-validate" and hook["entry"].startswith("pacsite validate")
    assert hook["language"] == "python" and hook["pass_filenames"] is False


def _publisher(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    repo = tmp_path / "pac"
    assert main(["init", str(repo), "--host", "intranet"]) == 0
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    return repo, env


def _publish(repo: Path, target: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(repo / "publish.sh"), str(target)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_intranet_publication_switches_atomically_and_keeps_the_previous(tmp_path: Path) -> None:
    repo, env = _publisher(tmp_path)
    www = tmp_path / "www"
    first = _publish(repo, www, env)
    assert first.returncode == 0, first.stderr
    (repo / "plans/pac-2026/plan.yaml").write_text("title: [broken\n", encoding="utf-8")
    before = os.readlink(www / "current")
    failed = _publish(repo, www, env)
    assert failed.returncode != 0
    assert os.readlink(www / "current") == before  # the published site did not change
    assert (www / "current" / "plans" / "index.html").is_file()
    assert [p.name for p in (www / "releases").iterdir() if "building" in p.name] == []


def test_publish_with_spaces_in_the_target_prunes_only_its_releases(tmp_path: Path) -> None:
    """`ls | xargs rm -rf` once deleted `/srv/Intranet` for a target `/srv/Intranet Sites/pac`."""
    repo, env = _publisher(tmp_path)
    (tmp_path / "srv/Intranet").mkdir(parents=True)
    (tmp_path / "srv/Intranet/keep.txt").write_text("other site", encoding="utf-8")
    target = tmp_path / "srv/Intranet Sites/pac"
    env["KEEP"] = "2"
    for _ in range(3):
        done = _publish(repo, target, env)
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "srv/Intranet/keep.txt").read_text(encoding="utf-8") == "other site"
    releases = sorted(p.name for p in (target / "releases").iterdir() if not p.name.startswith("."))
    assert len(releases) == 2
    live = os.readlink(target / "current")
    assert live.removeprefix("releases/") in releases
    assert (target / "current/plans/index.html").is_file()


def test_republishing_the_same_commit_never_removes_the_live_release(tmp_path: Path) -> None:
    repo, env = _publisher(tmp_path)  # init made the repository and its first commit
    www = tmp_path / "www"
    assert _publish(repo, www, env).returncode == 0
    first = os.readlink(www / "current")
    first_page = (www / first / "plans/index.html").read_bytes()
    again = _publish(repo, www, env)
    assert again.returncode == 0, again.stderr
    second = os.readlink(www / "current")
    assert second == first + "-2"  # a new release: the live one stayed in place meanwhile
    assert (www / first / "plans/index.html").read_bytes() == first_page
    assert (www / second / "plans/index.html").read_bytes() == first_page


def test_two_publications_at_once_take_turns(tmp_path: Path) -> None:
    repo, env = _publisher(tmp_path)
    www = tmp_path / "www"
    runs = [
        subprocess.Popen(
            ["bash", str(repo / "publish.sh"), str(www)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for _ in range(2)
    ]
    results = [(r.wait(timeout=300), r.communicate()) for r in runs]
    assert [code for code, _ in results] == [0, 0], results
    releases = sorted(p.name for p in (www / "releases").iterdir())
    assert len(releases) == 2 and not [r for r in releases if "building" in r]
    assert (www / "current/plans/index.html").is_file()
    assert os.readlink(www / "current").removeprefix("releases/") in releases


def test_github_annotations_on_a_broken_plan(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_files(
        {
            "plans/demo/plan.yaml": MINIMAL_PLAN.replace(
                "kpi: ventes, target", "kpi: ca, target"
            ).replace("title: Exposer au salon", "title: Salon, auto")
        }
    )
    monkeypatch.chdir(root)
    assert main(["validate", "plans", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("::error file=plans/demo/plan.yaml,line=10,col=49,title=PAC003::")
    assert lines[1].startswith("::warning file=plans/demo/plan.yaml,line=18,col=12,title=PAC101::")
    assert (
        "%2C" not in lines[1].split("::")[2]
    )  # data keeps its commas; only properties escape them


def test_gitlab_code_quality_report(
    write_files: WriteFiles, capsys: pytest.CaptureFixture[str]
) -> None:
    root = write_files(
        {"plans/demo/plan.yaml": MINIMAL_PLAN.replace("kpi: ventes, target", "kpi: ca, target")}
    )
    assert main(["validate", str(root / "plans"), "--format", "gitlab"]) == 1
    [issue] = json.loads(capsys.readouterr().out)
    assert issue["check_name"] == "PAC003" and issue["severity"] == "major"
    assert issue["location"]["lines"]["begin"] == 10 and len(issue["fingerprint"]) == 64


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "Claire Dubois",
            "GIT_AUTHOR_EMAIL": "c@example.com",
            "GIT_COMMITTER_NAME": "Claire Dubois",
            "GIT_COMMITTER_EMAIL": "c@example.com",
            "GIT_AUTHOR_DATE": "2025-03-01T10:00:00+01:00",
            "GIT_COMMITTER_DATE": "2025-03-01T10:00:00+01:00",
        },
    )


def test_history_lists_what_each_commit_changed(
    site: Callable[..., SiteBuild], monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = MINIMAL_PLAN.replace(
        "    due: 2025-03-31\n", "    due: 2025-03-31\n    status: planned\n"
    )
    s = site({"plans/concession/plan.yaml": plan})
    repo = s.root
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Plan 2025")
    (repo / "plans/concession/plan.yaml").write_text(
        plan.replace("target: 100, due", "target: 120, due"), encoding="utf-8"
    )
    _git(repo, "commit", "-qam", "Objectif relevé")
    (repo / "plans/concession/plan.yaml").write_text(
        plan.replace("target: 100, due", "target: 120, due").replace(
            "status: planned", "status: done"
        ),
        encoding="utf-8",
    )
    _git(repo, "commit", "-qam", "Salon fait")
    (repo / "plans/concession/results").mkdir()
    (repo / "plans/concession/results/r.csv").write_text(
        "date,kpi,value\n2025-01,ventes,8\n2025-02,ventes,9\n", encoding="utf-8"
    )
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "Résultats de février")
    from pacsite import history

    started: list[list[str]] = []
    popen, run = history.subprocess.Popen, history.subprocess.run

    def counted_popen(args: list[str], *a: object, **k: object) -> object:
        started.append(list(args))
        return popen(args, *a, **k)  # type: ignore[call-overload]

    def counted_run(args: list[str], *a: object, **k: object) -> object:
        started.append(list(args))
        return run(args, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr(history.subprocess, "Popen", counted_popen)
    monkeypatch.setattr(history.subprocess, "run", counted_run)
    history._CACHE.clear()
    s.build()
    # every blob of every version through one `git cat-file --batch`, no `git show` per file
    assert [a for a in started if a[1] == "cat-file"] == [["git", "cat-file", "--batch"]]
    assert not [a for a in started if a[1] == "show"]
    assert not history._READERS, "the process ended with the build"
    soup = s.html("concession/history")
    revisions = soup.select("li.pacsite-revision")
    summary = [
        (
            r.select_one(".pacsite-revision__message").get_text(strip=True),
            [li.get_text(" ", strip=True) for li in r.select("ul li")],
        )
        for r in revisions
    ]
    assert summary == [
        ("Résultats de février", ["résultats jusqu'à février 2025 ajoutés"]),
        ("Salon fait", ["action «\u00a0Exposer au salon\u00a0»\u202f: Prévue → Réalisée"]),
        (
            "Objectif relevé",
            ["cible de l'objectif «\u00a0Vendre 100 unités\u00a0»\u202f: 100 → 120"],
        ),
        ("Plan 2025", ["création du plan"]),
    ]
    assert "Claire Dubois" in revisions[0].get_text()
    updated = s.html("concession").select_one(".pacsite-asof a:not(.pacsite-download)")
    assert updated.get_text(strip=True) == "Dernière mise à jour le 1 mars 2025 par Claire Dubois"


def test_history_outside_git_and_in_a_shallow_clone(
    site: Callable[..., SiteBuild], tmp_path: Path
) -> None:
    s = site({"plans/concession/plan.yaml": MINIMAL_PLAN})
    s.build()
    assert "pas dans un dépôt git" in s.html("concession/history").select_one("article").get_text()
    _git(s.root, "init", "-q")
    _git(s.root, "add", "-A")
    _git(s.root, "commit", "-qm", "one")
    _git(s.root, "commit", "-q", "--allow-empty", "-m", "two")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{s.root}", str(clone)], check=True
    )
    shallow = SiteBuild(clone)
    shallow.build()
    assert (
        "clone superficiel" in shallow.html("concession/history").select_one("article").get_text()
    )


def test_generated_ci_is_hardened(tmp_path: Path) -> None:
    import re

    import yaml

    assert main(["init", str(tmp_path / "gh"), "--host", "github"]) == 0
    workflow = yaml.safe_load((tmp_path / "gh/.github/workflows/pac.yml").read_text("utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses and all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses), uses
    checkouts = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts and all(s["with"]["persist-credentials"] is False for s in checkouts)
    # write access for the jobs that commit (pull, notify) and deploy; each secret for its step
    assert workflow["permissions"] == {"contents": "read"}
    writers = [n for n, job in workflow["jobs"].items() if "write" in str(job.get("permissions"))]
    assert writers == ["pull", "deploy", "notify"]
    assert (
        workflow["jobs"]["pull"]["permissions"]
        == workflow["jobs"]["notify"]["permissions"]
        == {"contents": "write"}
    )
    secrets = [s for s in steps if "secrets." in str(s.get("env"))]
    assert workflow["jobs"]["pull"]["steps"][3]["continue-on-error"] is True
    assert [sorted(s["env"]) for s in secrets] == [
        [
            "HUBSPOT_ACCESS_TOKEN",
            "PIPEDRIVE_API_TOKEN",
            "SALESFORCE_ACCESS_TOKEN",
            "SALESFORCE_INSTANCE_URL",
        ],
        ["GITHUB_TOKEN"],
        [
            "PACSITE_SLACK_WEBHOOK",
            "PACSITE_SMTP_PASSWORD",
            "PACSITE_SMTP_USER",
            "PACSITE_TEAMS_WEBHOOK",
            "SITE_URL",
        ],
        ["GITHUB_TOKEN"],
    ]
    assert "schedule" in workflow[True] and "workflow_dispatch" in workflow[True]  # `on:`
    assert main(["init", str(tmp_path / "gl"), "--host", "gitlab"]) == 0
    gitlab = yaml.safe_load((tmp_path / "gl/.gitlab-ci.yml").read_text("utf-8"))
    assert re.fullmatch(r"python:[\w.-]+@sha256:[0-9a-f]{64}", gitlab["default"]["image"])


def test_gitlab_pages_job_publishes_compressed_copies(tmp_path: Path) -> None:
    """The pages job's own commands, run as GitLab runs them: the site is built, and each text
    file gets a .gz copy that GitLab Pages sends to browsers asking for gzip — the same bytes
    every time (no name or date inside), images left alone."""
    import gzip

    import yaml

    repo = tmp_path / "gl"
    assert main(["init", str(repo), "--host", "gitlab"]) == 0
    job = yaml.safe_load((repo / ".gitlab-ci.yml").read_text("utf-8"))["pages"]
    script = [line for line in job["script"] if "SITE_URL" not in line]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1750000000"}

    def publish() -> dict[str, bytes]:
        for line in script:
            subprocess.run(["sh", "-ec", line], cwd=repo, env=env, check=True, timeout=300)
        return {p.name: p.read_bytes() for p in (repo / "public").rglob("*.gz")}

    first = publish()
    public = repo / "public"
    page = public / "plans" / "index.html"
    assert gzip.decompress((public / "plans" / "index.html.gz").read_bytes()) == page.read_bytes()
    for kind in ("*.css", "*.js", "search/search_index.json", "sitemap.xml"):
        found = [p for p in public.rglob(kind) if p.is_file()]
        assert found and all(p.with_name(p.name + ".gz").is_file() for p in found), kind
    assert not list(public.rglob("*.png.gz")) and not list(public.rglob("*.gz.gz"))
    assert publish() == first


@pytest.mark.parametrize(
    ("host", "flag", "expected"),
    [
        ("github", [], "public"),
        ("gitlab", [], "public"),
        ("intranet", [], "internal"),
        ("github", ["--visibility", "internal"], "internal"),
    ],
)
def test_init_sets_what_the_site_publishes(
    tmp_path: Path, host: str, flag: list[str], expected: str
) -> None:
    from pacsite.settings import read_mkdocs_yml

    assert main(["init", str(tmp_path / "r"), "--host", host, *flag]) == 0
    settings, _ = read_mkdocs_yml(tmp_path / "r/mkdocs.yml")
    assert settings.visibility.profile == expected


def test_init_installs_pacsite_from_a_hashed_wheel_it_ships(tmp_path: Path) -> None:
    """The new repository pins pacsite to a source that exists: a wheel of this very pacsite,
    in the repository, installed with pip's hash checking into a virtual environment that sees
    nothing of this machine's packages; a tampered wheel is refused. (The whole install line,
    dependencies included, is run by tests/test_first_hour.py.)"""
    import hashlib
    import re

    repo = tmp_path / "pac"
    assert main(["init", str(repo), "--host", "github"]) == 0
    requirement = (repo / "requirements-pacsite.txt").read_text(encoding="utf-8")
    found = re.search(r"^\./wheels/(\S+\.whl) --hash=sha256:([0-9a-f]{64})$", requirement, re.M)
    assert found is not None, requirement
    wheel = repo / "wheels" / found[1]
    assert hashlib.sha256(wheel.read_bytes()).hexdigest() == found[2]
    pinned = (repo / "requirements.txt").read_text(encoding="utf-8").splitlines()
    names = {line.split("==")[0] for line in pinned if "==" in line}
    # every dependency pinned, theirs included; pacsite itself only from the wheel
    assert {"mkdocs", "mkdocs-material", "pydantic", "pydantic-core", "openpyxl"} <= names
    assert {"python-calamine", "xlsxwriter", "icalendar", "plotly", "lemminflect"} <= names
    assert {"wheel", "packaging", "babel", "jinja2", "pyyaml", "et-xmlfile"} <= names
    assert "pacsite" not in names
    assert all(re.fullmatch(r"[a-z0-9-]+==[\w.+-]+", line) for line in pinned if line[:1] != "#")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    env.pop("PYTHONPATH", None)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    install = [python, "-m", "pip", "install", "--no-index", "--no-deps"]
    install += ["--require-hashes", "-r", "requirements-pacsite.txt"]
    done = subprocess.run(install, cwd=repo, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [python, "-m", "pip", "list", "--format=freeze"],
        cwd=repo, capture_output=True, text=True, env=env, check=True,
    ).stdout  # fmt: skip
    assert "pacsite==" in listed and "pydantic" not in listed  # nothing borrowed
    # a tampered wheel is refused
    subprocess.run([python, "-m", "pip", "uninstall", "-y", "-q", "pacsite"], env=env, check=True)
    wheel.write_bytes(wheel.read_bytes() + b"x")
    tampered = subprocess.run(
        install, cwd=repo, capture_output=True, text=True, env=env, timeout=300
    )
    assert tampered.returncode != 0 and "HASH" in tampered.stderr.upper()


def test_init_makes_a_git_repository_with_a_first_commit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The history pages need a commit: init makes one, on `main` (the branch the workflow
    publishes), says so in the repository's language, and signs it `pacsite init` when git
    does not know the user yet (and says how to set a name)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # no ~/.gitconfig: git knows no name
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "EMAIL"):
        monkeypatch.delenv(name, raising=False)
    repo = tmp_path / "pac"
    assert main(["init", str(repo), "--host", "github", "--language", "fr"]) == 0
    out = capsys.readouterr()
    log = subprocess.run(
        ["git", "log", "--format=%an|%s", "--name-only"], cwd=repo, capture_output=True, text=True
    )
    first, *files = [line for line in log.stdout.splitlines() if line]
    assert first == "pacsite init|Plan repository created by pacsite init"
    assert {"mkdocs.yml", "README.md", ".github/workflows/pac.yml", ".gitignore"} <= set(files)
    assert "plans/pac-2026/plan.yaml".replace("2026", str(_year())) in files
    branch = subprocess.run(
        ["git", "branch", "--show-current"], cwd=repo, capture_output=True, text=True
    )
    assert branch.stdout.strip() == "main"
    assert (
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True
        ).stdout
        == ""
    )
    assert "dépôt git créé sur la branche main, premier commit" in out.out
    assert "git config --global user.name" in out.out
    assert out.err.startswith("Ensuite\u202f: cd ") and ". .venv/bin/activate" in out.err
    # what each machine makes for itself stays out of the repository
    for made in (".venv/bin/python", "site/index.html", ".vscode/settings.json", "plan.yaml.swp",
                 ".DS_Store", "~$pac.xlsx", ".idea/x.xml", "docs/__pycache__/a.pyc"):  # fmt: skip
        path = repo / made
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    assert (
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True
        ).stdout
        == ""
    )


def test_init_inside_a_repository_or_without_git_makes_no_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _git(tmp_path, "init", "-q")
    assert main(["init", str(tmp_path / "inner"), "--language", "en"]) == 0
    assert not (tmp_path / "inner" / ".git").exists()
    assert "is inside a git repository already" in capsys.readouterr().out
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    assert main(["init", str(tmp_path / "nogit"), "--language", "en"]) == 0
    assert not (tmp_path / "nogit" / ".git").exists()
    assert "git is not installed" in capsys.readouterr().out


def _year() -> int:
    from pacsite.analysis import build_date

    return build_date().year
