"""`pacsite notify` against a real SMTP server (aiosmtpd, STARTTLS and a login) and an HTTP
receiver for the Teams and Slack webhooks: who gets what, once, and a word when it is over."""

from __future__ import annotations

import asyncio
import email
import email.policy
import json
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pacsite.cli import main
from tests.conftest import MINIMAL_PLAN, WriteFiles
from tests.crm_servers import Fake, serving

PLAN = (
    MINIMAL_PLAN.replace(
        "title: Plan de test", "title: Plan <Ouest>\nowner: claire\nas_of: 2025-06-30"
    ).replace(
        "  - {id: julie, name: Julie Martin}",
        "  - {id: julie, name: Julie Martin, email: julie@example.com}\n"
        "  - {id: claire, name: Claire Dubois, email: claire@example.com}\n"
        "  - {id: paul, name: Paul Simon}",
    )
    + """\
  - id: appels
    title: Appeler les clients
    segment: particuliers
    owner: paul
    due: 2025-12-31
reviews:
  - {date: 2025-07-02, kind: trimestrielle}
"""
)

MKDOCS = """\
site_name: PAC
site_url: https://pac.example.com/
theme: {{name: material, language: fr}}
plugins:
  - pacsite:
      notify:
        email: {{host: 127.0.0.1, port: {port}, sender: "PAC <pac@example.com>"}}
        teams: true
        slack: true
"""


class Hook(Fake):
    def answer(self, method, path, query, body, headers):  # type: ignore[no-untyped-def]
        self.asked.append({"path": path, "body": body})
        return 200, {}, {}


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(parsed)  # type: ignore[arg-type]
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, int]]:
    """An SMTP server on 127.0.0.1 that asks STARTTLS, then a login (robot / s3cret-pass)."""
    import trustme
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    ca = trustme.CA()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"robot",
            b"s3cret-pass",
        )
        return AuthResult(success=ok, handled=False)  # a 535 reply when refused

    inbox, port = Inbox(), _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=check,
        auth_require_tls=True,
        loop=asyncio.new_event_loop(),
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _project(
    write_files: WriteFiles, port: int, monkeypatch: pytest.MonkeyPatch, password: str = ""
) -> Path:
    """The project, as the current folder, judged on 30 June 2025 (12:00 UTC); the SMTP login
    (robot) with `password`."""
    root = write_files(
        {
            "mkdocs.yml": MKDOCS.format(port=port),
            "plans/ouest/plan.yaml": PLAN,
            "docs/index.md": "# PAC\n",
        }
    )
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751284800")
    if password:
        monkeypatch.setenv("PACSITE_SMTP_USER", "robot")
        monkeypatch.setenv("PACSITE_SMTP_PASSWORD", password)
    return root


def _text(message: Any) -> str:
    return " ".join(
        message.get_body(("plain",))
        .get_content()
        .replace("\u202f", " ")
        .replace("\u00a0", " ")
        .split()
    )


