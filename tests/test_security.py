"""Safe to publish: the repository is the boundary, and bad input is a located error, never a
traceback. Each test is one reproduction of an attack or accident (issue "Safe to publish")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pacsite.cli import main
from pacsite.pipeline import check
from tests.conftest import DONE_PLAN, MINIMAL_PLAN, WriteFiles

SECRET = "date,kpi,value\n2025-01,ventes,42\nTOP-SECRET-LINE,x,y\n"


def _errors(root: Path) -> list[str]:
    return [str(d) for d in check(root / "project" / "plans", root=root / "project").errors]


@pytest.fixture
def project(write_files: WriteFiles) -> Path:
    """A project folder with a secret file beside it, outside."""
    return write_files({"secret.csv": SECRET, "project/docs/index.md": "# x\n"})


@pytest.mark.parametrize(
    ("written", "words"),
    [
        ("../../secret.csv", "leads outside the project folder"),
        ("{root}/secret.csv", "is an absolute path"),
        ("C:\\\\Users\\\\x\\\\secret.csv", "is an absolute path"),
    ],
)
def test_a_results_path_outside_the_project_is_refused(
    project: Path, written: str, words: str
) -> None:
    path = written.format(root=project)
    plan = MINIMAL_PLAN.replace("language: fr", "language: en") + f"results:\n  - file: '{path}'\n"
    (project / "project/plans").mkdir(parents=True)
    (project / "project/plans/a.yaml").write_text(plan, encoding="utf-8")
    [error] = _errors(project)
    assert words in error and "[PAC003]" in error and error.startswith("plans/a.yaml:")
    assert "TOP-SECRET" not in error


def test_a_symlink_leading_outside_is_refused(project: Path) -> None:
    plans = project / "project/plans/demo"
    (plans / "results").mkdir(parents=True)
    (plans / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (plans / "results/crm.csv").symlink_to(project / "secret.csv")
    [error] = _errors(project)
    assert "plans/demo/results/crm.csv" in error and "mène hors du dossier du projet" in error
    assert "TOP-SECRET" not in error


def test_a_device_is_not_read(project: Path) -> None:
    """A committed symlink to /dev/zero once grew memory without bound."""
    plans = project / "project/plans/demo"
    (plans / "results").mkdir(parents=True)
    (plans / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    os.symlink("/dev/zero", plans / "results/zero.csv")
    [error] = _errors(project)
    assert "zero.csv" in error  # outside the project (and not a regular file either)


def test_a_pipe_inside_the_project_is_not_read(project: Path) -> None:
    plans = project / "project/plans/demo"
    (plans / "results").mkdir(parents=True)
    (plans / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    os.mkfifo(plans / "results/pipe.csv")  # reading a named pipe would wait forever
    [error] = _errors(project)
    assert error.startswith("plans/demo/results/pipe.csv: ")
    assert "« pipe.csv » n’est pas un fichier ordinaire" in error


def test_a_plan_symlinked_from_outside_is_refused(project: Path) -> None:
    (project / "elsewhere.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (project / "project/plans").mkdir(parents=True)
    (project / "project/plans/a.yaml").symlink_to(project / "elsewhere.yaml")
    [error] = _errors(project)
    assert error.startswith("plans/a.yaml: ") and "[PAC003]" in error


def test_a_yaml_file_is_read_only_up_to_its_limit(project: Path) -> None:
    from pacsite.load import Limits

    plans = project / "project/plans"
    plans.mkdir(parents=True)
    (plans / "a.yaml").write_text(MINIMAL_PLAN + "#" * 5000 + "\n", encoding="utf-8")
    errors = check(plans, root=project / "project", limits=Limits(max_bytes=2000)).errors
    assert [d.code for d in errors] == ["PAC007"]


def test_validate_never_prints_what_it_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    plans = project / "project/plans/demo"
    (plans / "results").mkdir(parents=True)
    (plans / "plan.yaml").write_text(MINIMAL_PLAN, encoding="utf-8")
    (plans / "results/crm.csv").symlink_to(project / "secret.csv")
    monkeypatch.chdir(project / "project")
    for fmt in ("text", "json", "github", "gitlab"):
        assert main(["validate", "--format", fmt]) == 1
        out = capsys.readouterr()
        assert "TOP-SECRET" not in out.out + out.err and "crm.csv" in out.out


# The last good site always stands ---------------------------------------------------------


def _snapshot(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _project_site(write_files: WriteFiles, **extra: str) -> Path:
    from tests.conftest import MKDOCS_YML

    files = {"mkdocs.yml": MKDOCS_YML, "docs/index.md": "# Accueil\n", "plans/a.yaml": DONE_PLAN}
    return write_files({**files, **extra})


def _build(root: Path, *, strict: bool = False) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), strict=strict))


def test_a_strict_failure_after_the_pages_are_written_keeps_the_previous_site(
    write_files: WriteFiles,
) -> None:
    """MkDocs aborts a strict build after writing it (a warning of any plugin or page): the
    published site was already replaced; now it is not."""
    from mkdocs.exceptions import Abort

    root = _project_site(write_files)
    _build(root, strict=True)
    before = _snapshot(root / "site")
    (root / "docs/index.md").write_text("# Accueil\n\n[lien](absent.md)\n", encoding="utf-8")
    with pytest.raises(Abort):
        _build(root, strict=True)
    assert _snapshot(root / "site") == before
    assert [p.name for p in root.iterdir() if "pacsite-build" in p.name] == []


def test_a_lint_finding_under_strict_keeps_the_previous_site(write_files: WriteFiles) -> None:
    from mkdocs.exceptions import Abort, PluginError

    root = _project_site(write_files)
    _build(root, strict=True)
    before = _snapshot(root / "site")
    intention = DONE_PLAN.replace("title: Exposer au salon", "title: Présence au salon")
    (root / "plans/a.yaml").write_text(intention, encoding="utf-8")
    with pytest.raises((Abort, PluginError)):
        _build(root, strict=True)
    assert _snapshot(root / "site") == before


def test_a_killed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    for name in ("mkdocs.yml", "docs", "plans", "theme_overrides"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name)
        else:
            shutil.copy(source, tmp_path / name)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q"]
    subprocess.run(command, cwd=tmp_path, env=env, check=True, timeout=600)
    before = _snapshot(tmp_path / "site")
    (tmp_path / "plans/banque-q1-2025.yaml").write_text(
        (tmp_path / "plans/banque-q1-2025.yaml")
        .read_text(encoding="utf-8")
        .replace("title: Agence bancaire", "title: Agence bancaire modifiée"),
        encoding="utf-8",
    )
    process = subprocess.Popen(command, cwd=tmp_path, env=env)
    staging = tmp_path / f".site.pacsite-build-{process.pid}"
    # kill it once it has started writing pages (a condition, however long the machine takes)
    while process.poll() is None and not (staging / "banque-q1-2025").is_dir():
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert staging.is_dir(), "a killed build leaves its half-written folder aside"
    assert _snapshot(tmp_path / "site") == before
    subprocess.run(command, cwd=tmp_path, env=env, check=True, timeout=600)
    assert not staging.exists(), "the next build removes what a killed one left"
    assert "modifiée" in (tmp_path / "site/banque-q1-2025/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name", ["sitemap.xml.yaml", "404.html.yaml", "plans.yaml", "assets.yaml", "search.yaml"]
)
def test_reserved_plan_names_are_errors_and_keep_the_site(
    write_files: WriteFiles, name: str, caplog: pytest.LogCaptureFixture
) -> None:
    from mkdocs.exceptions import Abort, PluginError

    root = _project_site(write_files)
    _build(root)
    before = _snapshot(root / "site")
    (root / "plans" / name).write_text(MINIMAL_PLAN, encoding="utf-8")
    with pytest.raises((Abort, PluginError)):
        _build(root)
    assert f"plans/{name}: « {name[:-5]} » est un nom que le site utilise déjà (réservé)" in (
        caplog.text
    )
    assert _snapshot(root / "site") == before


def test_plan_ids_differing_only_by_case_are_errors(write_files: WriteFiles) -> None:
    root = write_files(
        {"plans/Concession.yaml": MINIMAL_PLAN, "plans/concession/plan.yaml": MINIMAL_PLAN}
    )
    errors = check(root / "plans", root=root).errors
    assert [d.code for d in errors] == ["PAC004"]


# Bad input: a located error, never a traceback --------------------------------------------

CSV = "date,kpi,value\n2025-01,ventes,3\n"
CASES = {
    "unknown encoding": (
        MINIMAL_PLAN + "results:\n  - file: r.csv\n    encoding: klingon\n",
        CSV.encode(),
        "results[0].encoding",
    ),
    "UTF-16 without its mark": (
        MINIMAL_PLAN + "results:\n  - file: r.csv\n    encoding: utf-16\n",
        CSV.encode("utf-16-le"),
        "plans/r.csv:1",
    ),
    "year 9999 week": (MINIMAL_PLAN.replace("year: 2025", "period: 9999-W52"), None, "period"),
    "due 9999-12-31": (MINIMAL_PLAN.replace("due: 2025-03-31", "due: 9999-12-31"), None, "due"),
    "NaN target": (
        MINIMAL_PLAN.replace("target: 100, due", "target: .nan, due"),
        None,
        "objectives[0].target",
    ),
    "infinite target": (
        MINIMAL_PLAN.replace("target: 100, due", "target: 1e400, due"),
        None,
        "objectives[0].target",
    ),
    "a result dated 9999": (
        MINIMAL_PLAN + "results:\n  - file: r.csv\n",
        b"date,kpi,value\n9999-12-31,ventes,3\n",
        "plans/r.csv:2",
    ),
    "a result dated 2150": (
        MINIMAL_PLAN + "results:\n  - file: r.csv\n",
        b"date,kpi,value\n2150-12-31,ventes,3\n",
        "plans/r.csv:2",
    ),
    "a newline in an e-mail": (
        MINIMAL_PLAN.replace(
            "{id: julie, name: Julie Martin}",
            '{id: julie, name: Julie Martin, email: "j@x.fr\\nBCC: y@z.fr"}',
        ),
        None,
        "team[0].email",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_a_located_error(
    case: str,
    write_files: WriteFiles,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan, results, where = CASES[case]
    root = write_files({"plans/a.yaml": plan})
    if results is not None:
        (root / "plans/r.csv").write_bytes(results)
    monkeypatch.chdir(root)
    assert main(["validate"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1 and where in out[0], out


def test_an_ansi_encoding_is_windows_western_european(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN + "results:\n  - file: r.csv\n    encoding: ANSI\n"
    root = write_files({"plans/a.yaml": plan})
    (root / "plans/r.csv").write_bytes(
        "date,kpi,value,note\n2025-01,ventes,3,Évreux\n".encode("cp1252")
    )
    [loaded] = check(root / "plans", root=root).loaded
    assert [m.note for m in loaded.measures] == ["Évreux"]


def test_status_and_errors_print_no_escape_sequence_or_forged_command(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = "Salon\\n::error file=x::pwned \\u001b[31mred\\u001b]0;title\\u0007"
    plan = MINIMAL_PLAN.replace("title: Exposer au salon", f'title: "Salon {forged}"')
    plan = plan.replace("title: Plan de test", f'title: "Plan {forged}"')
    root = write_files({"plans/a.yaml": plan})
    monkeypatch.chdir(root)
    assert main(["status"]) == 0
    assert main(["validate", "--strict", "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert not [line for line in out.splitlines() if line.startswith("::error file=x")]


def test_people_get_their_own_feed(write_files: WriteFiles) -> None:
    from pacsite.render.views import PlanView

    people = ["Agence Horizon", "agence-horizon", "李雷", "王芳", "Zoë", "zoe"]
    actions = "".join(
        f"  - {{id: a{i}, title: Appeler les clients, owner: '{who}', due: 2025-03-31}}\n"
        for i, who in enumerate(people)
    )
    plan = MINIMAL_PLAN.split("actions:\n")[0] + "actions:\n" + actions
    root = write_files({"plans/a.yaml": plan})
    outcome = check(root / "plans", root=root)
    [analysed] = outcome.plans
    from pacsite.render import Formatter

    view = PlanView(analysed.loaded, analysed.analysis, Formatter("fr"))
    slugs = [view.person_slug(who) for who in people]
    assert len({s.lower() for s in slugs}) == len(people)
    assert slugs[:2] == ["agence-horizon", "agence-horizon-2"]
    assert all(s.isascii() for s in slugs)
    assert view.person_slug("李雷") == view.person_slug("李雷")  # stable, not random


# Public or internal, on purpose ------------------------------------------------------------

CONFIDENTIAL = MINIMAL_PLAN.replace(
    "{id: julie, name: Julie Martin}", "{id: julie, name: Julie Martin, email: julie@secret.fr}"
).replace(
    "    due: 2025-03-31\n",
    "    due: 2025-03-31\n    budget: 98765\n    spent: 54321\n    notes: Remise négociée secrète\n",
) + (
    "budget:\n  total: 123456\n  lines:\n    - {category: Salons, amount: 98765}\n"
    "results:\n  - file: r.csv\n"
)
NOTES_CSV = "date,kpi,value,note\n2025-01,ventes,3,Client VIP secret\n"


def _public_site(write_files: WriteFiles, visibility: str) -> Path:
    from tests.conftest import MKDOCS_YML

    yml = "repo_url: https://github.com/acme/pac\n" + MKDOCS_YML.replace(
        "  - pacsite\n", f"  - pacsite:\n      visibility: {visibility}\n"
    )
    root = _project_site(
        write_files, **{"mkdocs.yml": yml, "plans/a.yaml": CONFIDENTIAL, "plans/r.csv": NOTES_CSV}
    )
    import subprocess

    env = {
        "GIT_AUTHOR_NAME": "Claire Secret",
        "GIT_AUTHOR_EMAIL": "claire@secret.fr",
        "GIT_COMMITTER_NAME": "Claire Secret",
        "GIT_COMMITTER_EMAIL": "claire@secret.fr",
    }
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "Objectif confidentiel"]):
        subprocess.run(["git", *args], cwd=root, check=True, env={**os.environ, **env})
    _build(root, strict=True)
    return root / "site"


def _published_text(site: Path) -> str:
    texts = []
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".ics", ".csv", ".json", ".xml", ".md"}:
            texts.append(path.read_text(encoding="utf-8-sig", errors="replace"))
    return "\n".join(texts)


def test_a_public_site_leaves_out_what_is_confidential(write_files: WriteFiles) -> None:
    site = _public_site(write_files, "public")
    text = _published_text(site)
    for secret in (
        "98765", "98 765", "98\u202f765", "54321", "54\u202f321", "123456", "123\u202f456",
        "julie@secret.fr", "Remise négociée", "Client VIP", "Claire Secret", "claire@secret.fr",
        "Objectif confidentiel",
    ):  # fmt: skip
        assert secret not in text, secret
    assert not (site / "a/budget").exists()
    assert "Exposer au salon" in text  # the plan itself is published


def test_a_public_site_shows_no_hidden_figure_in_its_history_nor_review_notes(
    write_files: WriteFiles,
) -> None:
    """The history compares versions read from git: they are redacted like the plan, so a
    public site's history page and search index say nothing of budgets, spend or notes that
    changed; a review's notes are not published either."""
    import subprocess

    site = _public_site(write_files, "public")
    root = site.parent
    plan = root / "plans/a.yaml"
    changed = (
        plan.read_text(encoding="utf-8")
        .replace("total: 123456", "total: 524242")
        .replace("budget: 98765", "budget: 434343")
        .replace("spent: 54321", "spent: 77777")
        .replace("notes: Remise négociée secrète", "notes: Nouvelle remise secrète")
        + "reviews:\n  - {date: 2025-03-31, kind: quarterly, notes: Note de revue secrète}\n"
    )
    plan.write_text(changed, encoding="utf-8")
    subprocess.run(["git", "commit", "-qam", "Budget"], cwd=root, check=True)
    _build(root, strict=True)
    text = _published_text(site)
    for secret in (
        "524242", "524\u202f242", "524 242", "434343", "434\u202f343", "434 343", "77777",
        "77\u202f777", "123\u202f456", "98\u202f765", "Nouvelle remise", "Note de revue",
    ):  # fmt: skip
        assert secret not in text, secret
    history = (site / "a/history/index.html").read_text(encoding="utf-8")
    assert "Exposer au salon" in text and history


