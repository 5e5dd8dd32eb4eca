"""Atom feeds of a plan's alerts and review decisions, and of a person's alerts across plans,
for any feed reader (Outlook, Thunderbird, a Teams or Slack RSS connector). Written with
`feedgenerator` (Django's, kept by Pelican); every date is the analysis's, so the same plans
give the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Any

from feedgenerator import Atom1Feed

from ..analysis import PlanAnalysis
from ..analysis.notices import alert_key
from ..analysis.people import Person
from ..text import xml_line
from .describe import alert_line
from .i18n import Formatter
from .views import alert_page

if TYPE_CHECKING:
    from .views import PlanView

Url = Callable[[str, str | None], str]
"""A page's absolute address from its kind and item (`action`, `salon`)."""

__all__ = ["Entry", "atom_feed", "person_feed", "plan_entries", "plan_feed", "tag"]


@dataclass(frozen=True)
class Entry:
    """One entry: a stable id, its words, the page it links to, its day."""

    id: str
    title: str
    link: str
    day: date
    category: str


def tag(site: str, specific: str) -> str:
    """A tag URI (RFC 4151): the site's host as the authority, its path in the specific part:
    `tag:acme.github.io,2000:pac/plan/...`; the same from build to build."""
    host, _, path = site.partition("/")
    return f"tag:{host},2000:" + "/".join(p for p in (path, specific) if p)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def plan_entries(
    analysis: PlanAnalysis,
    fmt: Formatter,
    site: str,
    url: Url,
    *,
    actions: set[str] | None = None,
) -> list[Entry]:
    """The plan's current alerts (dated by their period, else the as-of date) and its reviews'
    decisions (dated by the review); with `actions`, only the alerts about these actions."""
    plan = analysis.plan
    out = []
    for alert in analysis.current_alerts:
        if actions is not None and alert.action not in actions:
            continue
        link = url(*alert_page(alert))
        day = min(alert.period.last, analysis.as_of) if alert.period else analysis.as_of
        text = alert_line(alert, analysis, fmt)
        out.append(Entry(tag(site, f"{plan.id}/{alert_key(alert)}"), text, link, day, "alert"))
    if actions is None:
        for review in plan.reviews:
            if review.day > analysis.as_of:
                continue
            for decision in review.decisions:
                axis = plan.axis(decision.axis)
                text = fmt.t(
                    "feed.decision",
                    axis=axis.name if axis else decision.axis,
                    decision=fmt.t("decision." + decision.decision),
                    date=fmt.date(review.day, "medium"),
                )
                entry_id = tag(site, f"{plan.id}/decision/{review.day}/{decision.axis}")
                link = url("review", review.day.isoformat())
                out.append(Entry(entry_id, text, link, review.day, "decision"))
    return out


class _Feed(Atom1Feed):  # type: ignore[misc]
    """An Atom feed dated by its newest entry, else by the analysis's date — never "now"."""

    def __init__(self, *args: Any, updated: datetime, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.updated = updated

    def latest_post_date(self) -> datetime:
        dates: list[datetime] = [self.updated, *(item["updateddate"] for item in self.items)]
        return max(dates)


def atom_feed(
    feed_id: str, title: str, link: str, language: str, entries: Sequence[Entry], updated: date
) -> bytes:
    """The feed, newest entries first."""
    feed = _Feed(
        title=xml_line(title),
        link=link,
        description=None,
        language=language,
        feed_guid=feed_id,
        updated=_moment(updated),
    )
    for item in sorted(entries, key=lambda e: (e.day, e.id), reverse=True):
        feed.add_item(
            title=xml_line(item.title),
            link=item.link,
            description=None,  # the title says it all: no empty summary
            unique_id=item.id,
            updateddate=_moment(item.day),
            categories=[item.category],
        )
    return str(feed.writeString("utf-8")).encode("utf-8")


def plan_feed(view: PlanView, site: str, url: Url) -> bytes:
    """A plan's Atom feed: its current alerts and its reviews' decisions."""
    plan, fmt = view.plan, view.fmt
    return atom_feed(
        tag(site, plan.id),
        fmt.t("feed.plan_title", plan=plan.title),
        url("dashboard", None),
        fmt.language,
        plan_entries(view.analysis, fmt, site, url),
        view.analysis.as_of,
    )


def person_feed(
    person: Person,
    views: Mapping[str, PlanView],
    site: str,
    urls: Mapping[str, Url],
    uri: str,
    address: str,
    language: str,
) -> bytes:
    """A person's Atom feed: the alerts about their actions, in every plan; its id from their
    page's address (`people/julie-martin`: ASCII, stable)."""
    entries = []
    for analysis, states in person.plans:
        view = views[analysis.plan.id]
        mine = {s.action.id for s in states}
        entries += plan_entries(analysis, view.fmt, site, urls[analysis.plan.id], actions=mine)
    fmt = Formatter(language)
    return atom_feed(
        tag(site, uri.removesuffix(".md")),
        fmt.t("feed.person_title", name=person.name),
        address,
        fmt.language,
        entries,
        max(a.as_of for a, _ in person.plans),
    )
