"""What templates receive: an analysed plan with the helpers pages need (names, links, formats)."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..analysis import (
    PlanAnalysis,
)
from ..analysis.rules import Alert
from ..history import PlanHistory
from ..load import LoadedPlan
from ..model import Plan
from .i18n import Formatter

__all__ = ["PlanView", "alert_page", "dest_url", "plan_page", "relative_url"]


def slugify(text: str, fallback: str = "x") -> str:
    """`Agence Horizon Été` → `agence-horizon-ete`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or fallback


def plan_page(plan_id: str, kind: str, item: str | None = None) -> str:
    """The source path of one of a plan's pages: dashboard, segment, action, kpis..."""
    if kind == "dashboard":
        return f"{plan_id}/index.md"
    if kind == "segment":
        return f"{plan_id}/segments/{item}.md"
    if kind == "action":
        return f"{plan_id}/actions/{item}.md"
    if kind == "actions":
        return f"{plan_id}/actions/index.md"
    if kind == "review":
        return f"{plan_id}/reviews/{item}.md"
    return f"{plan_id}/{kind}.md"


def alert_page(alert: Alert) -> tuple[str, str | None]:
    """The page an alert is about (kind and item, as `plan_page` takes them): its action's,
    else its segment's, else the KPIs', else the dashboard."""
    if alert.action:
        return "action", alert.action
    if alert.segment:
        return "segment", alert.segment
    return ("kpis", None) if alert.kpi else ("dashboard", None)


def dest_url(src_uri: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) a generated Markdown file is published at."""
    stem = src_uri[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(from_src: str, to_src: str, directory_urls: bool = True, anchor: str = "") -> str:
    """A link from one generated page to another, relative so the site works in any folder."""
    here = dest_url(from_src, directory_urls)
    there = dest_url(to_src, directory_urls)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    rel = posixpath.relpath(there or ".", base.rstrip("/") or ".")
    if there.endswith("/") or not there:
        rel = "./" if rel == "." else rel + "/"
    return rel + (f"#{anchor}" if anchor else "")


@dataclass
class PlanView:
    """An analysed plan as the templates see it."""

    loaded: LoadedPlan
    analysis: PlanAnalysis
    fmt: Formatter
    directory_urls: bool = True
    page: str = ""
    history: PlanHistory | None = None

    @property
    def plan(self) -> Plan:
        return self.analysis.plan

    @property
    def id(self) -> str:
        return self.plan.id

    @property
    def year_label(self) -> str:
        """The plan's period as a filter reads it: `2025`, or `2025–2026` across years."""
        first, last = self.plan.period.first.year, self.plan.period.last.year
        return str(first) if first == last else f"{first}\u2013{last}"

    @property
    def tags(self) -> list[str]:
        """The tags of the plan's actions, each once, in order."""
        return list(dict.fromkeys(t for a in self.plan.actions for t in a.tags))

    def t(self, key: str, **values: Any) -> str:
        return self.fmt.t(key, **values)

    def n(self, key: str, count: float, **values: Any) -> str:
        return self.fmt.n(key, count, **values)

    # Page addresses ------------------------------------------------------------------------

    def uri(self, kind: str, item: str | None = None) -> str:
        """The source path of one of the plan's pages: dashboard, segment, action, kpis..."""
        return plan_page(self.id, kind, item)

    def link(self, kind: str, item: str | None = None, anchor: str = "") -> str:
        """A relative link from the page being rendered to another page of the plan."""
        return relative_url(self.page, self.uri(kind, item), self.directory_urls, anchor)

    def at(self, page: str) -> PlanView:
        """This view, rendering the page `page` (links are relative to it)."""
        return PlanView(
            self.loaded, self.analysis, self.fmt, self.directory_urls, page, self.history
        )

    # Names ---------------------------------------------------------------------------------

    def person_slug(self, who: str | None) -> str:
        """The anchor and file name of a person (their `.ics` feed): unique in the plan."""
        if not who:
            return "sans-responsable"
        return self._person_slugs.get(who) or slugify(who)

    @cached_property
    def _person_slugs(self) -> dict[str, str]:
        """Each person's slug: their team id, else their name made ASCII (a stable digest for a
        name with no Latin letter), made unique ignoring case — "Agence Horizon" and
        "agence-horizon" are two people, and case-insensitive hosts (IIS, Windows shares) must
        not serve one's feed for the other's."""
        slugs: dict[str, str] = {}
        taken: set[str] = {"sans-responsable"}
        for who in self.people:
            base = who if self.plan.member(who) else slugify(who, fallback="")
            if not base:
                base = "person-" + hashlib.sha256(who.encode("utf-8")).hexdigest()[:10]
            slug, n = base, 2
            while slug.lower() in taken:
                slug, n = f"{base}-{n}", n + 1
            taken.add(slug.lower())
            slugs[who] = slug
        return slugs

    @cached_property
    def people(self) -> list[str]:
        """Everyone named in owners and RACI roles: team members first, in team order."""
        names: list[str] = [m.id for m in self.plan.team]
        for a in self.plan.actions:
            roles = [a.owner] if a.owner else []
            if a.raci:
                roles += [
                    *a.raci.responsible,
                    *a.raci.accountable,
                    *a.raci.consulted,
                    *a.raci.informed,
                ]
            names += [r for r in roles if r not in names]
        return names
