"""A team's first hour, as it meets it: `pacsite init`, then the install line of the generated
README (and of the generated CI files) run verbatim in a new virtual environment that does not
see this machine's packages, then `pacsite validate` and `mkdocs build`.

The packages come from a local wheelhouse made once from the repository's own requirements
(`pip download`): what the requirements name, nothing the test process has installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from pacsite.cli import main
from pacsite.starter import INSTALL


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every distribution a new repository's requirements name, downloaded once (from pip's
    cache or the machine's index), so that each clean install below reads them offline."""
    repo = tmp_path_factory.mktemp("wheelhouse-repo") / "pac"
    assert main(["init", str(repo), "--host", "intranet", "--language", "en"]) == 0
    house = tmp_path_factory.mktemp("wheelhouse")
    done = subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "-d", str(house), "-r", "requirements.txt"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stderr
    return house


def _clean_env(wheelhouse: Path, venv: Path | None = None) -> dict[str, str]:
    """The environment of a new shell: this test's Python on PATH only as the `python` that
    makes the venv, no PYTHONPATH, no virtual environment active, packages from the
    wheelhouse alone."""
    keep = ("HOME", "LANG", "LC_ALL", "TMPDIR", "USER", "SSL_CERT_FILE")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    python_bin = Path(sys.base_prefix) / "bin"
    path = [str(venv / "bin")] if venv else []
    env["PATH"] = os.pathsep.join([*path, str(python_bin), "/usr/local/bin", "/usr/bin", "/bin"])
    env |= {
        "NO_MKDOCS_2_WARNING": "1",
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheelhouse),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "PIP_ROOT_USER_ACTION": "ignore",
        "PIP_NO_COMPILE": "1",  # speed only: .pyc files are written on first import instead
        "PIP_CONSTRAINT": "",  # the machine's pip.conf constraints are not the user's
        "PIP_CONFIG_FILE": os.devnull,
    }
    return env


