"""Every option of pacsite, declared once: read from `mkdocs.yml` by the plugin and by the CLI.

`Settings` holds what a user writes under `plugins: - pacsite:` (and what the command line's
flags override); `SiteFacts` holds what comes from the rest of `mkdocs.yml` (or the CLI's
defaults): the project folder, `docs_dir`, `use_directory_urls`, `site_url`, the theme's
`custom_dir` and language. Unknown keys, unknown lint codes and bad values are errors that name
the key. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .analysis import Thresholds
from .analysis.stale import Freshness
from .load import LINT_CODES, Code, Diagnostic, LintLevel, Position, format_path
from .model import PeriodError, parse_period

__all__ = [
    "DEFAULT_PLOTLY_CDN",
    "OptionsError",
    "Settings",
    "SiteFacts",
    "ThresholdSettings",
    "Visibility",
    "read_mkdocs_yml",
]

DEFAULT_PLOTLY_CDN = "https://cdn.plot.ly/plotly-2.35.2.min.js"
_LEVELS = ("error", "warning", "ignore")


_PLACEHOLDER_HOSTS = ("example.github.io", "example.gitlab.io", "intranet.example.com")


def placeholder_url(site_url: str | None) -> bool:
    """Whether `site_url` is still the address `pacsite init` wrote for the user to replace."""
    if not site_url:
        return False
    host = urlsplit(site_url).hostname or ""
    return host in _PLACEHOLDER_HOSTS or host == "example.com" or host.endswith(".example")


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ThresholdSettings(_Options):
    """Status thresholds: ratio of actual to trajectory."""

    on_track: Annotated[float, Field(gt=0)] = 1.0
    """From this ratio an objective is on track."""
    at_risk: Annotated[float, Field(ge=0)] = 0.85
    """From this ratio (and under `on_track`) an objective is at risk; below, off track."""

    @model_validator(mode="after")
    def _ordered(self) -> ThresholdSettings:
        if self.at_risk > self.on_track:
            raise ValueError(
                f"at_risk ({self.at_risk}) must not be above on_track ({self.on_track})"
            )
        return self

    def thresholds(self) -> Thresholds:
        return Thresholds(self.on_track, self.at_risk)


class StaleSettings(_Options):
    """When data is stale at the as-of date."""

    grace_days: Annotated[int, Field(ge=0, le=366)] = 7
    """Days after a KPI's next period ends before its missing result is stale."""
    action_days: Annotated[int, Field(ge=1, le=366)] = 30
    """Days an action may stay `planned` after its start, or `in_progress` after its due date."""

    def freshness(self) -> Freshness:
        return Freshness(self.grace_days, self.action_days)


class EmailSettings(_Options):
    """Where `pacsite notify` sends e-mail: an SMTP server (the user and password come from
    `PACSITE_SMTP_USER` and `PACSITE_SMTP_PASSWORD`, never from this file)."""

    host: str
    port: Annotated[int, Field(ge=1, le=65535)] = 587
    sender: str
    """The From address: `PAC <pac@example.com>`."""
    starttls: bool = True
    """Encrypt with STARTTLS (port 587); false only for a relay on the same machine."""


class NotifySettings(_Options):
    """What `pacsite notify` sends, and where it remembers what it sent."""

    email: EmailSettings | None = None
    teams: bool = False
    """Post to a Microsoft Teams incoming webhook (its address: `PACSITE_TEAMS_WEBHOOK`)."""
    slack: bool = False
    """Post to a Slack incoming webhook (its address: `PACSITE_SLACK_WEBHOOK`)."""
    review_days: Annotated[int, Field(ge=0, le=60)] = 3
    """Send a review's pack this many days before its date."""
    state: str = ".pacsite/notified.json"
    """What was sent, relative to `mkdocs.yml` (committed, so that nothing is sent twice)."""


VisibilityField = Literal[
    "budgets", "spend", "notes", "emails", "history_authors", "history_messages"
]