def test_each_person_gets_theirs_once_and_a_word_when_it_is_over(
    write_files: WriteFiles,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """30 June 2025: Julie's fair (due 31 March) is late and still "planned"; the review of 2
    July is two days away. Julie gets her action's two notices; Claire, the plan's owner, gets
    the three; Paul has no address;
    Teams and Slack get the plan. A second run sends nothing. Once the fair is done, Julie and
    Claire are told it is over, once."""
    inbox, port = smtp
    root = _project(write_files, port, monkeypatch, "s3cret-pass")
    hook = Hook()
    with serving(hook):
        monkeypatch.setenv("PACSITE_TEAMS_WEBHOOK", hook.url + "/teams")
        monkeypatch.setenv("PACSITE_SLACK_WEBHOOK", hook.url + "/slack")
        assert main(["notify"]) == 0
        by_to = {m["To"].addresses[0].addr_spec: m for m in inbox.messages}
        assert sorted(by_to) == ["claire@example.com", "julie@example.com"]
        julie, claire = _text(by_to["julie@example.com"]), _text(by_to["claire@example.com"])
        assert "Exposer au salon" in julie and "Revue du" not in julie
        assert "Exposer au salon" in claire and "Revue du 2 juil. 2025" in claire
        assert "https://pac.example.com/ouest/actions/salon/" in julie
        print(julie)
        print(claire)
        assert by_to["julie@example.com"]["Subject"].startswith("PAC : 2 nouveautés")
        html = by_to["claire@example.com"].get_body(("html",)).get_content()
        assert "<h2>Plan &lt;Ouest&gt;</h2>" in html and "<Ouest>" not in html
        assert html.startswith('<!doctype html><html lang="fr">')  # the plan's language
        teams, slack = (
            next(h["body"] for h in hook.asked if h["path"] == p) for p in ("/teams", "/slack")
        )
        card = teams["attachments"][0]["content"]
        assert card["type"] == "AdaptiveCard" and "Plan <Ouest>" in json.dumps(
            card, ensure_ascii=False
        )
        assert "Plan &lt;Ouest&gt;" in slack["blocks"][1]["text"]["text"]
        err = capsys.readouterr().err
        assert "s3cret-pass" not in err
        state = json.loads((root / ".pacsite/notified.json").read_text("utf-8"))
        assert sorted(state["plans"]["ouest"]) == [
            "alert:overdue///particuliers/reprise/salon",
            "review:2025-07-02",
            "stale:action/salon",  # still "planned" long after its start
        ]

        asked = len(hook.asked)
        assert main(["notify"]) == 0
        assert len(inbox.messages) == 2 and len(hook.asked) == asked  # nothing twice

        plan = root / "plans/ouest/plan.yaml"
        plan.write_text(
            PLAN.replace("    due: 2025-03-31\n", "    due: 2025-03-31\n    status: done\n"),
            "utf-8",
        )
        assert main(["notify"]) == 0
        over = inbox.messages[2:]
        assert sorted(m["To"].addresses[0].addr_spec for m in over) == [
            "claire@example.com",
            "julie@example.com",
        ]
        assert all(
            _text(m).count("Terminé :") == 2 and "Exposer au salon" in _text(m) for m in over
        )
        assert len(hook.asked) == asked + 2
        assert main(["notify"]) == 0
        assert len(inbox.messages) == 4  # said over once


def test_a_dry_run_says_what_would_go_sends_nothing_remembers_nothing(
    write_files: WriteFiles,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    inbox, port = smtp
    root = _project(write_files, port, monkeypatch)
    assert main(["notify", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "julie@example.com: PAC : 2 nouveautés" in out.replace("\u202f", " ")
    assert "teams: PAC" in out and "slack: PAC" in out
    assert inbox.messages == [] and not (root / ".pacsite").exists()


def test_a_refused_login_fails_visibly_and_sends_again_next_time(
    write_files: WriteFiles,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    inbox, port = smtp
    root = _project(write_files, port, monkeypatch, "wrong-password-123")
    root.joinpath("mkdocs.yml").write_text(
        MKDOCS.format(port=port).replace("        teams: true\n        slack: true\n", ""), "utf-8"
    )
    assert main(["notify"]) == 1
    err = capsys.readouterr().err
    assert "127.0.0.1" in err and "wrong-password-123" not in err
    assert inbox.messages == [] and not (root / ".pacsite").exists()
    monkeypatch.setenv("PACSITE_SMTP_PASSWORD", "s3cret-pass")
    assert main(["notify"]) == 0 and len(inbox.messages) == 2


def test_the_site_has_atom_feeds_of_alerts_and_decisions(site: Any) -> None:
    """A plan's feed: its current alerts and its reviews' decisions, linked to their pages by
    absolute addresses, ids that do not change; a person's feed: the alerts about their actions
    only. Texts are escaped once (`Plan <Ouest>`)."""
    from xml.etree import ElementTree

    from tests.conftest import MKDOCS_YML

    plan = PLAN.replace(
        "  - {date: 2025-07-02, kind: trimestrielle}\n",
        "  - {date: 2025-04-02, kind: trimestrielle, decisions: [{axis: reprise, decision: keep}]}\n",
    )
    yml = "site_url: https://pac.example.com/suivi/\n" + MKDOCS_YML
    project = site({"plans/ouest/plan.yaml": plan}, yml)
    project.build()
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(project.site / "ouest/alerts.atom").getroot()
    assert feed.findtext(f"{atom}title") == "Plan <Ouest> : alertes et décisions"
    entries = {
        e.findtext(f"{atom}id"): (e.findtext(f"{atom}title"), e.find(f"{atom}link").get("href"))  # type: ignore[union-attr]
        for e in feed.iter(f"{atom}entry")
    }
    decision = "tag:pac.example.com,2000:suivi/ouest/decision/2025-04-02/reprise"
    assert entries[decision] == (
        "Reprise : Maintenir (revue du 2 avr. 2025)",
        "https://pac.example.com/suivi/ouest/reviews/2025-04-02/",
    )
    late = "tag:pac.example.com,2000:suivi/ouest/alert:overdue///particuliers/reprise/salon"
    assert entries[late][1] == "https://pac.example.com/suivi/ouest/actions/salon/"
    assert "Exposer au salon" in entries[late][0]
    julie = ElementTree.parse(project.site / "people/julie-martin.atom").getroot()
    assert [e.findtext(f"{atom}id") for e in julie.iter(f"{atom}entry")] == [late]
    paul = ElementTree.parse(project.site / "people/paul-simon.atom").getroot()
    assert list(paul.iter(f"{atom}entry")) == []
    dashboard = project.html("ouest")
    link = dashboard.select_one('a[type="application/atom+xml"]')
    assert link.get_text() == "Fil Atom des alertes et décisions" and link["href"] == "alerts.atom"


def test_without_a_channel_nothing_is_remembered_as_sent(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No `notify:` in mkdocs.yml: it says so, and keeps everything for when one is set."""
    root = write_files(
        {
            "mkdocs.yml": "site_name: PAC\ntheme: {name: material, language: fr}\nplugins:\n  - pacsite\n",
            "plans/ouest/plan.yaml": PLAN,
        }
    )
    monkeypatch.chdir(root)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1751284800")
    assert main(["notify"]) == 0
    assert "notify: email:" in capsys.readouterr().err
    assert not (root / ".pacsite").exists()


class Gone(Fake):
    def answer(self, method, path, query, body, headers):  # type: ignore[no-untyped-def]
        self.asked.append({"path": path, "body": body})
        return (404, {}, {"error": "no_service"}) if path == "/slack" else (200, {}, {})


def test_a_channel_that_fails_is_said_and_the_others_are_not_sent_twice(
    write_files: WriteFiles,
    smtp: tuple[Inbox, int],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Slack's webhook is gone (404): the run fails and says so; the e-mails and Teams went, and
    are remembered: the next run does not send them again (Slack misses them, as it was told)."""
    inbox, port = smtp
    _project(write_files, port, monkeypatch, "s3cret-pass")
    hook = Gone()
    with serving(hook):
        monkeypatch.setenv("PACSITE_TEAMS_WEBHOOK", hook.url + "/teams")
        monkeypatch.setenv("PACSITE_SLACK_WEBHOOK", hook.url + "/slack")
        assert main(["notify"]) == 1
        assert "slack: HTTP 404" in capsys.readouterr().err
        assert len(inbox.messages) == 2 and [h["path"] for h in hook.asked] == ["/teams", "/slack"]
        assert main(["notify"]) == 0
        assert len(inbox.messages) == 2 and len(hook.asked) == 2


def test_no_link_to_the_placeholder_address(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`init` writes a placeholder `site_url` until the CI gives the real one: messages then
    carry no link rather than links nowhere."""
    yml = _project(write_files, 2525, monkeypatch) / "mkdocs.yml"
    yml.write_text(
        yml.read_text("utf-8").replace("https://pac.example.com/", "https://pac.example/"), "utf-8"
    )
    assert main(["notify", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Exposer au salon" in out and "pac.example" not in out
