"""Where notices go: e-mail through an SMTP server (STARTTLS, a text and an HTML part), and
Microsoft Teams and Slack incoming webhooks (a card with links to the pages).

Secrets come from the environment only (`PACSITE_SMTP_USER`, `PACSITE_SMTP_PASSWORD`,
`PACSITE_TEAMS_WEBHOOK`, `PACSITE_SLACK_WEBHOOK`) and never appear in what is printed.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid

from markupsafe import Markup, escape

from ..settings import EmailSettings

__all__ = ["Line", "Message", "NotifyError", "post_webhook", "send_mail"]

WEBHOOKS = {"teams": "PACSITE_TEAMS_WEBHOOK", "slack": "PACSITE_SLACK_WEBHOOK"}


class NotifyError(Exception):
    """A notice that could not be sent, in words without secrets."""


@dataclass(frozen=True)
class Line:
    """One thing said: its words and the page it links to (absolute, or "" without a site)."""

    text: str
    link: str = ""
    critical: bool = False


@dataclass(frozen=True)
class Message:
    """What one recipient (a person, or a channel) is told: a subject and sections of lines."""

    subject: str
    sections: tuple[tuple[str, tuple[Line, ...]], ...]
    """(heading, lines): one section per plan."""
    footer: str = ""
    language: str = "en"
    """Its words' language (the HTML part says it)."""

    def text(self) -> str:
        out = []
        for heading, lines in self.sections:
            out += [heading, ""]
            out += [f"- {line.text}" + (f"\n  {line.link}" if line.link else "") for line in lines]
            out.append("")
        return "\n".join(out + ([self.footer] if self.footer else [])).rstrip() + "\n"

    def html(self) -> str:
        """The same, as a small HTML page: every text escaped once, here."""
        parts = [
            f'<!doctype html><html lang="{escape(self.language)}"><body style="font-family: sans-serif">'
        ]
        for heading, lines in self.sections:
            parts.append(f"<h2>{escape(heading)}</h2><ul>")
            for line in lines:
                text = escape(line.text)
                if line.link:
                    text = Markup('<a href="{}">{}</a>').format(line.link, line.text)
                if line.critical:
                    text = Markup("<strong>{}</strong>").format(text)
                parts.append(f"<li>{text}</li>")
            parts.append("</ul>")
        if self.footer:
            parts.append(f"<p><small>{escape(self.footer)}</small></p>")
        return "".join(parts) + "</body></html>\n"


def send_mail(
    settings: EmailSettings,
    environ: Mapping[str, str],
    letters: Sequence[tuple[str, str, Message]],
) -> None:
    """Send each (name, address, message) through one SMTP connection."""
    user = environ.get("PACSITE_SMTP_USER", "")
    password = environ.get("PACSITE_SMTP_PASSWORD", "")
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=60) as smtp:
            if settings.starttls:
                smtp.starttls(context=ssl.create_default_context())
            if user:
                smtp.login(user, password)
            for name, address, message in letters:
                mail = EmailMessage()
                mail["Subject"] = message.subject
                mail["From"] = settings.sender
                mail["To"] = formataddr((name, address))
                mail["Message-ID"] = make_msgid(domain=settings.host)
                mail.set_content(message.text())
                mail.add_alternative(message.html(), subtype="html")
                smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        detail = str(exc).replace(password, "***") if password else str(exc)
        raise NotifyError(
            f"e-mail through {settings.host}:{settings.port}: {detail[:300]}"
        ) from None


def _teams(message: Message) -> dict[str, object]:
    """An Adaptive Card, as Teams' incoming webhooks (and Workflows) take it."""
    body: list[dict[str, object]] = [
        {
            "type": "TextBlock",
            "text": message.subject,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
        }
    ]
    for heading, lines in message.sections:
        body.append({"type": "TextBlock", "text": heading, "weight": "Bolder", "wrap": True})
        for line in lines:
            text = f"[{line.text}]({line.link})" if line.link else line.text
            body.append(
                {
                    "type": "TextBlock",
                    "text": text,
                    "wrap": True,
                    **({"color": "Attention"} if line.critical else {}),
                }
            )
    card = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


def _slack_text(text: str) -> str:
    """Slack's mrkdwn escapes only these three."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _slack(message: Message) -> dict[str, object]:
    blocks: list[dict[str, object]] = [
        {"type": "header", "text": {"type": "plain_text", "text": message.subject[:150]}}
    ]
    for heading, lines in message.sections:
        items = [
            (f"<{line.link}|{_slack_text(line.text)}>" if line.link else _slack_text(line.text))
            for line in lines
        ]
        text = f"*{_slack_text(heading)}*\n" + "\n".join(f"• {i}" for i in items)
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text[:3000]}})
    return {"text": message.subject, "blocks": blocks}


def post_webhook(channel: str, environ: Mapping[str, str], message: Message) -> None:
    """Post `message` to the channel's incoming webhook."""
    import requests

    url = environ.get(WEBHOOKS[channel], "").strip()
    if not url:
        raise NotifyError(f"{channel}: set {WEBHOOKS[channel]} (the incoming webhook's address)")
    payload = _teams(message) if channel == "teams" else _slack(message)
    try:
        response = requests.post(url, json=payload, timeout=60)
    except requests.RequestException as exc:
        raise NotifyError(f"{channel}: {str(exc).replace(url, '***')[:300]}") from None
    if response.status_code >= 300:
        raise NotifyError(f"{channel}: HTTP {response.status_code} from the webhook")