def _bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _readme_install(repo: Path) -> str:
    """The lines of the README's install block, as a user copies them."""
    readme = (repo / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```bash\n(.*?)```", readme, re.S)
    [block] = [b for b in blocks if "pip install" in b]
    return block


def _assert_clean_install(repo: Path, venv: Path, env: dict[str, str]) -> None:
    python = venv / "bin" / "python"
    where = _bash(
        f"{python} -c 'import pacsite, pydantic, sys; print(pacsite.__file__)'", repo, env
    )
    assert where.returncode == 0, where.stderr
    assert where.stdout.startswith(str(venv)), where.stdout  # the wheel's copy, not the test's
    isolated = _bash(f"{python} -c 'import sys; print(sys.prefix != sys.base_prefix)'", repo, env)
    assert isolated.stdout.strip() == "True"
    visible = _bash(f"{python} -m pip list --format=freeze", repo, env).stdout
    assert "pytest" not in visible and "hypothesis" not in visible  # nothing of the test's
    check = _bash(f"{python} -m pip check", repo, env)
    assert check.returncode == 0, check.stdout + check.stderr


def _github_steps(repo: Path) -> list[tuple[str, dict[str, str]]]:
    """The `run:` steps of the generated workflow, job after job, with their own `env:`."""
    workflow = yaml.safe_load((repo / ".github/workflows/pac.yml").read_text(encoding="utf-8"))
    steps = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "run" in step:
                env = {k: str(v) for k, v in (step.get("env") or {}).items()}
                values = {
                    k: v.replace(
                        "${{ steps.pages.outputs.base_url }}", "https://acme.github.io/gh"
                    ).replace("${{ needs.deploy.outputs.page_url }}", "https://acme.github.io/gh/")
                    for k, v in env.items()
                }
                steps.append((step["run"], values))
    return steps


def _gitlab_lines(repo: Path) -> list[str]:
    ci = yaml.safe_load((repo / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    before = ci["default"]["before_script"]
    # the image's own set-up (git from Debian) is the machine's, already here
    assert before[0].startswith("apt-get") and shutil.which("git")
    jobs = ("pull", "validate", "pages", "notify")
    return [*before[1:], *(line for job in jobs for line in ci[job]["script"])]


class Scenario:
    """A new repository and the first command that installs into a clean environment: the
    README's block (which makes `.venv`), or a CI file's first install step in the interpreter
    the CI gives (a runner's setup-python, GitLab's python image)."""

    def __init__(self, root: Path, wheelhouse: Path, host: str, language: str, kind: str):
        self.repo = root / f"{kind}-{host}" / "my-plans"
        self.host, self.kind = host, kind
        assert main(["init", str(self.repo), "--host", host, "--language", language]) == 0
        if kind == "readme":
            self.venv = self.repo / ".venv"
            self.env = _clean_env(wheelhouse)
            self.first = _readme_install(self.repo)  # verbatim: it makes and activates .venv
        else:
            self.venv = root / f"{kind}-{host}" / "interpreter"
            subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True, timeout=300)
            self.env = _clean_env(wheelhouse, self.venv)
            if kind == "gitlab":
                self.env["CI_PAGES_URL"] = "https://acme.gitlab.io/gl"
                self.first = _gitlab_lines(self.repo)[0]
            else:
                self.first = _github_steps(self.repo)[0][0]
        self.installed: subprocess.CompletedProcess[str] | None = None

    def install(self) -> None:
        self.installed = _bash(self.first, self.repo, self.env)


@pytest.fixture(scope="module")
def scenarios(wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Scenario]:
    """The five clean installs, two at a time (one a core): each is mostly unpacking wheels."""
    from concurrent.futures import ThreadPoolExecutor

    root = tmp_path_factory.mktemp("first-hour")
    made = {
        f"{kind}-{host}": Scenario(root, wheelhouse, host, language, kind)
        for kind, host, language in [
            ("readme", "github", "fr"),
            ("readme", "gitlab", "en"),
            ("readme", "intranet", "fr"),
            ("github", "github", "fr"),
            ("gitlab", "gitlab", "en"),
        ]
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(Scenario.install, made.values()))
    return made


@pytest.mark.parametrize("host", ["github", "gitlab", "intranet"])
def test_the_readme_install_line_makes_a_site_in_a_clean_venv(
    scenarios: dict[str, Scenario], wheelhouse: Path, tmp_path: Path, host: str
) -> None:
    scenario = scenarios[f"readme-{host}"]
    repo, env = scenario.repo, scenario.env
    assert INSTALL in scenario.first and "python -m venv .venv" in scenario.first
    installed = scenario.installed
    assert installed is not None
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    assert "not installed" not in installed.stderr, installed.stderr
    _assert_clean_install(repo, scenario.venv, env)
    used = _bash(
        ". .venv/bin/activate && pacsite validate plans --strict && mkdocs build --strict",
        repo,
        env,
    )
    assert used.returncode == 0, used.stdout[-3000:] + used.stderr[-3000:]
    assert (repo / "site" / "plans" / "index.html").is_file()
    if host == "intranet":
        # publish.sh finds the README's .venv by itself (cron has no activated environment)
        www = tmp_path / "www"
        published = _bash(f"./publish.sh {www}", repo, _clean_env(wheelhouse))
        assert published.returncode == 0, published.stderr[-3000:]
        assert (www / "current" / "plans" / "index.html").is_file()


def _run_the_rest(scenario: Scenario, commands: list[tuple[str, dict[str, str]]]) -> None:
    """The CI file's commands after its first install (run by the fixture), in order, in the
    same clean environment; then that environment holds nothing it did not install."""
    installed = scenario.installed
    assert installed is not None and installed.returncode == 0, (
        installed.stderr[-3000:] if installed else ""
    )
    for command, extra in commands:
        assert "${{" not in command
        done = _bash(command, scenario.repo, scenario.env | extra)
        assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
    _assert_clean_install(scenario.repo, scenario.venv, scenario.env)


def test_the_github_workflow_commands_install_validate_and_build(
    scenarios: dict[str, Scenario],
) -> None:
    scenario = scenarios["github-github"]
    steps = _github_steps(scenario.repo)
    assert sum(INSTALL in run for run, _ in steps) == 4  # the check, pull, build, notify jobs
    assert steps[0][0] == scenario.first
    _run_the_rest(scenario, steps[1:])
    assert (scenario.repo / "site" / "plans" / "index.html").is_file()


def test_the_gitlab_ci_commands_install_validate_and_build(
    scenarios: dict[str, Scenario],
) -> None:
    scenario = scenarios["gitlab-gitlab"]
    lines = _gitlab_lines(scenario.repo)
    assert lines[0] == scenario.first and INSTALL in lines
    _run_the_rest(scenario, [(line, {}) for line in lines[1:]])
    assert (scenario.repo / "public" / "plans" / "index.html.gz").is_file()


# -- the first minutes around the install: words in the repository's language, located errors


def _french_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    repo = tmp_path / "equipe"
    assert main(["init", str(repo), "--host", "github", "--language", "fr"]) == 0
    monkeypatch.chdir(repo)
    monkeypatch.setenv("LANG", "C.UTF-8")  # the repository's language wins over the terminal's
    return repo


def test_validate_sums_up_in_the_repository_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = _french_repository(tmp_path, monkeypatch)
    capsys.readouterr()
    assert main(["validate", "plans"]) == 0
    assert capsys.readouterr().err.strip() == "1 plan valide, 0 avertissement dans plans"
    [plan] = (repo / "plans").glob("*/plan.yaml")
    text = plan.read_text(encoding="utf-8")
    broken = text.replace("kpi: chiffre-affaires", "kpi: ca", 3)
    assert broken.count("kpi: ca\n") + broken.count("kpi: ca,") >= 2
    plan.write_text(broken, encoding="utf-8")
    assert main(["validate", "plans"]) == 1
    out = capsys.readouterr()
    errors = [line for line in out.out.splitlines() if "[PAC003]" in line]
    assert len(errors) >= 2 and all("indicateur inconnu « ca »" in e for e in errors)
    count = len(out.out.splitlines())
    assert out.err.strip() == f"{count} erreurs, 0 avertissement dans plans"


def test_help_and_argparse_words_in_french(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _french_repository(tmp_path, monkeypatch)
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["validate", "--help"])
    text = capsys.readouterr().out
    assert text.startswith("utilisation : pacsite validate")
    assert "afficher cette aide et quitter" in text
    assert "les remarques de style comptent comme des erreurs" in text
    with pytest.raises(SystemExit):
        main(["validate", "--format", "html"])
    assert "erreur : argument --format : choix invalide : 'html'" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)  # no repository here: the terminal's language
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "show this help message and exit" in capsys.readouterr().out
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "vérifier les plans" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command",
    [
        ["template", "xlsx", "absent/sous/pac.xlsx"],
        ["export", "pac-{year}", "absent/sous/pac.xlsx"],
    ],
)
def test_a_file_into_a_missing_folder_is_one_located_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    command: list[str],
) -> None:
    from pacsite.analysis import build_date

    _french_repository(tmp_path, monkeypatch)
    capsys.readouterr()
    args = [c.replace("{year}", str(build_date().year)) for c in command]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err == f"pacsite {args[0]}: absent/sous/pac.xlsx : le dossier absent n'existe pas\n"
    assert not (tmp_path / "equipe" / "absent").exists()


