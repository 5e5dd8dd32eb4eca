"""The `pacsite` command: validate plans, print their JSON Schema, and more."""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from . import __version__
from .load import Code, Diagnostic, Position
from .load.diagnostics import display_path
from .model import Plan
from .pipeline import asset_files, check, run
from .project import project_config
from .render import Formatter
from .render.terminal import status_text
from .schemas import plan_schemas
from .settings import OptionsError, Settings, SiteFacts, option_errors, read_mkdocs_yml
from .starter import create_repository
from .text import terminal_line

__all__ = ["main"]


def _github_escape(text: str, *, property: bool = False) -> str:
    """Escape a workflow command's data (and, for properties, `,` and `:`)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def _github(d: Diagnostic) -> str:
    """A GitHub Actions annotation: shown on the changed line of a pull request."""
    level = "error" if d.severity == "error" else "warning"
    props = [f"file={_github_escape(d.position.file, property=True)}"]
    if d.position.line:
        props.append(f"line={d.position.line}")
    if d.position.column:
        props.append(f"col={d.position.column}")
    props.append(f"title={_github_escape(str(d.code), property=True)}")
    where = f"{d.path}: " if d.path else ""
    return f"::{level} {','.join(props)}::{_github_escape(terminal_line(where + d.message))}"


def _gitlab(diagnostics: list[Diagnostic]) -> str:
    """A GitLab Code Quality report (JSON), shown in merge requests."""
    issues = []
    for d in diagnostics:
        where = f"{d.position.file}:{d.position.line}:{d.position.column}:{d.code}:{d.message}"
        issues.append(
            {
                "description": f"{d.path}: {d.message}" if d.path else d.message,
                "check_name": str(d.code),
                "fingerprint": hashlib.sha256(where.encode("utf-8")).hexdigest(),
                "severity": "major" if d.severity == "error" else "minor",
                "location": {"path": d.position.file, "lines": {"begin": max(d.position.line, 1)}},
            }
        )
    return json.dumps(issues, ensure_ascii=False, indent=2)


def _print_diagnostics(diagnostics: list[Diagnostic], fmt: str) -> None:
    if fmt == "json":
        print(json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2))
    elif fmt == "github":
        for d in diagnostics:
            print(_github(d))
    elif fmt == "gitlab":
        print(_gitlab(diagnostics))
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
    _print_diagnostics(diagnostics, args.format)
    errors = len(outcome.errors)
    warnings = len(outcome.warnings)
    if args.format in {"text", "github"}:
        where = display_path(site.plans_dir(settings))
        summary = f"{len(outcome.plans)} plan(s) valid" if not errors else f"{errors} error(s)"
        print(f"{summary}, {warnings} warning(s) in {where}", file=sys.stderr)
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
    if project:
        config_name, text = project_config(project, portal, settings, site, _user_nav(site, out))
        (Path(args.out_dir) / config_name).write_text(text, encoding="utf-8")
        print(
            f"{len(portal.pages)} pages written to {out}; build with: cd {args.out_dir} && "
            f"{project} build",
            file=sys.stderr,
        )
        return 0
    (out / "pacsite-nav.yml").write_text(
        yaml.safe_dump({"nav": portal.nav}, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    print(f"{len(portal.pages)} pages written to {out}", file=sys.stderr)
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
    visibility = args.visibility
    if visibility is None and args.host != "intranet" and sys.stdin.isatty():
        question = (
            f"Who may read the site on {args.host.capitalize()} Pages? public (anyone: budgets, "
            "spend, notes, e-mails and commit authors left out) or internal [public]: "
        )
        answer = input(question).strip().lower() or "public"
        visibility = answer if answer in {"public", "internal"} else "public"
    try:
        written = create_repository(Path(args.directory), args.language, args.host, visibility)
    except FileExistsError as exc:
        print(f"pacsite init: {exc}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    print(
        f"Next: cd {args.directory} && pip install --no-deps --require-hashes -r "
        "requirements-pacsite.txt && pip install -r requirements.txt && mkdocs serve",
        file=sys.stderr,
    )
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    """Write the PAC workbook template: the starter plan's sheets, drop-down lists, a how-to."""
    import yaml as _yaml

    from .render.workbook import plan_workbook
    from .starter import starter_plan

    plan = Plan.model_validate({**_yaml.safe_load(starter_plan(args.language)), "id": "plan"})
    out = Path(args.out)
    if out.suffix.lower() != ".xlsx":
        print(f"pacsite template: {out} must end in .xlsx", file=sys.stderr)
        return 2
    out.write_bytes(plan_workbook(plan, args.language, template=True))
    print(
        f"{out} written: fill it in, then `pacsite import {out.name} plans/<plan>`", file=sys.stderr
    )
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Read a PAC workbook into a plan folder; write nothing when it holds an error."""
    from .load.workbook import import_workbook

    source, target = Path(args.workbook), Path(args.directory)
    if not source.is_file():
        print(f"pacsite import: {source}: file not found", file=sys.stderr)
        return 2
    if target.exists() and any(target.iterdir()) and not args.force:
        print(
            f"pacsite import: {target} is not empty: choose a new folder (or --force to "
            "replace the files the workbook writes)",
            file=sys.stderr,
        )
        return 1
    imported = import_workbook(source, source.name, target.name)
    _print_diagnostics(imported.diagnostics, "text")
    if not imported.files:
        errors = len([d for d in imported.diagnostics if d.severity == "error"])
        print(f"{errors} error(s): nothing written", file=sys.stderr)
        return 1
    for relative, text in imported.files.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path)
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
        known = ", ".join(p.loaded.plan.id for p in outcome.plans) or "none"
        _print_diagnostics(outcome.errors, "text")
        print(f"pacsite export: no valid plan '{args.plan}' (plans: {known})", file=sys.stderr)
        return 1
    [analysed] = found
    plan = analysed.loaded.plan  # as written: the decisions of reviews apply on reading
    language = plan.language or site.language(settings)
    data = plan_workbook(
        plan, language, analysis=analysed.analysis, measures=analysed.loaded.measures
    )
    Path(args.out).write_bytes(data)
    print(f"{args.out} written", file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of a plan file (for editor completion)."""
    schema = plan_schemas()[args.kind]
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return 0


