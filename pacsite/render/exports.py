"""Exports of the action calendar: iCalendar feeds (one per plan, one per owner) and CSV tables.

Feeds are subscribed to from Outlook, Google Calendar or Thunderbird: events are all-day, span
`start`–`due` (DTEND exclusive, as RFC 5545 wants), keep the same UID from build to build so a
subscription updates instead of duplicating, and carry no build time (DTSTAMP is the as-of date).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from ..analysis import CalendarEntry, PlanAnalysis
from ..text import one_line, plain_lines
from .i18n import Formatter

__all__ = ["actions_csv", "feed_site", "ics_feed", "neutralise", "people_feed"]

_ICS_STATUS = {"cancelled": "CANCELLED", "planned": "TENTATIVE", "suspended": "TENTATIVE"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def ics_feed(
    analysis: PlanAnalysis,
    entries: Sequence[CalendarEntry],
    fmt: Formatter,
    *,
    name: str,
    page_url: dict[str, str],
    site: str = "pacsite",
    cache: dict[str, bytes] | None = None,
) -> bytes:
    """An iCalendar feed of the given entries.

    Args:
        name: the calendar's name (`X-WR-CALNAME`).
        site: the site's own name in event UIDs (`feed_site`): two sites with a plan and an
            action of the same ids give two events, not one that overwrites the other.
        page_url: absolute or site-relative URL of each action's page, by action id.
        cache: events already serialised, by action id (the plan's feed and its owners' feeds
            share them).
    """
    cache = {} if cache is None else cache
    events = []
    for entry in entries:
        key = entry.action.id
        if key not in cache:
            cache[key] = _event(analysis, entry, fmt, page_url, site)
        events.append(cache[key])
    return _feed(name, analysis.plan.language or fmt.language, events)


def people_feed(
    name: str,
    language: str,
    groups: Sequence[tuple[PlanAnalysis, Sequence[CalendarEntry], Formatter, dict[str, str]]],
    site: str = "pacsite",
) -> bytes:
    """One person's feed across plans: the events of each plan's entries (analysis, entries,
    its formatter, its pages' URLs), each in its plan's language."""
    events = [
        _event(analysis, entry, fmt, urls, site)
        for analysis, entries, fmt, urls in groups
        for entry in entries
    ]
    return _feed(name, language, events)


def _feed(name: str, language: str, events: Sequence[bytes]) -> bytes:
    """A VCALENDAR named `name` around events already serialised."""
    from icalendar import Calendar, vText  # on first use: feeds are made while MkDocs builds

    cal = Calendar()
    cal.add("prodid", "-//pacsite//pacsite//" + language.upper())
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(one_line(name)))  # a TEXT value: `,` `;` `\\` escaped
    end = b"END:VCALENDAR\r\n"
    head = bytes(cal.to_ical())
    assert head.endswith(end)
    return head[: -len(end)] + b"".join(events) + end


def feed_site(site_url: str | None, project: str) -> str:
    """The site's name in event UIDs: its address without the scheme (`acme.github.io/pac`),
    else `<project folder>.pacsite`; the same from build to build."""
    if site_url:
        parts = urlsplit(site_url)
        name = (parts.hostname or "") + parts.path.rstrip("/")
        if name:
            return name.lower()
    return f"{project}.pacsite"


def _event(
    analysis: PlanAnalysis,
    entry: CalendarEntry,
    fmt: Formatter,
    page_url: dict[str, str],
    site: str,
) -> bytes:
    """One action as an all-day VEVENT."""
    from icalendar import Event, vCalAddress, vText

    plan = analysis.plan
    stamp = datetime(analysis.as_of.year, analysis.as_of.month, analysis.as_of.day, tzinfo=UTC)
    action = entry.action
    event = Event()
    event.add("uid", f"{plan.id}.{action.id}@{one_line(site)}")
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.first)
    event.add("dtend", entry.last + timedelta(days=1))
    event.add("summary", one_line(action.title))
    status = entry.state.status
    event.add("status", _ICS_STATUS.get(action.status, "CONFIRMED"))
    member = plan.member(action.owner) if action.owner else None
    owner = one_line(member.name if member else (action.owner or ""))
    lines = [
        f"{fmt.t('q.who')}{fmt.colon}{owner}" if owner else "",
        f"{fmt.t('ui.status')}{fmt.colon}{fmt.t('action.' + status)}",
    ]
    if action.segment:
        segment = plan.segment(action.segment)
        lines.append(
            f"{fmt.t('ui.segment')}{fmt.colon}{segment.name if segment else action.segment}"
        )
    if action.budget is not None:
        lines.append(f"{fmt.t('ui.budget')}{fmt.colon}{fmt.money(action.budget)}")
    for need in action.needs:
        who = f" ({need.from_})" if need.from_ else ""
        lines.append(f"{fmt.t('q.info')}{fmt.colon}{need.info}{who}")
    url = page_url.get(action.id)
    if url:
        lines.append(url)
        if url.startswith(("http://", "https://")):
            event.add("url", url)
    if action.description:
        lines += ["", action.description.strip()]
    text = "\n".join(plain_lines(line) for line in lines if line is not None).strip()
    event.add("description", text)
    if member and member.email:
        attendee = vCalAddress(f"mailto:{one_line(member.email).replace(' ', '')}")
        attendee.params["cn"] = vText(owner)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    categories = [one_line(c) for c in (action.segment, action.type, *action.tags) if c]
    if categories:
        event.add("categories", categories)
    return bytes(event.to_ical())


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet will not run as a formula (`=HYPERLINK(...)` → `'=HYPERLINK(...)`)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def actions_csv(
    analysis: PlanAnalysis,
    entries: Sequence[CalendarEntry],
    fmt: Formatter,
    *,
    delimiter: str = ",",
) -> bytes:
    """The action table as CSV for Excel: UTF-8 with BOM, numbers in the plan's language."""
    plan = analysis.plan
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(
        [
            fmt.t(k)
            for k in (
                "ui.action",
                "ui.owner",
                "ui.segment",
                "ui.axis",
                "csv.start",
                "csv.due",
                "ui.status",
                "ui.budget",
                "ui.spent",
                "ui.channel",
            )
        ]
    )
    decimal = "," if delimiter == ";" else "."
    for entry in entries:
        a = entry.action
        member = plan.member(a.owner) if a.owner else None
        segment = plan.segment(a.segment) if a.segment else None
        texts = [
            a.title,
            member.name if member else (a.owner or ""),
            segment.name if segment else (a.segment or ""),
            next((x.name for s in plan.segments for x in s.axes if x.id == a.axis), a.axis or ""),
        ]
        numbers = [_number(a.budget, decimal), _number(a.spent, decimal)]
        writer.writerow(
            [
                *map(neutralise, texts),
                entry.first.isoformat(),
                entry.last.isoformat(),
                neutralise(fmt.t("action." + entry.state.status)),
                *numbers,
                neutralise(a.channel or ""),
            ]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _number(value: float | None, decimal: str) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", decimal)
