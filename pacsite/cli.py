"""The `pacsite` command: validate plans, print their JSON Schema, and more."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from .cli_parser import argparse_in, build_parser, cli_language
from .load import Code, Diagnostic, Position
from .load.diagnostics import display_path
from .model import Plan
from .pipeline import check, run
from .project import project_config
from .render import Formatter
from .render.terminal import ci_annotation, code_quality_report, status_text
from .schemas import plan_schemas
from .settings import OptionsError, Settings, SiteFacts, option_errors, read_mkdocs_yml
from .site_assets import asset_files
from .starter import INSTALL, create_repository, first_commit
from .text import terminal_line

__all__ = ["main"]


def _print_diagnostics(diagnostics: list[Diagnostic], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2))
    elif fmt == "github":
        for d in diagnostics:
            print(ci_annotation(d))
    elif fmt == "gitlab":
        print(code_quality_report(diagnostics))
    else:
        for d in diagnostics:
            print(d)


def _settings(args: argparse.Namespace) -> tuple[Settings, SiteFacts]:
    """The options a build would use (the `pacsite` plugin's in `mkdocs.yml`, when there is one)
    with this command's flags over them.

    Raises:
        OptionsError: `mkdocs.yml` or a flag is wrong; each problem names the key or the flag.
    """
    config = Path(args.config_file) if args.config_file else Path("mkdocs.yml")
    named = getattr(args, "plans_dir", None)
    # a plans folder outside this project is a project of its own: its parent is the boundary
    # of what may be read, and this mkdocs.yml is not its configuration
    if (
        named
        and config.is_file()
        and not args.config_file
        and not Path(named).resolve().is_relative_to(config.resolve().parent)
    ):
        config = Path(named).resolve().parent / "mkdocs.yml"
    if config.is_file():
        settings, site = read_mkdocs_yml(config)
    elif args.config_file:
        raise OptionsError(
            [Diagnostic(Position(args.config_file), Code.SYNTAX, "file not found", "--config-file")]
        )
    else:
        start = Path(named).resolve().parent if named else Path.cwd().resolve()
        settings, site = Settings(), SiteFacts(root=start)
    flags = {
        "plans_dir": ("plans_dir", _absolute(getattr(args, "plans_dir", None))),
        "as_of": ("--as-of", getattr(args, "as_of", None)),
        "language": ("--language", getattr(args, "language", None)),
        "portal": ("--portal", getattr(args, "portal", None)),
    }
    ignored = {code.upper(): "ignore" for code in getattr(args, "ignore", None) or []}
    overrides: dict[str, Any] = {key: value for key, (_, value) in flags.items()}
    if ignored:
        overrides["lint"] = {**settings.lint, **ignored}
    try:
        return settings.with_overrides(**overrides), site
    except ValidationError as exc:
        names = {key: flag for key, (flag, _) in flags.items()} | {"lint": "--ignore"}
        raise OptionsError(
            [
                Diagnostic(
                    Position("command line"),
                    d.code,
                    d.message,
                    names.get(d.path.split(".")[0], d.path),
                )
                for d in option_errors(exc, "command line")
            ]
        ) from None


def _absolute(path: str | None) -> str | None:
    return str(Path(path).resolve()) if path else None


def cmd_validate(args: argparse.Namespace) -> int:
    """Check every plan as a build would; exit 1 on errors (and on lint findings with --strict)."""
    settings, site = _settings(args)
    outcome = run(settings, site, render=False, strict=args.strict)
    diagnostics = outcome.diagnostics
    if args.format in {"text", "github", "json"}:
        diagnostics = sorted(diagnostics + outcome.notes, key=lambda d: d.sort_key)
    _print_diagnostics(diagnostics, args.format)
    errors = len(outcome.errors)
    warnings = len(outcome.warnings)
    if args.format in {"text", "github"}:
        words = Formatter(site.language(settings))
        where = display_path(site.plans_dir(settings))
        verdict = (
            words.n("cli.plans_valid", len(outcome.plans))
            if not errors
            else words.n("cli.errors", errors)
        )
        summary = words.t(
            "cli.summary", verdict=verdict, warnings=words.n("cli.warnings", warnings), where=where
        )
        print(terminal_line(summary), file=sys.stderr)
    return 1 if errors else 0


def cmd_status(args: argparse.Namespace) -> int:
    """Print where each plan stands; exit 1 when plans have errors."""
    settings, site = _settings(args)
    outcome = run(settings, site, render=False)
    if outcome.errors:
        _print_diagnostics(outcome.errors, "text")
        return 1
    language = site.language(settings)
    for i, analysed in enumerate(outcome.plans):
        plan = analysed.loaded.plan
        fmt = Formatter(plan.language or language, plan.currency)
        print(("\n" if i else "") + status_text(analysed.analysis, fmt), end="")
    return 0


def cmd_gen(args: argparse.Namespace) -> int:
    """Write the generated pages (Markdown) and assets to a folder, for other site generators."""
    settings, site = _settings(args)
    portal = run(settings, site)
    _print_diagnostics(portal.warnings, "text")
    if portal.errors:
        _print_diagnostics(portal.errors, "text")
        return 1
    words = args.words = Formatter(site.language(settings))
    try:
        return _write_project(args, portal, settings, site)
    except OSError as exc:
        _say(args, _write_error(words, Path(exc.filename or args.out_dir), exc))
        return 1


def _write_project(
    args: argparse.Namespace, portal: Any, settings: Settings, site: SiteFacts
) -> int:
    words = args.words
    project = getattr(args, "for_", None)
    out = Path(args.out_dir) / "docs" if project else Path(args.out_dir)
    if project:
        # the user's own pages (docs_dir) come along, so the project is the whole site
        docs = site.docs_dir
        if docs is not None and docs.is_dir():
            shutil.copytree(docs, out, dirs_exist_ok=True)
    for page in portal.pages:
        target = out / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    for generated in portal.files:
        target = out / generated.uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(generated.content)
    for uri, content, source in asset_files(settings):
        target = out / uri
        target.parent.mkdir(parents=True, exist_ok=True)
        if content is not None:
            target.write_text(content, encoding="utf-8")
        elif source is not None:
            shutil.copyfile(source, target)
    written = words.n("cli.gen.written", len(portal.pages), out=out)
    if project:
        config_name, text = project_config(project, portal, settings, site, _user_nav(site, out))
        (Path(args.out_dir) / config_name).write_text(text, encoding="utf-8")
        build = words.t("cli.gen.build_with", command=f"cd {args.out_dir} && {project} build")
        _say(args, f"{written}; {build}", prefix=False)
        return 0
    (out / "pacsite-nav.yml").write_text(
        yaml.safe_dump({"nav": portal.nav}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    _say(args, written, prefix=False)
    return 0


def _user_nav(site: SiteFacts, docs: Path) -> list[Any]:
    """The navigation of the user's own pages: mkdocs.yml's `nav`, else its pages in order."""
    config = site.root / "mkdocs.yml"
    if config.is_file():
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_IgnoreTags)
        if isinstance(data, dict) and isinstance(data.get("nav"), list):
            return list(data["nav"])
    if site.docs_dir is None or not site.docs_dir.is_dir():
        return []
    pages = sorted(p.relative_to(site.docs_dir).as_posix() for p in site.docs_dir.rglob("*.md"))
    return [p for p in pages if (docs / p).is_file()]


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml read for its nav: `!ENV`, `!relative` and Python tags are left as text."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def cmd_init(args: argparse.Namespace) -> int:
    """Create a plan repository: mkdocs.yml, a starter plan, docs, pinned requirements, CI files."""
    words = Formatter(args.language)
    visibility = args.visibility
    if visibility is None and args.host != "intranet" and sys.stdin.isatty():
        question = words.t("cli.init.question", host=args.host.capitalize())
        answer = input(question).strip().lower() or "public"
        visibility = answer if answer in {"public", "internal"} else "public"
    folder = Path(args.directory)
    try:
        written = create_repository(folder, args.language, args.host, visibility)
    except FileExistsError:
        _say(args, words.t("cli.init.not_empty", folder=folder))
        return 1
    except OSError as exc:
        _say(args, _write_error(words, folder, exc))
        return 1
    for path in written:
        print(terminal_line(path))
    made = first_commit(folder)
    if made is not None:
        print(terminal_line(words.t("cli.init.committed", branch=made.branch, commit=made.commit)))
        if not made.own_identity:
            print(terminal_line(words.t("cli.init.committed_as", author=made.author)))
    elif shutil.which("git") is None:
        print(terminal_line(words.t("cli.init.no_git")))
    else:
        print(terminal_line(words.t("cli.init.inside_git", folder=folder)))
    command = (
        f"cd {folder} && python -m venv .venv && . .venv/bin/activate && {INSTALL} && mkdocs serve"
    )
    _say(args, words.t("cli.next", command=command), prefix=False)
    return 0


def _say(args: argparse.Namespace, text: str, *, prefix: bool = True) -> None:
    """One line on the error stream: `pacsite COMMAND: text`, safe for any terminal or log."""
    print(terminal_line(f"pacsite {args.command}: {text}" if prefix else text), file=sys.stderr)


def _write_error(words: Formatter, path: Path, exc: OSError) -> str:
    """Why `path` could not be written, located: a missing folder named as such."""
    folder = path.parent
    if not folder.is_dir():
        missing = folder
        while not missing.parent.is_dir() and missing.parent != missing:
            missing = missing.parent
        return words.t("cli.no_folder", path=path, folder=missing)
    return words.t("cli.cannot_write", path=path, reason=exc.strerror or type(exc).__name__)


def _write(args: argparse.Namespace, path: Path, data: bytes | str) -> bool:
    """Write a file a command makes; on failure, one located line and False (no traceback)."""
    try:
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    except OSError as exc:
        _say(args, _write_error(args.words, path, exc))
        return False
    return True


def cmd_template(args: argparse.Namespace) -> int:
    """Write the PAC workbook template: the starter plan's sheets, drop-down lists, a how-to."""
    import yaml as _yaml

    from .render.workbook import plan_workbook
    from .starter import starter_plan

    words = args.words
    plan = Plan.model_validate({**_yaml.safe_load(starter_plan(args.language)), "id": "plan"})
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        _say(args, words.t("cli.suffix", path=out, suffix=".xlsx"))
        return 2
    if not _write(args, out, plan_workbook(plan, args.language, template=True)):
        return 1
    _say(args, words.t("cli.template.written", path=out, name=out.name), prefix=False)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Read a PAC workbook into a plan folder; write nothing when it holds an error."""
    from .load.workbook_import import import_workbook

    words = args.words
    source, target = Path(args.workbook), Path(args.directory)
    if not source.is_file():
        _say(args, words.t("cli.not_found", path=source))
        return 2
    if target.exists() and any(target.iterdir()) and not args.force:
        _say(args, words.t("cli.import.not_empty", folder=target))
        return 1
    imported = import_workbook(source, source.name, target.name)
    if imported.language in {"fr", "en"}:
        words = args.words = Formatter(imported.language)  # the plan's language from here on
    _print_diagnostics(imported.diagnostics, "text")
    if not imported.files:
        errors = len([d for d in imported.diagnostics if d.severity == "error"])
        _say(args, words.t("cli.nothing_written", errors=words.n("cli.errors", errors)))
        return 1
    for relative, text in imported.files.items():
        path = target / relative
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            _say(args, _write_error(words, path, exc))
            return 1
        if not _write(args, path, text):
            return 1
        print(terminal_line(path))
    # the same verdict a build would give on what was written
    outcome = check(target.parent, root=target.parent.parent)
    found = [d for d in outcome.diagnostics if target.name in Path(d.position.file).parts]
    _print_diagnostics(found, "text")
    return 1 if any(d.severity == "error" for d in found) else 0


def cmd_export(args: argparse.Namespace) -> int:
    """Write a plan and where it stands as a workbook (the analysis the site shows)."""
    from .render.workbook import plan_workbook

    settings, site = _settings(args)
    outcome = run(settings, site, render=False)
    found = [p for p in outcome.plans if p.loaded.plan.id == args.plan]
    if not found:
        words = args.words
        known = ", ".join(p.loaded.plan.id for p in outcome.plans) or words.t("cli.none")
        _print_diagnostics(outcome.errors, "text")
        _say(args, words.t("cli.export.no_plan", plan=args.plan, known=known))
        return 1
    [analysed] = found
    plan = analysed.loaded.plan  # as written: the decisions of reviews apply on reading
    language = plan.language or site.language(settings)
    data = plan_workbook(
        plan, language, analysis=analysed.analysis, measures=analysed.loaded.measures
    )
    words = args.words = Formatter(language)
    if not _write(args, Path(args.out), data):
        return 1
    _say(args, words.t("cli.written", path=args.out), prefix=False)
    return 0


def cmd_pull(args: argparse.Namespace) -> int:
    """Pull the plans' CRM sources; exit 1 when one failed (its files stay as they were)."""
    from .pull import pull

    settings, site = _settings(args)
    report = pull(
        settings,
        site,
        os.environ,
        full=args.full,
        only=args.plan,
        record_failures=args.record_failures,
    )
    for line in report.lines:
        print(terminal_line(line))
    for problem in report.problems:
        _say(args, problem)
    message = report.message
    if args.message_file and message and not _write(args, Path(args.message_file), message):
        return 1
    return 1 if report.failed else 0


def cmd_notify(args: argparse.Namespace) -> int:
    """Send what is new in the plans, once; exit 1 when a message could not be sent."""
    from .notify import notify

    settings, site = _settings(args)
    report = notify(settings, site, os.environ, dry_run=args.dry_run)
    for line in (part for text in report.lines for part in text.splitlines()):
        print(terminal_line(line))
    for problem in report.problems:
        _say(args, problem)
    return 1 if report.failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a plan file (for editor completion)."""
    schema = plan_schemas()[args.kind]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


COMMANDS = {
    "validate": cmd_validate,
    "status": cmd_status,
    "init": cmd_init,
    "gen": cmd_gen,
    "template": cmd_template,
    "import": cmd_import,
    "export": cmd_export,
    "pull": cmd_pull,
    "notify": cmd_notify,
    "schema": cmd_schema,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pacsite` console script."""
    argv = list(sys.argv[1:] if argv is None else argv)
    language = cli_language(argv)
    with argparse_in(language):
        args = build_parser(language).parse_args(argv)
    args.words = Formatter(language)
    try:
        return int(COMMANDS[args.command](args))
    except OptionsError as exc:
        for d in exc.diagnostics:
            _say(args, str(d))
        return 2
    except BrokenPipeError:  # `pacsite status | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