def test_an_internal_site_shows_everything_but_author_e_mails(write_files: WriteFiles) -> None:
    site = _public_site(write_files, "internal")
    text = _published_text(site)
    for shown in ("julie@secret.fr", "Remise négociée", "Client VIP", "Claire Secret"):
        assert shown in text, shown
    assert "claire@secret.fr" not in text  # never: a commit's e-mail is not published
    assert (site / "a/budget/index.html").is_file()


def test_the_repository_link_calls_no_outside_api(write_files: WriteFiles) -> None:
    from bs4 import BeautifulSoup

    site = _public_site(write_files, "public")
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one("a.md-source")
    assert link is not None and link["href"] == "https://github.com/acme/pac"
    assert link.get("data-md-component") is None  # Material would fetch the forge's API


def test_a_title_with_any_character_keeps_its_front_matter(write_files: WriteFiles) -> None:
    """An emoji was written as a JSON surrogate pair, which YAML refuses: the theme then took
    the title from the navigation and unescaped it inside <title>."""
    title = "Fêter 🎉 </title><script>alert(1)</script> \U000e0001"
    root = _project_site(
        write_files,
        **{"plans/a.yaml": MINIMAL_PLAN.replace("title: Exposer au salon", f'title: "{title}"')},
    )
    _build(root)
    raw = (root / "site/a/actions/salon/index.html").read_text(encoding="utf-8")
    head = raw.split("</head>")[0]
    assert "<script>alert(1)" not in head
    assert "<title>Fêter 🎉 &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in head


