"""`pacsite notify`: what is new in the plans since the last notice — an alert when it opens, a
word when it is over, stale data, the review's pack a few days before — sent once, by e-mail
(each person their own actions, the plan's owner the whole) and to Teams and Slack.

What was sent is kept in a file of the repository (`notify.state` in `mkdocs.yml`): a second run
sends nothing, and an alert is said over only once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from ..analysis import PlanAnalysis, build_date
from ..analysis.notices import Notice, plan_notices
from ..load.files import replace_file
from ..model import Plan
from ..pipeline import run
from ..render.describe import alert_line, describe_stale
from ..render.i18n import Formatter
from ..render.views import alert_page, dest_url, plan_page
from ..settings import Settings, SiteFacts, placeholder_url
from .channels import Line, Message, NotifyError, post_webhook, send_mail

__all__ = ["NotifyReport", "notify"]


@dataclass
class NotifyReport:
    """What `pacsite notify` did (or would do): a line per message, the problems."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    failed: int = 0
    sent: int = 0


def _read_state(path: Path) -> dict[str, dict[str, dict[str, Any]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    plans = data.get("plans") if isinstance(data, dict) else None
    return plans if isinstance(plans, dict) else {}


def _write_state(path: Path, plans: Mapping[str, Any]) -> None:
    text = json.dumps({"version": 1, "plans": plans}, ensure_ascii=False, indent=1, sort_keys=True)
    replace_file(path, text + "\n")


def _link(plan: Plan, notice: Notice, site: SiteFacts) -> str:
    """The page a notice is about, as an address (none without the site's real address)."""
    if not site.site_url or placeholder_url(site.site_url):
        return ""
    item = notice.stale
    if notice.alert is not None:
        uri = plan_page(plan.id, *alert_page(notice.alert))
    elif item is not None and item.kind == "kpi":
        uri = plan_page(plan.id, "kpis")
    elif item is not None and item.kind == "action":
        uri = plan_page(plan.id, "action", item.subject)
    elif notice.review is not None:
        uri = plan_page(plan.id, "review", "next")
    else:
        uri = plan_page(plan.id, "dashboard")
    return site.site_url.rstrip("/") + "/" + dest_url(uri, site.directory_urls)


def _text(notice: Notice, analysis: PlanAnalysis, fmt: Formatter) -> str:
    if notice.alert is not None:
        return alert_line(notice.alert, analysis, fmt)
    if notice.stale is not None:
        return describe_stale(notice.stale, analysis, fmt)
    assert notice.review is not None
    return fmt.t("notify.review", date=fmt.date(notice.review, "medium"))


def _address(plan: Plan, who: str | None) -> tuple[str, str | None]:
    """A person's name and e-mail address (None when the team gives none)."""
    if not who:
        return "", None
    member = plan.member(who) or next(
        (m for m in plan.team if m.name.strip().lower() == who.strip().lower()), None
    )
    return (member.name, member.email) if member else (who, None)


@dataclass
class _Letter:
    name: str
    language: str
    sections: list[tuple[str, tuple[Line, ...]]] = field(default_factory=list)


def notify(
    settings: Settings,
    site: SiteFacts,
    environ: Mapping[str, str],
    *,
    dry_run: bool = False,
    today: date | None = None,
) -> NotifyReport:
    """Send what is new in every plan that loads; with `dry_run`, say what would be sent."""
    report = NotifyReport()
    options = settings.notify
    outcome = run(settings, site, render=False)
    report.problems += [str(e) for e in outcome.errors]
    state_path = site.root / options.state
    before = _read_state(state_path)
    after: dict[str, dict[str, dict[str, Any]]] = {}
    letters: dict[str, _Letter] = {}
    posts: list[tuple[str, tuple[Line, ...]]] = []
    day = today or build_date()
    words = Formatter(site.language(settings))
    board_language = ""  # the first plan's with news: the channels' card is in it
    for analysed in outcome.plans:
        analysis = analysed.analysis
        plan = analysis.plan
        fmt = Formatter(plan.language or site.language(settings), plan.currency)
        sent = before.get(plan.id, {})
        notices = plan_notices(analysis, day, options.review_days)
        current = {n.key for n in notices}
        lines: list[tuple[Line, tuple[str, ...]]] = []
        kept: dict[str, dict[str, Any]] = {}
        for notice in notices:
            if notice.key in sent:
                kept[notice.key] = sent[notice.key]
                continue
            line = Line(_text(notice, analysis, fmt), _link(plan, notice, site), notice.critical)
            lines.append((line, notice.owners))
            kept[notice.key] = {
                "since": day.isoformat(),
                "text": line.text,
                "link": line.link,
                "owners": list(notice.owners),
            }
        for key, was in sorted(sent.items()):
            if key in current or key.startswith("review:"):
                continue  # still open; or a review whose day has passed: nothing to say
            line = Line(fmt.t("notify.closed", text=was.get("text", key)), was.get("link", ""))
            lines.append((line, tuple(was.get("owners") or ())))
        after[plan.id] = kept
        if not lines:
            continue
        heading = plan.title
        posts.append((heading, tuple(line for line, _ in lines)))
        board_language = board_language or fmt.language
        owner_name, owner_address = _address(plan, plan.owner)
        people: dict[str, tuple[str, list[Line]]] = {}
        if plan.owner and owner_address is None:
            report.problems.append(words.t("notify.nobody", who=plan.owner, plan=plan.title))
        elif owner_address:
            people[owner_address] = (owner_name, [line for line, _ in lines])
        for line, owners in lines:
            for who in owners:
                name, address = _address(plan, who)
                if address is None:
                    continue
                people.setdefault(address, (name, []))
                if line not in people[address][1]:
                    people[address][1].append(line)
        for address, (name, mine) in people.items():
            letter = letters.setdefault(address, _Letter(name, fmt.language))
            letter.sections.append((heading, tuple(mine)))
    mails = []
    for address, letter in sorted(letters.items()):
        fmt = Formatter(letter.language)
        count = sum(len(lines) for _, lines in letter.sections)
        message = Message(
            fmt.n("notify.subject", count),
            tuple(letter.sections),
            fmt.t("notify.footer"),
            letter.language,
        )
        mails.append((letter.name, address, message))
        report.lines.append(f"{address}: {message.subject}")
    channels = [c for c in ("teams", "slack") if getattr(options, c)]
    board = None
    if posts:
        fmt = Formatter(board_language)
        count = sum(len(lines) for _, lines in posts)
        subject = fmt.n("notify.subject", count)
        board = Message(subject, tuple(posts), fmt.t("notify.footer"), fmt.language)
        report.lines += [f"{c}: {board.subject}" for c in channels]
    if dry_run:
        for _, address, message in mails:
            report.lines.append(f"--- {address}\n{message.text()}")
        return report
    # each channel on its own: one that fails is said (and fails the run), the others still go;
    # what reached somewhere is remembered — never sent twice to those who got it
    if mails and options.email is None:
        report.problems.append(words.t("notify.no_email"))
    sends: list[tuple[int, Any]] = []
    if mails and options.email is not None:
        email_settings = options.email
        sends.append((len(mails), lambda: send_mail(email_settings, environ, mails)))
    if board is not None:
        message = board
        sends += [(1, partial(post_webhook, channel, environ, message)) for channel in channels]
    for count, send in sends:
        try:
            send()
            report.sent += count
        except NotifyError as exc:
            report.failed += 1
            report.problems.append(str(exc))
    if not report.sent and (mails or board is not None):
        if not sends:
            report.problems.append(words.t("notify.nowhere"))
        return report  # it reached nobody: nothing remembered, all of it goes next time
    if after != before:
        _write_state(state_path, after)
    return report
