"""The pages of a portal: every plan's pages as Markdown, their navigation, and the portal page.

This is the rendering entry point shared by the MkDocs plugin and `pacsite gen`; it does not
import MkDocs.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import Any

import jinja2

from ..analysis import PlanAnalysis
from ..analysis.people import Person
from ..analysis.portfolio import Portfolio
from ..history import Meeting, PlanHistory
from ..load import LoadedPlan
from ..model import Plan
from ..settings import Settings, SiteFacts
from ..text import one_line
from .atom import person_feed, plan_feed
from .budget_charts import budget_figures
from .environment import make_environment
from .exports import actions_csv, feed_site, ics_feed, people_feed
from .filters import do_person, do_person_role
from .i18n import Formatter
from .timeline import calendar_timeline
from .views import PlanView, dest_url, relative_url, slugify

__all__ = ["GeneratedFile", "GeneratedPage", "NavItem", "RenderedPlan", "SiteRenderer"]

NavItem = dict[str, Any] | str


def _title(text: str) -> str:
    """A navigation title: themes print them unescaped, so plan texts are escaped here (and
    put on one line)."""
    return html.escape(one_line(text), quote=False)


@dataclass(frozen=True, eq=False)
class GeneratedPage:
    """A page to publish: where, with what Markdown, and which file of the plan defines it.

    The Markdown is made when first read (`body` may be the text or what makes it): the pages
    and navigation are known at once, the rendering can wait, or happen in another process
    (`pacsite.ahead`).
    """

    src_uri: str
    title: str
    body: str | Callable[[], str] = field(repr=False)
    source: Path | None = None

    @cached_property
    def markdown(self) -> str:
        return self.body if isinstance(self.body, str) else self.body()


@dataclass(frozen=True, eq=False)
class GeneratedFile:
    """A file to publish as it is (calendar feeds, CSV exports, workbooks), made when first
    read like a page's Markdown."""

    uri: str
    body: bytes | Callable[[], bytes] = field(repr=False)

    @cached_property
    def content(self) -> bytes:
        return self.body if isinstance(self.body, bytes) else self.body()


@dataclass(frozen=True)
class Later:
    """A page's context value made with the page (`GeneratedPage`), not when pages are listed."""

    make: Callable[[], Any]


@dataclass
class RenderedPlan:
    """One plan's pages, other files and navigation."""

    view: PlanView
    pages: list[GeneratedPage] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)
    nav: list[NavItem] = field(default_factory=list)