def test_action_ids_differing_only_by_case_are_errors(write_files: WriteFiles) -> None:
    plan = MINIMAL_PLAN + (
        "  - {id: Salon, title: Préparer le salon, segment: particuliers, due: 2025-02-28}\n"
    )
    root = write_files({"plans/a.yaml": plan})
    [error] = check(root / "plans", root=root).errors
    assert (error.code, error.path) == ("PAC004", "actions[1].id")
    assert "« Salon » et « salon »" in error.message


def test_the_previous_site_is_removed_after_the_switch(tmp_path: Path) -> None:
    """The old site is moved aside under a name of its own and removed by a detached process
    (in a fresh interpreter: this one may run threads, where nothing is forked); the process
    building again at once (same staging name) loses nothing."""
    import subprocess
    import sys
    import time

    from tests.conftest import ROOT

    script = """
import os, sys, threading
from pathlib import Path
from pacsite import publish
assert threading.active_count() == 1
final = Path(sys.argv[1])
for version in ("one", "two", "three"):
    staging = publish.staging(final)
    for i in range(200):
        (staging / f"page{i}.html").write_text(version, encoding="utf-8")
    publish.switch(staging, final)
    assert {p.read_text(encoding="utf-8") for p in final.iterdir()} == {version}
print(os.getpid())
"""
    final = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-c", script, str(final)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    deadline = time.monotonic() + 60
    while [p for p in tmp_path.iterdir() if p != final] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
    assert {p.read_text(encoding="utf-8") for p in final.iterdir()} == {"three"}