class Visibility(_Options):
    """What a site publishes. `internal` (the default) shows everything the plans hold; `public`
    leaves out budgets and spend, notes, team e-mails, and the authors and messages of commits.
    Each field can be set on its own (`true`: shown) over the profile."""

    profile: Literal["internal", "public"] = "internal"
    budgets: bool | None = None
    spend: bool | None = None
    notes: bool | None = None
    emails: bool | None = None
    history_authors: bool | None = None
    history_messages: bool | None = None

    @model_validator(mode="before")
    @classmethod
    def _profile_alone(cls, value: Any) -> Any:
        return {"profile": value} if isinstance(value, str) else value

    def shows(self, field: VisibilityField) -> bool:
        chosen = getattr(self, field)
        return bool(chosen) if chosen is not None else self.profile == "internal"


class Settings(_Options):
    """Options of the `pacsite` plugin in `mkdocs.yml` (the CLI's flags override some)."""

    plans_dir: str = "plans"
    """Folder of the plans, relative to `mkdocs.yml`."""
    nav_title: str | None = None
    """Title of the navigation section and of the portal page (default: "Plans")."""
    portal: str = "plans/index.md"
    """Where the portal page listing the plans is generated, relative to `docs_dir`."""
    language: Literal["fr", "en"] | None = None
    """Language of plans that do not set theirs (default: `theme.language` when fr or en)."""
    as_of: str | None = None
    """Judge every plan at this date (`2025-06-30`, `2025-06`...) instead of its own."""
    plotly: Literal["bundled", "cdn"] = "bundled"
    """`bundled`: plotly.js is copied into the site (works offline); `cdn`: loaded from `plotly_cdn`."""
    plotly_cdn: str = DEFAULT_PLOTLY_CDN
    """Address of plotly.js when `plotly: cdn`."""
    plotly_bundle: Literal["basic", "full"] = "basic"
    """`basic`: plotly.js's partial bundle (scatter, bar, pie; 1.2 MB); `full`: the whole library."""
    lint: dict[str, LintLevel] = {}
    """Severity per lint code: `{PAC101: ignore | warning | error}`."""
    history: bool = True
    """Publish each plan's history computed from git (a page, and "last updated" on the dashboard)."""
    history_limit: Annotated[int, Field(ge=1, le=1000)] = 30
    """How many of the latest commits the history shows."""
    thresholds: ThresholdSettings = ThresholdSettings()
    """Status thresholds (`on_track`, `at_risk`)."""
    stale: StaleSettings = StaleSettings()
    """When data is stale: `grace_days` (7) for a KPI's result, `action_days` (30) for a status."""
    visibility: Visibility = Visibility()
    """`internal` (everything) or `public` (no budgets, spend, notes, e-mails, commit authors
    or messages), or each of these fields on its own."""
    notify: NotifySettings = NotifySettings()
    """`pacsite notify`: e-mail (SMTP), Teams and Slack webhooks, the review's pack."""

    @field_validator("as_of", mode="before")
    @classmethod
    def _as_of(cls, value: Any) -> str | None:
        if value is None:
            return None
        if isinstance(value, date | int):  # YAML reads `2025-06-30` as a date, `2025` as a number
            value = value.isoformat() if isinstance(value, date) else str(value)
        if not isinstance(value, str):
            raise ValueError(f"'{value}' is not a date")
        try:
            parse_period(value)
        except PeriodError as exc:
            raise ValueError(str(exc)) from None
        return value

    @field_validator("lint", mode="before")
    @classmethod
    def _lint(cls, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        known = {str(c) for c in LINT_CODES}
        out: dict[str, Any] = {}
        for code, level in value.items():
            name = str(code).upper()
            if name not in known:
                raise ValueError(
                    f"'{code}' is not a lint code: use one of {', '.join(sorted(known))}"
                )
            if level not in _LEVELS:
                raise ValueError(f"{name}: '{level}' is not a severity: use {', '.join(_LEVELS)}")
            out[name] = level
        return out

    @property
    def as_of_date(self) -> date | None:
        """The last day of `as_of`, the date every plan is judged at (None: each plan's own)."""
        return parse_period(self.as_of).last if self.as_of else None

    def with_overrides(self, **overrides: Any) -> Settings:
        """These settings with some options replaced (the CLI's flags), validated again."""
        values = self.model_dump(exclude_unset=True)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return Settings.model_validate(values)


@dataclass(frozen=True)
class SiteFacts:
    """What the rest of `mkdocs.yml` says about the site the plans are published in."""

    root: Path
    """The project folder (the one holding `mkdocs.yml`): file names in errors start there."""
    docs_dir: Path | None = None
    directory_urls: bool = True
    site_url: str | None = None
    template_dirs: tuple[Path, ...] = ()
    """Folders whose `pacsite/` templates override pacsite's (the theme's `custom_dir`)."""
    theme_language: str | None = None

    def language(self, settings: Settings) -> str:
        """The language of plans that set none: the option, else the theme's when fr or en."""
        if settings.language:
            return settings.language
        theme = (self.theme_language or "en")[:2]
        return theme if theme in {"fr", "en"} else "en"

    def plans_dir(self, settings: Settings) -> Path:
        return self.root / settings.plans_dir


class OptionsError(ValueError):
    """Options that cannot be used: every problem, located at the key (or flag) that has it."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


def option_errors(
    exc: ValidationError, where: str, prefix: tuple[str | int, ...] = (), line_of: Any = None
) -> list[Diagnostic]:
    """Pydantic's errors on options as located diagnostics naming the key."""
    out = []
    for error in exc.errors():
        loc = tuple(p for p in error["loc"] if p not in {"function-after[_ordered()]"})
        message = str(error["msg"]).removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            known = ", ".join(Settings.model_fields)
            message = f"unknown option: use {known}"
        elif error["type"] == "literal_error":
            message = (
                f"'{error.get('input')}' is not allowed: {message.removeprefix('Input should be ')}"
            )
        position = line_of(loc) if line_of is not None else Position(where)
        out.append(Diagnostic(position, Code.SCHEMA, message, format_path((*prefix, *loc))))
    return out


def validate_settings(
    options: Mapping[str, Any] | None,
    where: str = "mkdocs.yml",
    prefix: tuple[str | int, ...] = ("plugins", "pacsite"),
    line_of: Any = None,
) -> Settings:
    """`Settings` from the plugin's options; raises `OptionsError` naming every bad key."""
    try:
        return Settings.model_validate(dict(options or {}))
    except ValidationError as exc:
        raise OptionsError(option_errors(exc, where, prefix, line_of)) from None


class _TolerantLoader(yaml.SafeLoader):
    """Reads `mkdocs.yml` without MkDocs: tags such as `!!python/name:` and `!ENV` become plain
    values (what pacsite needs from the file never uses them)."""


def _any_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    assert isinstance(node, yaml.MappingNode)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("", _any_tag)


def read_mkdocs_yml(path: Path) -> tuple[Settings, SiteFacts]:
    """The pacsite options and site facts of a `mkdocs.yml`, as the plugin would see them.

    Raises:
        OptionsError: the file cannot be read, or its pacsite options are wrong.
    """
    display = path.name
    try:
        with path.open(encoding="utf-8-sig") as stream:
            data = yaml.load(stream, Loader=_TolerantLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        mark = getattr(exc, "problem_mark", None)
        position = Position(display, mark.line + 1, mark.column + 1) if mark else Position(display)
        reason = getattr(exc, "problem", None) or getattr(exc, "strerror", None) or str(exc)
        raise OptionsError([Diagnostic(position, Code.SYNTAX, f"cannot read: {reason}")]) from None
    if not isinstance(data, dict):
        data = {}
    root = path.resolve().parent
    options: Any = {}
    for index, entry in enumerate(data.get("plugins") or []):
        if entry == "pacsite":
            options = {}
        elif isinstance(entry, dict) and "pacsite" in entry:
            options = entry["pacsite"] or {}
        else:
            continue
        if not isinstance(options, dict):
            raise OptionsError(
                [
                    Diagnostic(
                        Position(display),
                        Code.SCHEMA,
                        "the pacsite plugin's options must be a mapping of keys",
                        format_path(("plugins", index, "pacsite")),
                    )
                ]
            )
        break
    settings = validate_settings(options, display)
    theme: dict[str, Any] = data["theme"] if isinstance(data.get("theme"), dict) else {}
    custom_dir = theme.get("custom_dir")
    templates = (root / str(custom_dir),) if custom_dir else ()
    facts = SiteFacts(
        root=root,
        docs_dir=root / str(data.get("docs_dir") or "docs"),
        directory_urls=bool(data.get("use_directory_urls", True)),
        site_url=str(data["site_url"]) if data.get("site_url") else None,
        template_dirs=tuple(d for d in templates if (d / "pacsite").is_dir()),
        theme_language=str(theme.get("language") or "") or None,
    )
    return settings, facts
