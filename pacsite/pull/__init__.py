"""`pacsite pull`: each plan's CRM sources (`sources:`) pulled into its results files, with
what moved said in the plan's language (the commit message of the scheduled job).

A source that fails leaves its files as they were and is reported; the others are pulled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

from ..catalog import Message
from ..load.diagnostics import display_path
from ..pipeline import run
from ..render.i18n import Formatter
from ..settings import Settings, SiteFacts
from .connectors import ENVIRONMENT, PullError, connector, redact
from .sync import pull_source, record_failure

__all__ = ["PullReport", "pull"]


@dataclass
class PullReport:
    """What `pacsite pull` says: a line per source, the problems, the commit message (None
    when no figure moved), and how many sources failed."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    failed: int = 0
    title: str = ""
    """The commit message's first words, in the language of the first plan whose figures moved."""

    def say(self, fmt: Formatter, moved: str) -> None:
        """Add a line to the commit message (its title in the first such plan's language)."""
        self.title = self.title or fmt.t("pull.title") + fmt.colon
        self.moved.append(moved)

    @property
    def message(self) -> str | None:
        if not self.moved:
            return None
        return f"{self.title}{self.moved[0]}\n\n" + "\n".join(f"- {m}" for m in self.moved) + "\n"


def _address(crm: str, environ: Mapping[str, str]) -> str:
    """The API address a source was pulled from, as provenance: no user or password in it."""
    url = environ.get(ENVIRONMENT[crm][1], "").strip()
    if not url:
        return "default"
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.hostname or "", parts.path, "", "")) + (
        f" (port {parts.port})" if parts.port else ""
    )


def pull(
    settings: Settings,
    site: SiteFacts,
    environ: Mapping[str, str],
    *,
    full: bool = False,
    only: str | None = None,
    record_failures: bool = False,
) -> PullReport:
    """Pull every source of every plan that loads (or of the plan `only`). A source that fails
    changes no file — except, with `record_failures` (the scheduled job), its sidecar, which
    then says since when its pull fails (the site shows it)."""
    report = PullReport()
    outcome = run(settings, site, render=False)
    words = Formatter(site.language(settings))
    secrets = [environ.get(token, "") for token, _ in ENVIRONMENT.values()]
    for error in outcome.errors:
        report.problems.append(redact(str(error), secrets))
    for loaded in outcome.loaded:
        plan = loaded.plan
        if only is not None and plan.id != only:
            continue
        fmt = Formatter(plan.language or site.language(settings), plan.currency)
        kpis = {k.id: k for k in plan.kpis}
        for source in plan.sources:
            where = f"{display_path(loaded.source.root, site.root)}: {source.id}"
            try:
                done = pull_source(
                    plan,
                    loaded.source.base_dir,
                    source,
                    connector(source.crm, environ),
                    full=full,
                    address=_address(source.crm, environ),
                )
            except PullError as exc:
                report.failed += 1
                if record_failures and record_failure(loaded.source.base_dir, source):
                    # committed: the site then says the figures are no longer fresh, and since when
                    report.say(fmt, fmt.t("pull.failing", id=source.id))
                said = exc.args[0]
                text = said.in_language(words.language) if isinstance(said, Message) else str(said)
                report.problems.append(f"{where}: {redact(text, secrets)}")
                continue
            file = display_path(done.file, site.root)
            records = words.n("pull.records", done.records)
            said = (
                words.t("pull.written", records=records, file=file)
                if done.changed
                else words.t("pull.unchanged", records=records, file=file)
            )
            report.lines.append(f"{where}: {said}")
            if done.recovered:
                report.say(fmt, fmt.t("pull.recovered", id=source.id))
            for why in done.left_out:
                report.problems.append(
                    f"{where}: "
                    + words.t("pull.left_out", why=redact(why.in_language(words.language), secrets))
                )
            kpi = kpis.get(source.kpi)
            unit = kpi.unit if kpi else "count"
            for period, delta in done.moves:
                moved = fmt.t(
                    "pull.moved",
                    kpi=kpi.name if kpi else source.kpi,
                    change=fmt.gap(delta, unit),
                    period=fmt.period(period),
                )
                report.say(fmt, moved)
                report.lines.append(f"  {moved}")
    return report