def test_the_french_workbook_offers_french_words_and_reads_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import openpyxl

    repo = _french_repository(tmp_path, monkeypatch)
    assert main(["template", "xlsx", "pac.xlsx"]) == 0  # the repository's language: French
    book = openpyxl.load_workbook(repo / "pac.xlsx")
    lists = {
        (ws.title, str(dv.sqref).split(":")[0][0]): dv
        for ws in book
        for dv in ws.data_validations.dataValidation
    }
    header = [c.value for c in book["Actions"][1]]
    status = chr(ord("A") + header.index("Statut"))
    choices = lists[("Actions", status)].formula1.strip('"').split(",")
    assert choices == ["Prévue", "En cours", "Réalisée", "En retard", "Annulée", "Suspendue"]
    axes = [c.value for c in book["Axes"][1]]
    axis_status = lists[("Axes", chr(ord("A") + axes.index("Statut")))].formula1
    assert axis_status == '"Actif,Prioritaire,Suspendu,Abandonné"'
    reviews = [c.value for c in book["Revues"][1]]
    decisions = lists[
        ("Revues", chr(ord("A") + reviews.index("Décisions (axe : décision — raison)")))
    ]
    assert "Renforcer, Maintenir, Suspendre, Abandonner" in decisions.prompt
    # a team fills it in with the words offered
    actions = book["Actions"]
    actions.cell(2, header.index("Statut") + 1, "En cours")
    axis_id = book["Axes"].cell(2, axes.index("Identifiant") + 1).value
    review = book["Revues"]
    review.cell(2, reviews.index("Date") + 1, "31/03/" + str(_year()))
    review.cell(2, reviews.index("Type") + 1, "Revue mensuelle")
    review.cell(2, reviews.index("Décisions (axe : décision — raison)") + 1,
                f"{axis_id} : Renforcer — le ROI dépasse l'attendu")  # fmt: skip
    book.save(repo / "pac.xlsx")
    capsys.readouterr()
    assert main(["import", "pac.xlsx", "plans/importe"]) == 0, capsys.readouterr()
    texts = "\n".join(
        p.read_text(encoding="utf-8") for p in (repo / "plans/importe").rglob("*.yaml")
    )
    assert "status: in_progress" in texts and "decision: push" in texts
    assert "kind: monthly" in texts


def _year() -> int:
    from pacsite.analysis import build_date

    return build_date().year