def test_a_removal_cut_short_is_finished_by_the_next_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from pacsite import publish

    dead = subprocess.Popen([sys.executable, "-c", "pass"])  # a process that has ended
    dead.wait()
    left = tmp_path / f".site.pacsite-old-{dead.pid}-1"
    # a container's build has the process number of the earlier container's (1, say)
    earlier = tmp_path / f".site.pacsite-old-{os.getpid()}-7"
    # and one this process moved aside itself: its removal may still be going on
    ours = tmp_path / f".site.pacsite-old-{os.getpid()}-99"
    for folder in (left, earlier, ours):
        (folder / "deep").mkdir(parents=True)
        (folder / "deep/page.html").write_text("old", encoding="utf-8")
    monkeypatch.setattr(publish, "_MINE", {ours.name})
    publish.staging(tmp_path / "site")
    assert not left.exists()
    assert not earlier.exists()
    assert ours.exists()


def test_an_old_site_left_under_the_next_name_does_not_stop_the_switch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A removal cut short left a folder under the very name the switch would use next (a
    container's process number repeats): another name is taken, the new site is published."""
    import itertools

    from pacsite import publish

    final = tmp_path / "site"
    final.mkdir()
    (final / "index.html").write_text("one", encoding="utf-8")
    monkeypatch.setattr(publish, "_COUNT", itertools.count(1))
    taken = tmp_path / f".site.pacsite-old-{os.getpid()}-1"
    (taken / "deep").mkdir(parents=True)
    (taken / "deep/page.html").write_text("older", encoding="utf-8")
    monkeypatch.setattr(publish, "_remove_later", lambda aside: None)  # keep it to look at
    staging = tmp_path / ".site.pacsite-build-test"
    staging.mkdir()
    (staging / "index.html").write_text("two", encoding="utf-8")
    publish.switch(staging, final)
    assert (final / "index.html").read_text(encoding="utf-8") == "two"
    assert (taken / "deep/page.html").read_text(encoding="utf-8") == "older"
    moved = tmp_path / f".site.pacsite-old-{os.getpid()}-2"
    assert (moved / "index.html").read_text(encoding="utf-8") == "one"


def test_the_previous_site_is_removed_here_when_no_process_can_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pacsite import publish

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    final = tmp_path / "site"
    for version in ("one", "two"):
        staging = publish.staging(final)
        (staging / "index.html").write_text(version, encoding="utf-8")
        monkeypatch.setattr(os, "fork", no_fork)
        publish.switch(staging, final)
    assert (final / "index.html").read_text(encoding="utf-8") == "two"
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