_PLANS_HELP = "the plans folder (default: the plugin's plans_dir in mkdocs.yml, else plans)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pacsite", description=__doc__)
    parser.add_argument("--version", action="version", version=f"pacsite {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    validate = sub.add_parser("validate", help="check plans and report every problem")
    validate.add_argument("plans_dir", nargs="?", help=_PLANS_HELP)
    validate.add_argument("--strict", action="store_true", help="lint findings are errors")
    validate.add_argument(
        "--format",
        choices=["text", "json", "github", "gitlab"],
        default="text",
        help="github: workflow annotations; gitlab: Code Quality report",
    )
    validate.add_argument(
        "--ignore",
        action="append",
        metavar="CODE",
        help="silence a lint code (repeatable), e.g. --ignore PAC101",
    )
    validate.set_defaults(func=cmd_validate)

    status = sub.add_parser("status", help="summarise where each plan stands")
    status.add_argument("plans_dir", nargs="?", help=_PLANS_HELP)
    status.add_argument("--as-of", help="judge the plans at this date (default: each plan's)")
    status.add_argument(
        "--language",
        choices=["fr", "en"],
        help="for plans that do not set their language (default: as mkdocs.yml says, else en)",
    )
    status.set_defaults(func=cmd_status)

    init = sub.add_parser("init", help="create a ready plan repository")
    init.add_argument("directory")
    init.add_argument("--language", choices=["fr", "en"], default="fr")
    init.add_argument(
        "--host",
        choices=["github", "gitlab", "intranet"],
        default="github",
        help="where the site is published: the CI files to write",
    )
    init.add_argument(
        "--visibility",
        choices=["public", "internal"],
        help="what the site publishes (default: asked for github and gitlab, else public there; "
        "internal on an intranet)",
    )
    init.set_defaults(func=cmd_init)

    gen = sub.add_parser(
        "gen", help="write the pages as Markdown files, for another site generator"
    )
    gen.add_argument("out_dir")
    gen.add_argument("--plans-dir", help=_PLANS_HELP)
    gen.add_argument("--portal", help="where the portal page goes (default: plans/index.md)")
    gen.add_argument(
        "--language",
        choices=["fr", "en"],
        help="for plans that do not set their language (default: as mkdocs.yml says, else en)",
    )
    gen.add_argument("--as-of", help="judge the plans at this date")
    gen.add_argument(
        "--for",
        dest="for_",
        choices=["zensical", "mkdocs"],
        help="write a whole project (docs/ and its configuration) that this generator builds "
        "as it is, without the pacsite plugin",
    )
    gen.set_defaults(func=cmd_gen)

    template = sub.add_parser("template", help="write the PAC workbook template (Excel)")
    template.add_argument("format", choices=["xlsx"])
    template.add_argument("out", metavar="OUT.xlsx")
    template.add_argument("--language", choices=["fr", "en"], default="fr")
    template.set_defaults(func=cmd_template)

    importer = sub.add_parser("import", help="read a PAC workbook into a plan folder")
    importer.add_argument("workbook", metavar="WORKBOOK.xlsx")
    importer.add_argument(
        "directory", metavar="DIR", help="the plan folder to write (its name is the plan's id)"
    )
    importer.add_argument("--force", action="store_true", help="write into a folder that has files")
    importer.set_defaults(func=cmd_import)

    export = sub.add_parser("export", help="write a plan and where it stands as a workbook")
    export.add_argument("plan", metavar="PLAN", help="the plan's id")
    export.add_argument("out", metavar="OUT.xlsx")
    export.add_argument("--plans-dir", dest="plans_dir", help=_PLANS_HELP)
    export.add_argument("--as-of", help="judge the plan at this date")
    export.set_defaults(func=cmd_export)

    for command in (validate, status, gen, export):
        command.add_argument(
            "--config-file",
            metavar="MKDOCS_YML",
            help="the site's mkdocs.yml, whose pacsite options apply (default: ./mkdocs.yml if any)",
        )

    schema = sub.add_parser("schema", help="print the JSON Schema of plan files")
    schema.add_argument("--kind", choices=["plan", "segment", "actions", "review"], default="plan")
    schema.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pacsite` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except OptionsError as exc:
        for d in exc.diagnostics:
            print(f"pacsite {args.command}: {d}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `pacsite status | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
