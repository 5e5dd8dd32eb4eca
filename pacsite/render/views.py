"""What templates receive: an analysed plan with the helpers pages need (names, links, formats)."""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..analysis import (
    ActionState,
    AxisState,
    KpiState,
    PlanAnalysis,
    Progress,
    SegmentState,
)
from ..analysis.stale import Stale
from ..history import Change, PlanHistory
from ..load import LoadedPlan
from ..model import Action, Kpi, Period, Plan
from .charts import Figure, kpi_figure, sparkline
from .describe import describe_alert, describe_change, describe_stale
from .i18n import Formatter

__all__ = ["PlanView", "dest_url", "relative_url"]


def slugify(text: str, fallback: str = "x") -> str:
    """`Agence Horizon Été` → `agence-horizon-ete`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or fallback


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
        base = self.id
        if kind == "dashboard":
            return f"{base}/index.md"
        if kind == "segment":
            return f"{base}/segments/{item}.md"
        if kind == "action":
            return f"{base}/actions/{item}.md"
        if kind == "actions":
            return f"{base}/actions/index.md"
        if kind == "review":
            return f"{base}/reviews/{item}.md"
        return f"{base}/{kind}.md"

    def link(self, kind: str, item: str | None = None, anchor: str = "") -> str:
        """A relative link from the page being rendered to another page of the plan."""
        return relative_url(self.page, self.uri(kind, item), self.directory_urls, anchor)

    def at(self, page: str) -> PlanView:
        """This view, rendering the page `page` (links are relative to it)."""
        return PlanView(
            self.loaded, self.analysis, self.fmt, self.directory_urls, page, self.history
        )

    # Names ---------------------------------------------------------------------------------

    def person(self, who: str | None) -> str:
        """A team member's name for an id, or the free text as written."""
        if not who:
            return "—"
        member = self.plan.member(who)
        return member.name if member else who

    def person_role(self, who: str | None) -> str | None:
        member = self.plan.member(who) if who else None
        return member.role if member else None

    def names(self, people: Sequence[str]) -> str:
        """Names of people given by id or free text, comma-separated."""
        return ", ".join(self.person(p) for p in people) or "—"

    def channel(self, name: str | None) -> str:
        """A channel in the plan's language when it is one of the usual ones (`events` → Événementiel)."""
        return self.fmt.channel(name) if name else "—"

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

    def segments_of_persona(self, persona_id: str) -> list[Any]:
        return [s for s in self.plan.segments if persona_id in s.personas]

    def segment_name(self, segment_id: str | None) -> str:
        segment = self.plan.segment(segment_id) if segment_id else None
        return segment.name if segment else "—"

    def segment_names(self, segment_ids: Sequence[str]) -> str:
        """Segments' names, comma-separated."""
        return ", ".join(self.segment_name(s) for s in segment_ids)

    def axis_name(self, axis_id: str | None) -> str:
        axis = self.plan.axis(axis_id)
        return axis.name if axis else (axis_id or "—")

    def kpi_name(self, kpi_id: str | None) -> str:
        kpi = self.plan.kpi(kpi_id) if kpi_id else None
        return kpi.name if kpi else (kpi_id or "—")

    def action(self, action_id: str) -> Action | None:
        return self.plan.action(action_id)

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

    def raci_of(self, action: Action, who: str) -> str:
        """`R`, `A`, `C`, `I` (several possible) for a person on an action."""
        r = action.raci
        if r is None:
            return "R" if action.owner == who else ""
        letters = [
            letter
            for letter, people in (
                ("R", r.responsible),
                ("A", r.accountable),
                ("C", r.consulted),
                ("I", r.informed),
            )
            if who in people
        ]
        return "".join(letters)

    # Formats -------------------------------------------------------------------------------

    def value(self, value: float | None, kpi: Kpi | str | None) -> str:
        if isinstance(kpi, str):
            kpi = self.plan.kpi(kpi)
        return self.fmt.value(value, kpi.unit if kpi else "count")

    def origin(self, p: Progress) -> str:
        """Where a target comes from: `= 200 + 20 %` (points for rates: `= 84 % + 6 pts`)."""
        change = p.target_change
        if change is None or p.baseline is None or not p.baseline:
            return ""
        unit = p.kpi.unit
        step = self.fmt.move(change, unit)
        return f"= {self.fmt.value(p.baseline, unit)} {step[0]} {step[1:]}"

    def expected(self, p: Progress) -> str:
        """`3 028 000 € (−440 100 €)`: where a target should be by now, and the gap to it."""
        if p.expected is None:
            return "—"
        unit = p.kpi.unit
        text = self.fmt.value(self.fmt.whole(p.expected, unit), unit)
        return text if p.gap is None else f"{text} ({self.fmt.gap(p.gap, unit)})"

    def last_year(self, p: Progress) -> str:
        """`97 (+6,2 %)`: the same periods last year and the move since; `—` when unknown."""
        return self.fmt.beside(p.last_year, p.year_over_year, p.kpi.unit)

    def money(self, value: float | None) -> str:
        return self.fmt.money(value)

    def period(self, period: Period | None) -> str:
        return self.fmt.period(period)

    def when(self, action: Action) -> str:
        """`15 janv. 2025 → 16 févr. 2025`, or a single date."""
        start = action.start.first if action.start else None
        due = action.due.last if action.due else None
        if start and due and start != due:
            return f"{self.fmt.date(start, 'medium')} → {self.fmt.date(due, 'medium')}"
        return self.fmt.date(due or start, "medium") if (due or start) else "—"

    # Analysis ------------------------------------------------------------------------------

    def state(self, action: Action) -> ActionState:
        state = self.analysis.action_state(action.id)
        assert state is not None
        return state

    def segment_state(self, segment_id: str) -> SegmentState:
        state = self.analysis.segment_state(segment_id)
        assert state is not None, segment_id
        return state

    def axis_state(self, axis_id: str) -> AxisState | None:
        return self.analysis.axis_state(axis_id)

    def describe(self, alert: Any) -> str:
        return describe_alert(alert, self.analysis, self.fmt)

    def stale(self, item: Stale) -> str:
        """A stale item in words: what, since when, by when something newer was due."""
        return describe_stale(item, self.analysis, self.fmt)

    def change(self, change: Change) -> str:
        return describe_change(change, self.plan, self.fmt)

    def alerts_of(
        self, *, kpi: str | None = None, segment: str | None = None, action: str | None = None
    ) -> list[Any]:
        return [
            a
            for a in self.analysis.alerts
            if (kpi is None or a.kpi == kpi)
            and (segment is None or a.segment == segment)
            and (action is None or a.action == action)
        ]

    def spark(self, state: KpiState) -> str:
        return sparkline(state.points, label=state.kpi.name)

    def chart(self, state: KpiState) -> Figure:
        return kpi_figure(state, self.fmt)

    def segment_charts(self, segment: SegmentState) -> list[Figure]:
        """One chart per KPI the segment's axes follow, on the segment's own results."""
        return [kpi_figure(state, self.fmt) for state in segment.kpis]