class SiteRenderer:
    """Renders plans to Markdown pages through the (overridable) Jinja templates."""

    def __init__(self, settings: Settings, site: SiteFacts):
        self.settings = settings
        self.site = site
        self.language = site.language(settings)
        self.directory_urls = site.directory_urls
        self.env: jinja2.Environment = make_environment(site.template_dirs)
        self.feed_site = feed_site(site.site_url, site.root.name)

    def _render(self, template: str, **context: Any) -> str:
        """A template rendered; a `Later` value in the context is made now, with the page."""
        made = {k: v.make() if isinstance(v, Later) else v for k, v in context.items()}
        return self.env.get_template(f"pacsite/{template}").render(**made)

    def view(
        self, loaded: LoadedPlan, analysis: PlanAnalysis, history: PlanHistory | None = None
    ) -> PlanView:
        plan = loaded.plan
        fmt = Formatter(plan.language or self.language, plan.currency)
        return PlanView(loaded, analysis, fmt, self.directory_urls, history=history)

    def render_plan(
        self,
        loaded: LoadedPlan,
        analysis: PlanAnalysis,
        history: PlanHistory | None = None,
        meetings: Sequence[Meeting] = (),
    ) -> RenderedPlan:
        """Every page of one plan, in navigation order."""
        base = self.view(loaded, analysis, history)
        plan, t = base.plan, base.t
        out = RenderedPlan(base)
        source = loaded.source
        plan_file = source.files[0] if source.files else None

        def add(
            kind: str,
            template: str,
            title: str,
            item: str | None = None,
            src: Path | None = None,
            **context: Any,
        ) -> str:
            uri = base.uri(kind, item)
            v = base.at(uri)
            make = partial(self._render, template, v=v, **context)
            out.pages.append(GeneratedPage(uri, title, make, src or plan_file))
            return uri

        workbook_uri = f"{plan.id}/{plan.id}.xlsx"
        out.files.append(
            GeneratedFile(
                workbook_uri,
                # the plan as written (reviews' decisions apply on reading) and its figures;
                # every result row is `pacsite export`'s (a large export would weigh on builds)
                partial(_workbook, loaded.plan, plan.language or self.language, analysis=analysis),
            )
        )
        atom_uri = f"{plan.id}/alerts.atom"
        out.files.append(GeneratedFile(atom_uri, partial(self._plan_atom, base, atom_uri)))
        dashboard = add(
            "dashboard",
            "dashboard.md",
            t("ui.dashboard"),
            workbook=self._file_url(base.uri("dashboard"), workbook_uri),
            atom=self._file_url(base.uri("dashboard"), atom_uri),
        )
        nav: list[NavItem] = [
            dashboard,
            {t("ui.strategy"): add("strategy", "strategy.md", t("ui.strategy"))},
        ]
        segments: list[NavItem] = []
        for s in analysis.segments:
            file = loaded.source.file_at(("segments", plan.segments.index(s.segment)))
            segments.append(
                {
                    _title(s.segment.name): add(
                        "segment", "segment.md", s.segment.name, s.segment.id, file, s=s
                    )
                }
            )
        if segments:
            nav.append({t("ui.segments"): segments})
        nav.append({t("ui.kpis"): add("kpis", "kpis.md", t("ui.kpis"))})
        calendar_uri, owners_uri = self._calendar(base, out, add)
        nav.append({t("ui.calendar"): calendar_uri})
        nav.append({t("calendar.owners"): owners_uri})
        if self.settings.visibility.shows("budgets"):
            nav.append(
                {
                    t("ui.budget"): add(
                        "budget",
                        "budget.md",
                        t("ui.budget"),
                        figures=Later(partial(budget_figures, analysis, base.fmt)),
                    )
                }
            )
        if plan.personas:
            nav.append({t("ui.personas"): add("personas", "personas.md", t("ui.personas"))})
        nav.append({t("ui.raci"): add("raci", "raci.md", t("ui.raci"))})
        if meetings:
            pages: list[NavItem] = []
            for meeting in reversed(meetings):  # the next review first, then the latest held
                held = meeting.state
                title = (
                    t("review.next")
                    if held.review is None
                    else t("review.of", date=base.fmt.date(held.end, "medium"))
                )
                uri = add("review", "review.md", title, held.slug, r=meeting)
                pages.append({_title(title): uri})
            nav.append({t("ui.reviews"): pages})
        if history is not None:
            nav.append({t("ui.history"): add("history", "history.md", t("ui.history"))})
        actions: list[NavItem] = [add("actions", "actions.md", t("ui.actions"))]
        for i, state in enumerate(analysis.actions):
            file = loaded.source.file_at(("actions", i))
            actions.append(
                {
                    _title(state.action.title): add(
                        "action", "action.md", state.action.title, state.action.id, file, s=state
                    )
                }
            )
        nav.append({t("ui.actions"): actions})
        out.nav = [{_title(plan.title): nav}]
        return out

    def _calendar(self, base: PlanView, out: RenderedPlan, add: Any) -> tuple[str, str]:
        """The calendar page, the owners page, and the .ics and .csv files they link to."""
        analysis, fmt, plan = base.analysis, base.fmt, base.plan
        entries = analysis.calendar
        calendar_uri = base.uri("calendar")
        owners_uri = base.uri("owners")
        pages = {e.action.id: self._action_url(base, e.action.id) for e in entries}
        events: dict[str, bytes] = {}  # each action serialised once for all the feeds
        ics_uri, csv_uri = f"{plan.id}/calendar.ics", f"{plan.id}/actions.csv"
        out.files.append(
            GeneratedFile(
                ics_uri,
                partial(
                    ics_feed,
                    analysis,
                    entries,
                    fmt,
                    name=plan.title,
                    page_url=pages,
                    site=self.feed_site,
                    cache=events,
                ),
            )
        )
        delimiter = ";" if (plan.language or self.language) == "fr" else ","
        out.files.append(
            GeneratedFile(
                csv_uri, partial(actions_csv, analysis, entries, fmt, delimiter=delimiter)
            )
        )
        people = []
        for who in base.people:
            mine = [e for e in entries if e.action.owner == who]
            if not mine:
                continue
            slug = base.person_slug(who)
            feed_uri = f"{plan.id}/owners/{slug}.ics"
            name = do_person(who, base)
            out.files.append(
                GeneratedFile(
                    feed_uri,
                    partial(
                        ics_feed,
                        analysis,
                        mine,
                        fmt,
                        name=f"{plan.title} — {name}",
                        page_url=pages,
                        site=self.feed_site,
                        cache=events,
                    ),
                )
            )
            people.append(
                (slug, name, do_person_role(who, base), mine, self._file_url(owners_uri, feed_uri))
            )
        owners_page = add("owners", "owners.md", fmt.t("calendar.owners"), people=people)
        feeds = {
            "ics": self._file_url(calendar_uri, ics_uri),
            "csv": self._file_url(calendar_uri, csv_uri),
        }
        calendar_page = add(
            "calendar",
            "calendar.md",
            fmt.t("ui.calendar"),
            entries=entries,
            months=Later(partial(getattr, analysis, "agenda")),
            timeline=Later(
                partial(
                    calendar_timeline,
                    entries,
                    analysis,
                    fmt,
                    lambda aid: base.at(calendar_uri).link("action", aid),
                )
            ),
            feeds=feeds,
        )
        return str(calendar_page), str(owners_page)

    def _file_url(self, page_uri: str, file_uri: str) -> str:
        """A link from a page to a published file."""
        here = dest_url(page_uri, self.directory_urls)
        base = here if here.endswith("/") else posixpath.dirname(here)
        return posixpath.relpath(file_uri, base.rstrip("/") or ".")

    def _action_url(self, base: PlanView, action_id: str) -> str:
        return self._page_url(base, "action", action_id)

    def _page_url(self, base: PlanView, kind: str, item: str | None = None) -> str:
        """A page's address as feeds and messages need it: absolute with the site's address."""
        path = dest_url(base.uri(kind, item), self.directory_urls)
        site_url = self.site.site_url
        return (site_url.rstrip("/") + "/" + path) if site_url else "/" + path

    def _plan_atom(self, base: PlanView, uri: str) -> bytes:
        return plan_feed(base, self.feed_site, partial(self._page_url, base))

    def render_people(
        self, plans: Sequence[RenderedPlan], everyone: Sequence[Person]
    ) -> tuple[list[GeneratedPage], list[GeneratedFile], NavItem | None]:
        """A page per person with their actions across every plan, their own `.ics` feed, and
        the people index. A person is one name (a team member's name, or the owner as written)
        whatever the plan."""
        fmt = Formatter(self.language)
        views = {r.view.plan.id: r.view for r in plans}
        if not everyone:
            return [], [], None
        slugs: dict[str, str] = {}
        taken: set[str] = set()
        for person in sorted(everyone, key=lambda p: p.key):
            slug = slugify(person.name, fallback="personne")
            candidate, n = slug, 2
            while candidate.lower() in taken:
                candidate, n = f"{slug}-{n}", n + 1
            taken.add(candidate.lower())
            slugs[person.key] = candidate
        index_uri = "people/index.md"
        pages, files, nav_items = [], [], []
        rows = []
        for person in sorted(everyone, key=lambda p: p.name.lower()):
            uri = f"people/{slugs[person.key]}.md"
            feed_uri = f"people/{slugs[person.key]}.ics"
            files.append(GeneratedFile(feed_uri, partial(self._person_feed, person, views)))
            atom_uri = f"people/{slugs[person.key]}.atom"
            files.append(GeneratedFile(atom_uri, partial(self._person_atom, person, views, uri)))
            # the person's page is in their plans' language when they share one
            languages = {views[a.plan.id].fmt.language for a, _ in person.plans}

            def link(view: PlanView, kind: str, item: str | None = None, page: str = uri) -> str:
                return relative_url(page, view.uri(kind, item), self.directory_urls)

            markdown = partial(
                self._render,
                "person.md",
                person=person,
                views=views,
                language=languages.pop() if len(languages) == 1 else None,
                fmt=fmt,
                link=link,
                feed=self._file_url(uri, feed_uri),
                atom=self._file_url(uri, atom_uri),
                index=relative_url(uri, index_uri, self.directory_urls),
            )
            pages.append(GeneratedPage(uri, person.name, markdown))
            nav_items.append({_title(person.name): uri})
            rows.append(
                (
                    person,
                    relative_url(index_uri, uri, self.directory_urls),
                    self._file_url(index_uri, feed_uri),
                )
            )
        title = fmt.t("people.title")
        index = partial(self._render, "people.md", rows=rows, fmt=fmt, title=title)
        pages.insert(0, GeneratedPage(index_uri, title, index))
        return pages, files, {title: [index_uri, *nav_items]}

    def _person_feed(self, person: Person, views: dict[str, PlanView]) -> bytes:
        """A person's `.ics` feed: their actions in every plan."""
        groups = []
        for analysis, states in person.plans:
            view = views[analysis.plan.id]
            ids = {s.action.id for s in states}
            entries = [e for e in analysis.calendar if e.action.id in ids]
            urls = {e.action.id: self._action_url(view, e.action.id) for e in entries}
            groups.append((view.analysis, entries, view.fmt, urls))
        return people_feed(person.name, self.language, groups, self.feed_site)

    def _person_atom(self, person: Person, views: dict[str, PlanView], uri: str) -> bytes:
        urls = {plan_id: partial(self._page_url, view) for plan_id, view in views.items()}
        page = dest_url(uri, self.directory_urls)
        address = (self.site.site_url or "/").rstrip("/") + "/" + page
        return person_feed(person, views, self.feed_site, urls, uri, address, self.language)

    def render_portal(self, plans: Sequence[RenderedPlan], ranked: Portfolio) -> GeneratedPage:
        """The page listing every plan, in the portfolio's order."""
        fmt = Formatter(self.language)
        title = self.settings.nav_title or fmt.t("ui.plans")
        uri = self.settings.portal

        def link(view: PlanView) -> str:
            return relative_url(uri, view.uri("dashboard"), self.directory_urls)

        def markdown() -> str:
            views = {p.view.analysis.plan.id: p.view for p in plans}
            shown = [views[a.plan.id] for a in ranked.ranked]

            def values(found: list[str]) -> list[str]:
                return sorted({x for x in found if x})

            filters = [
                ("org", "portal.organization", values([v.plan.organization or "" for v in shown])),
                ("owner", "ui.plan_owner", values([v.plan.owner or "" for v in shown])),
                ("year", "ui.period", values([v.year_label for v in shown])),
                ("tag", "portal.tag", values([t for v in shown for t in v.tags])),
            ]
            return self._render(
                "portal.md",
                views=shown,
                filters=filters,
                portfolio=ranked,
                fmt=fmt,
                title=title,
                link=link,
            )

        return GeneratedPage(uri, title, markdown)


def _workbook(plan: Plan, language: str, *, analysis: PlanAnalysis) -> bytes:
    """The plan's workbook; XlsxWriter and the workbook module are imported by the process
    that makes it (a forked worker while MkDocs builds), not at start-up."""
    from .workbook import plan_workbook

    return plan_workbook(plan, language, analysis=analysis)
