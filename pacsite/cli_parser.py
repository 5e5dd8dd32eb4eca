"""The `pacsite` command line's options and help, in the repository's language.

The language is the one a build of the repository would use (`mkdocs.yml`: the plugin's
`language`, else the theme's), else the one the terminal asks for (`LANG`), else English; a
`--language` flag on the command line wins. Every word comes from the gettext catalogs, argparse's
own (`usage:`, `options`, its errors) included.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from . import __version__
from .catalog import N_, gettext, ngettext
from .render import Formatter
from .settings import OptionsError, read_mkdocs_yml

__all__ = ["argparse_in", "build_parser", "cli_language"]

# argparse's own messages (its `_()` calls), translated from the same catalogs as ours
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("expected one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
)


def cli_language(argv: Sequence[str]) -> str:
    """The language of this command's words: `--language`, else the repository's, else the
    terminal's, else English."""
    args = list(argv)
    for i, arg in enumerate(args):
        if arg == "--language" and i + 1 < len(args) and args[i + 1] in {"fr", "en"}:
            return args[i + 1]
        if arg.startswith("--language=") and arg.split("=", 1)[1] in {"fr", "en"}:
            return arg.split("=", 1)[1]
    config = Path("mkdocs.yml")
    for i, arg in enumerate(args):
        if arg == "--config-file" and i + 1 < len(args):
            config = Path(args[i + 1])
    if config.is_file():
        try:
            settings, site = read_mkdocs_yml(config)
        except OptionsError:
            pass  # the command itself says what is wrong, in the terminal's language
        else:
            if settings.language or site.theme_language:
                return site.language(settings)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


@contextmanager
def argparse_in(language: str) -> Iterator[None]:
    """argparse's own words (`usage:`, errors) in `language` while the block runs."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = lambda text: gettext(language, text)  # type: ignore[attr-defined]
    argparse.ngettext = lambda one, many, n: ngettext(language, one, many, n)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


def build_parser(language: str = "en") -> argparse.ArgumentParser:
    """The `pacsite` parser, its help in `language`."""
    t = Formatter(language).t
    plans_help = t("cli.help.plans_dir")
    parser = argparse.ArgumentParser(prog="pacsite", description=t("cli.help.pacsite"))
    parser.add_argument("--version", action="version", version=f"pacsite {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = sub.add_parser(
        "validate", help=t("cli.help.validate"), description=t("cli.help.validate")
    )
    validate.add_argument("plans_dir", nargs="?", help=plans_help)
    validate.add_argument("--strict", action="store_true", help=t("cli.help.strict"))
    validate.add_argument(
        "--format",
        choices=["text", "json", "github", "gitlab"],
        default="text",
        help=t("cli.help.format"),
    )
    validate.add_argument("--ignore", action="append", metavar="CODE", help=t("cli.help.ignore"))

    status = sub.add_parser("status", help=t("cli.help.status"), description=t("cli.help.status"))
    status.add_argument("plans_dir", nargs="?", help=plans_help)
    status.add_argument("--as-of", help=t("cli.help.as_of"))
    status.add_argument("--language", choices=["fr", "en"], help=t("cli.help.language"))

    init = sub.add_parser("init", help=t("cli.help.init"), description=t("cli.help.init"))
    init.add_argument("directory", help=t("cli.help.directory"))
    init.add_argument(
        "--language", choices=["fr", "en"], default="fr", help=t("cli.help.init_language")
    )
    init.add_argument(
        "--host",
        choices=["github", "gitlab", "intranet"],
        default="github",
        help=t("cli.help.host"),
    )
    init.add_argument("--visibility", choices=["public", "internal"], help=t("cli.help.visibility"))

    gen = sub.add_parser("gen", help=t("cli.help.gen"), description=t("cli.help.gen"))
    gen.add_argument("out_dir", help=t("cli.help.out_dir"))
    gen.add_argument("--plans-dir", help=plans_help)
    gen.add_argument("--portal", help=t("cli.help.portal"))
    gen.add_argument("--language", choices=["fr", "en"], help=t("cli.help.language"))
    gen.add_argument("--as-of", help=t("cli.help.as_of"))
    gen.add_argument("--for", dest="for_", choices=["zensical", "mkdocs"], help=t("cli.help.for"))

    template = sub.add_parser(
        "template", help=t("cli.help.template"), description=t("cli.help.template")
    )
    template.add_argument("format", choices=["xlsx"], help=t("cli.help.template_format"))
    template.add_argument("out", metavar="OUT.xlsx", help=t("cli.help.out"))
    template.add_argument(
        "--language", choices=["fr", "en"], default=language, help=t("cli.help.template_language")
    )

    importer = sub.add_parser("import", help=t("cli.help.import"), description=t("cli.help.import"))
    importer.add_argument("workbook", metavar="WORKBOOK.xlsx", help=t("cli.help.workbook"))
    importer.add_argument("directory", metavar="DIR", help=t("cli.help.import_directory"))
    importer.add_argument("--force", action="store_true", help=t("cli.help.force"))

    pull = sub.add_parser("pull", help=t("cli.help.pull"), description=t("cli.help.pull"))
    pull.add_argument("plans_dir", nargs="?", help=plans_help)
    pull.add_argument("--full", action="store_true", help=t("cli.help.full"))
    pull.add_argument("--plan", metavar="PLAN", help=t("cli.help.pull_plan"))
    pull.add_argument("--message-file", metavar="FILE", help=t("cli.help.message_file"))
    pull.add_argument("--record-failures", action="store_true", help=t("cli.help.record_failures"))

    notify = sub.add_parser("notify", help=t("cli.help.notify"), description=t("cli.help.notify"))
    notify.add_argument("plans_dir", nargs="?", help=plans_help)
    notify.add_argument("--dry-run", action="store_true", help=t("cli.help.dry_run"))

    export = sub.add_parser("export", help=t("cli.help.export"), description=t("cli.help.export"))
    export.add_argument("plan", metavar="PLAN", help=t("cli.help.plan"))
    export.add_argument("out", metavar="OUT.xlsx", help=t("cli.help.out"))
    export.add_argument("--plans-dir", dest="plans_dir", help=plans_help)
    export.add_argument("--as-of", help=t("cli.help.as_of"))

    for command in (validate, status, gen, export, pull, notify):
        command.add_argument("--config-file", metavar="MKDOCS_YML", help=t("cli.help.config_file"))

    schema = sub.add_parser("schema", help=t("cli.help.schema"), description=t("cli.help.schema"))
    schema.add_argument(
        "--kind",
        choices=["plan", "segment", "actions", "review"],
        default="plan",
        help=t("cli.help.kind"),
    )
    return parser
