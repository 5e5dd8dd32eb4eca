"""What is checked beyond each plan alone: plan ids between plans and the site's own names, and
the stale data of an analysed plan as lint findings located where the item is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from .analysis import PlanAnalysis
from .catalog import msg
from .load import Code, Diagnostic, LoadedPlan, Position
from .load.diagnostics import display_path
from .load.lint import Finding, emit
from .settings import Settings, SiteFacts

__all__ = ["RESERVED", "portal_checks", "reserved_names", "stale_diagnostics"]


# Names the site itself uses at its root: a plan named so would replace or hide them.
RESERVED = frozenset(
    {
        "assets",
        "search",
        "people",
        "404.html",
        "sitemap.xml",
        "sitemap.xml.gz",
        "index",
        "index.html",
    }
)


def reserved_names(settings: Settings, site: SiteFacts) -> set[str]:
    """The site's own names, the portal's folder, and the top-level pages and folders of
    `docs_dir`, in lower case (hosts such as IIS and Windows shares ignore case)."""
    names = set(RESERVED) | {settings.portal.split("/")[0].removesuffix(".md")}
    if site.docs_dir is not None and site.docs_dir.is_dir():
        names |= {p.name.removesuffix(".md") for p in site.docs_dir.iterdir()}
    return {n.lower() for n in names}


def portal_checks(
    plans: Sequence[LoadedPlan], base: Path, reserved: set[str] | frozenset[str] = RESERVED
) -> list[Diagnostic]:
    """What is wrong only between plans and the site: a plan id used twice (or twice but for
    case), or a name the site already uses."""
    seen: dict[str, tuple[str, Path]] = {}  # by id in lower case: the id, where
    errors = []
    for loaded in plans:
        plan_id, root = loaded.plan.id, loaded.source.root
        where = Position(display_path(root, base))
        folded = plan_id.lower()
        if folded in reserved:
            message = msg(
                "'{id}' is a name the site already uses (reserved): rename the plan's file or "
                "folder",
                id=plan_id,
            )
        elif folded in seen and seen[folded][0] != plan_id:
            message = msg(
                "plan ids '{id}' and '{other}' differ only by case: their pages would be one "
                "on Windows and IIS hosts",
                id=plan_id,
                other=seen[folded][0],
            )
        elif folded in seen:
            message = msg(
                "plan id '{id}' is used twice: {first} and {second}",
                id=plan_id,
                first=display_path(seen[folded][1], base),
                second=display_path(root, base),
            )
        else:
            seen[folded] = (plan_id, root)
            continue
        errors.append(Diagnostic(where, Code.DUPLICATE, message))
    return errors


def stale_diagnostics(
    loaded: LoadedPlan, analysis: PlanAnalysis, settings: Settings, site: SiteFacts
) -> list[Diagnostic]:
    """Stale data as lint findings (PAC109 to PAC111), located where the item is written, a
    results file at the file itself."""
    plan, smap = loaded.plan, loaded.source.smap
    found: list[Finding] = []
    files: list[Diagnostic] = []
    for item in analysis.stale:
        if item.kind == "kpi":
            message = msg(
                "KPI '{id}': its latest result ends {since}, the next one was due by {due}: add "
                "the latest export",
                id=item.subject,
                since=item.since.isoformat(),
                due=item.due.isoformat(),
            )
            found.append((item.path, Code.STALE_KPI, message))
        elif item.kind == "action":
            if item.against == "start":
                template = (
                    "action '{id}' is still planned {days} days after its start ({since}): "
                    "update its status"
                )
            elif item.status == "planned":
                template = (
                    "action '{id}' is still planned {days} days after its due date ({since}): "
                    "update its status"
                )
            else:
                template = (
                    "action '{id}' is still in progress {days} days after its due date "
                    "({since}): update its status"
                )
            message = msg(
                template,
                id=item.subject,
                days=(analysis.as_of - item.since).days,
                since=item.since.isoformat(),
            )
            found.append((item.path, Code.STALE_ACTION, message))
        elif item.kind == "source":
            message = msg(
                "source '{id}': its pull has failed since {due}, the figures are those of {since}: "
                "see the log of the scheduled job",
                id=item.subject,
                since=item.since.isoformat(),
                due=item.due.isoformat(),
            )
            found.append((item.path, Code.STALE_RESULTS, message))
        else:
            message = msg(
                "results file {file}: its latest row ends {since}, older than the plan's review "
                "rhythm ({days} days): add the latest export",
                file=item.subject,
                since=item.since.isoformat(),
                days=(item.due - item.since).days,
            )
            files.append(
                Diagnostic(Position(item.subject), Code.STALE_RESULTS, message, "", "warning")
            )
    levels = dict(settings.lint)
    levels.update(dict.fromkeys(plan.lint.ignore, "ignore"))
    level = levels.get(Code.STALE_RESULTS, "warning")
    files = [replace(d, severity=level) for d in files if level != "ignore"]
    return emit(plan, smap, found, settings.lint) + files
