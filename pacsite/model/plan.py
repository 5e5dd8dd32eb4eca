"""Pydantic models of the plan format (see docs/writing-a-plan.md).

One model per concept; closed choices are `Literal`s; unknown keys are errors.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, field_validator, model_validator

from ..catalog import msg
from .periods import parse_period
from .types import (
    Amount,
    Email,
    Id,
    Markdown,
    NonNegativeAmount,
    PeriodField,
    Share,
    Text,
    TextList,
    _number,
)

__all__ = [
    "CRM_DEFAULTS",
    "Action",
    "AlertRules",
    "Axis",
    "AxisObjective",
    "Budget",
    "BudgetLine",
    "CrmSource",
    "Expected",
    "KeyResult",
    "Kpi",
    "KpiAlert",
    "LintSettings",
    "Need",
    "Objective",
    "Persona",
    "Plan",
    "Raci",
    "ResultsSource",
    "Segment",
    "SegmentFile",
    "Swot",
    "TeamMember",
]

ActionStatus = Literal["planned", "in_progress", "done", "late", "cancelled", "suspended"]
AxisStatus = Literal["active", "priority", "suspended", "dropped"]


class Model(BaseModel):
    """Base of every plan model: unknown keys are errors, numbers are accepted as text."""

    model_config = ConfigDict(
        extra="forbid",
        coerce_numbers_to_str=True,
        arbitrary_types_allowed=True,
        populate_by_name=True,
        frozen=True,
        allow_inf_nan=False,
    )


class TeamMember(Model):
    """A person of the team; actions and RACI roles refer to them by `id`."""

    id: Id
    name: Text
    role: Text | None = None
    email: Email | None = None


class KpiAlert(Model):
    """Alert thresholds of one KPI, overriding the plan-wide `alerts`."""

    drop_pct: Annotated[float, Field(gt=0, le=100)] | None = None
    roi_min: Annotated[float, Field(ge=0)] | None = None
    roi_window_months: Annotated[int, Field(ge=1, le=24)] | None = None


class Kpi(Model):
    """A key performance indicator and how its results roll up."""

    id: Id
    name: Text
    unit: Text = "count"
    direction: Literal["increase", "decrease"] = "increase"
    aggregation: Literal["sum", "mean", "last"] = "sum"
    cadence: Literal["week", "month", "quarter"] = "month"
    family: Literal["volume", "performance", "efficiency", "other"] | None = None
    description: Markdown | None = None
    alert: KpiAlert | None = None
    corrective_actions: list[Id] = []


_RELATIVE = re.compile(r"^\s*([+-]\s*\d+(?:[.,]\d+)?)\s*%\s*$")


class Target(Model):
    """A quantified target on a KPI: the common part of objectives, key results, axes."""

    kpi: Id | None = None
    baseline: Amount | None = None
    target: Amount | None = Field(
        default=None,
        description="A figure (240, '6 000 000 €'), or a change on the baseline ('+20 %')",
    )
    due: PeriodField | None = None
    phasing: dict[PeriodField, Amount] | None = None

    @model_validator(mode="before")
    @classmethod
    def _relative_target(cls, data: Any) -> Any:
        """`target: +20 %` is 20 % more than the baseline: 200 → 240."""
        if not isinstance(data, dict) or not isinstance(data.get("target"), str):
            return data
        found = _RELATIVE.match(data["target"])
        if found is None:
            return data
        baseline = data.get("baseline")
        if baseline is None:
            raise ValueError(
                msg(
                    "a target written as a change ('{target}') needs the baseline it changes",
                    target=data["target"].strip(),
                )
            )
        base = _number(baseline) if isinstance(baseline, str) else baseline
        change = float(found[1].replace(" ", "").replace(",", ".")) / 100
        return {**data, "target": round(float(base) * (1 + change), 6)}

    @field_validator("phasing", mode="before")
    @classmethod
    def _phasing_keys(cls, value: Any) -> Any:
        # YAML reads `2025-01-31:` as a date key and `2025:` as an int; both are periods.
        if isinstance(value, dict):
            return {parse_period(key): amount for key, amount in value.items()}
        return value


class KeyResult(Target):
    """A measurable key result of an OKR-style objective."""

    id: Id | None = None
    title: Text | None = None


class Objective(Target):
    """A SMART objective; OKR style when it has `key_results`."""

    id: Id
    title: Text
    kind: Literal["quantitative", "qualitative"] = "quantitative"
    type: (
        Literal["awareness", "acquisition", "retention", "engagement", "revenue", "other"] | None
    ) = None
    description: Markdown | None = None
    key_results: list[KeyResult] = []


class Persona(Model):
    """A typical customer the plan targets."""

    id: Id
    name: Text
    type: Literal["B2B", "B2C"] | None = None
    profile: Markdown | None = None
    demographics: Markdown | None = None
    needs: TextList = []
    motivations: TextList = []
    barriers: TextList = Field(default=[], validation_alias=AliasChoices("barriers", "freins"))
    buying_habits: TextList = []
    channels: TextList = []


class Swot(Model):
    """Strengths and weaknesses (internal), opportunities and threats (external)."""

    strengths: TextList = []
    weaknesses: TextList = []
    opportunities: TextList = []
    threats: TextList = []


class AxisObjective(Target):
    """The growth objective of a development axis."""


class Axis(Model):
    """A development axis of a segment."""

    id: Id
    name: Text
    status: AxisStatus = "active"
    description: Markdown | None = None
    objective: AxisObjective | None = None
    expected_roi: Annotated[float, Field(ge=0)] | None = None
    budget: NonNegativeAmount | None = None
    kpis: list[Id] = []

    @property
    def counts(self) -> bool:
        """False once suspended or dropped: the axis no longer counts — not in its segment's
        verdict, no alert of its own, and its actions wait with it (none is late)."""
        return self.status not in {"suspended", "dropped"}


class Segment(Model):
    """A market segment with its SWOT and development axes."""

    id: Id
    name: Text
    kind: Literal["horizontal", "vertical", "mixed"] | None = None
    description: Markdown | None = None
    share: Share | None = None
    period: PeriodField | None = None
    personas: list[Id] = []
    swot: Swot = Swot()
    axes: list[Axis] = []


SegmentFile = Segment
"""A `segments/*.yaml` file holds exactly one segment."""


class Need(Model):
    """Information needed to prepare an action, and from whom."""

    info: Text
    from_: Text | None = Field(default=None, alias="from")


class Expected(Model):
    """The expected contribution of an action to a KPI."""

    kpi: Id
    value: Amount


class Raci(Model):
    """Who is Responsible, Accountable, Consulted and Informed for an action (ids or names)."""

    responsible: TextList = []
    accountable: TextList = []
    consulted: TextList = []
    informed: TextList = []


class Action(Model):
    """An action: who does what, when, with which means (the "fiche action")."""

    id: Id
    title: Text
    description: Markdown | None = None
    segment: Id | None = None
    axis: Id | None = None
    owner: Text | None = None
    start: PeriodField | None = None
    due: PeriodField | None = None
    needs: list[Need] = []
    channel: Text | None = None
    type: Literal["prospecting", "marketing", "event", "partnership", "loyalty", "other"] | None = (
        None
    )
    budget: NonNegativeAmount | None = None
    spent: NonNegativeAmount | None = None
    status: ActionStatus = "planned"
    kpis: list[Id] = []
    expected: Expected | None = None
    raci: Raci | None = None
    tags: TextList = []
    notes: Markdown | None = None

    def raci_of(self, who: str) -> str:
        """`R`, `A`, `C`, `I` (several possible) for a person on this action; its owner is
        responsible when it has no RACI."""
        r = self.raci
        if r is None:
            return "R" if self.owner == who else ""
        roles = (("R", r.responsible), ("A", r.accountable), ("C", r.consulted), ("I", r.informed))
        return "".join(letter for letter, people in roles if who in people)


class BudgetLine(Model):
    """One line of the budget."""

    category: Text
    amount: NonNegativeAmount
    expected_roi: Annotated[float, Field(ge=0)] | None = None
    kpi: Id | None = None
    segment: Id | None = None
    axis: Id | None = None
    channel: Text | None = None


class Budget(Model):
    """The plan's budget: a total and its allocation."""

    total: NonNegativeAmount | None = None
    lines: list[BudgetLine] = []


class AlertRules(Model):
    """Plan-wide alert rules; a KPI's own `alert` overrides them."""

    drop_pct: Annotated[float, Field(gt=0, le=100)] | None = None
    roi_min: Annotated[float, Field(ge=0)] | None = None
    roi_window_months: Annotated[int, Field(ge=1, le=24)] = 2


CRM_DEFAULTS: dict[str, dict[str, str]] = {
    "hubspot": {"object": "deals", "date_field": "closedate", "amount_field": "amount"},
    "pipedrive": {"object": "deals", "date_field": "won_time", "amount_field": "value"},
    "salesforce": {"object": "opportunities", "date_field": "CloseDate", "amount_field": "Amount"},
}
"""Each CRM's object of deals and the fields a pull reads by default."""


class CrmSource(Model):
    """Results pulled from a CRM by `pacsite pull`: the CRM's deals (Salesforce: opportunities),
    filtered, dated and summed (or counted) per period into one KPI, written to `file` with
    where they came from. Credentials come from environment variables, never from the plan."""

    id: Id
    crm: Literal["hubspot", "pipedrive", "salesforce"]
    kpi: Id
    object: Literal["deals", "opportunities"] | None = Field(
        default=None, description="Default: deals (HubSpot, Pipedrive), opportunities (Salesforce)"
    )
    date_field: Text | None = Field(
        default=None,
        description="Default: closedate (HubSpot), won_time (Pipedrive), CloseDate (Salesforce)",
    )
    amount_field: Text | None = Field(
        default=None,
        description="Default: amount (HubSpot), value (Pipedrive), Amount (Salesforce)",
    )
    aggregate: Literal["sum", "count"] = "sum"
    filter: dict[Text, Text | list[Text]] = Field(
        default={},
        description="Fields and the values kept: {dealstage: closedwon} (HubSpot), "
        "{status: won} (Pipedrive), {StageName: Closed Won} (Salesforce)",
    )
    segment_field: Text | None = None
    axis_field: Text | None = None
    values: dict[Text, Id] = Field(
        default={},
        description="What the CRM calls a segment or an axis, and its id in the plan",
    )
    file: Text | None = Field(
        default=None, description="Where the results are written (default: results/<id>.csv)"
    )

    def field(self, key: Literal["object", "date_field", "amount_field"]) -> str:
        """The field a pull reads: the source's, else its CRM's default."""
        return getattr(self, key) or CRM_DEFAULTS[self.crm][key]

    @property
    def path(self) -> str:
        """The results file, relative to the plan's folder."""
        return self.file or f"results/{self.id}.csv"

    @property
    def sidecar(self) -> str:
        """Beside it, when and from what it was pulled (and whether the pull fails)."""
        return self.path + ".pull.json"


class ResultsSource(Model):
    """A results file to read: a CRM export mapped to one KPI, or (no `kpi`) a long-format file.

    A long-format file lying outside `results/` (a single-file plan's results) is declared with
    `file:` alone.
    """

    file: Text
    kpi: Id | None = None
    date_column: Text | None = None
    value_column: Text | None = None
    aggregate: Literal["sum", "count", "mean", "last"] = "sum"
    filter: dict[Text, Text | list[Text]] = {}
    segment_column: Text | None = None
    axis_column: Text | None = None
    values: dict[Text, Id] = Field(
        default={},
        description="What the CRM calls a segment or an axis, and its id in the plan: "
        "{'Hôtels': hotels, 'Restaurants': restaurants} (case and accents aside)",
    )
    date_format: Text | None = Field(default=None, description="e.g. '%m/%d/%Y' for US exports")
    sheet: Text | int | None = Field(
        default=None, description="A workbook's sheet, by name or number (default: the first)"
    )
    header_row: Annotated[int, Field(ge=1)] | None = Field(
        default=None, description="A workbook's header row (default: found by its column names)"
    )
    delimiter: Literal[",", ";", "\t", "|"] | None = None
    decimal: Literal[",", "."] | None = None
    encoding: Text | None = None

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str | None) -> str | None:
        """An encoding Python knows; Windows' "ANSI" is cp1252 (Western Europe)."""
        if value is None:
            return None
        name = {"ansi": "cp1252", "windows": "cp1252", "excel": "cp1252"}.get(
            value.strip().lower(), value.strip()
        )
        try:
            codecs.lookup(name)
        except LookupError:
            raise ValueError(
                msg(
                    "'{value}' is not an encoding: write utf-8, cp1252 (Windows, also called "
                    "ANSI), iso-8859-1 or utf-16",
                    value=value,
                )
            ) from None
        return name

    @model_validator(mode="after")
    def _mapped_needs_date(self) -> ResultsSource:
        if self.kpi is not None and self.date_column is None:
            raise ValueError(msg("a mapped export (with `kpi:`) needs `date_column:`"))
        return self


_DECISIONS = {
    "renforcer": "push",
    "pousser": "push",
    "prioriser": "push",
    "maintenir": "keep",
    "garder": "keep",
    "poursuivre": "keep",
    "suspendre": "suspend",
    "abandonner": "drop",
    "arrêter": "drop",
    "arreter": "drop",
}

ReviewDecision = Literal["push", "keep", "suspend", "drop"]


class Decision(Model):
    """What a review decided for a development axis, and why."""

    axis: Id
    decision: ReviewDecision = Field(
        description="push (renforcer), keep (maintenir), suspend (suspendre), drop (abandonner)",
        json_schema_extra={"enum": ["push", "keep", "suspend", "drop", *_DECISIONS]},
    )
    reason: Text | None = None
    deploy_to: list[Id] = Field(
        default=[],
        description="Segments the axis is deployed to, when the review follows the method's "
        "'deploy' proposal (déployer sur d'autres segments)",
    )

    @field_validator("decision", mode="before")
    @classmethod
    def _french(cls, value: Any) -> Any:
        if isinstance(value, str):
            return _DECISIONS.get(value.strip().lower(), value.strip().lower())
        return value


class Review(Model):
    """A review meeting of the plan: who came, what was decided per axis, what was learned."""

    date: PeriodField
    kind: Literal["monthly", "quarterly"] = Field(
        default="quarterly",
        json_schema_extra={"enum": ["monthly", "quarterly", "mensuelle", "trimestrielle"]},
    )
    title: Text | None = None
    attendees: TextList = []
    decisions: list[Decision] = []
    corrective_actions: list[Id] = []
    lessons: TextList = []
    notes: Markdown | None = None

    @field_validator("kind", mode="before")
    @classmethod
    def _french_kind(cls, value: Any) -> Any:
        names = {"mensuelle": "monthly", "trimestrielle": "quarterly", "mensuel": "monthly"}
        if isinstance(value, str):
            return names.get(value.strip().lower(), value.strip().lower())
        return value

    @property
    def day(self) -> dt.date:
        """The day of the meeting (the last day of a period written as a month)."""
        return self.date.last


class LintSettings(Model):
    """Lint findings this plan silences, by code (`PAC101`)."""

    ignore: list[Annotated[str, Field(pattern=r"^PAC\d{3}$")]] = []


class Plan(Model):
    """A commercial action plan (PAC)."""

    id: Id = Field(default="plan", description="Set from the folder or file name.")
    title: Text
    organization: Text | None = None
    period: PeriodField
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "EUR"
    language: Literal["fr", "en"] | None = None
    owner: Text | None = None
    status: Literal["draft", "published", "archived"] = "published"
    as_of: PeriodField | None = None
    summary: Markdown | None = None
    strategy: Markdown | None = None
    market: Markdown | None = None
    competition: Markdown | None = None
    team: list[TeamMember] = []
    kpis: list[Kpi] = []
    objectives: list[Objective] = []
    personas: list[Persona] = []
    segments: list[Segment] = []
    actions: list[Action] = []
    budget: Budget | None = None
    alerts: AlertRules = AlertRules()
    results: list[ResultsSource] = []
    sources: list[CrmSource] = Field(
        default=[], description="CRM results that `pacsite pull` fetches and writes"
    )
    reviews: list[Review] = []
    lint: LintSettings = LintSettings()

    @model_validator(mode="before")
    @classmethod
    def _year_shortcut(cls, data: Any) -> Any:
        if isinstance(data, dict) and "year" in data:
            data = dict(data)
            year = data.pop("year")
            if "period" in data:
                raise ValueError(msg("give either `period` or `year`, not both"))
            data["period"] = year  # validated as a period; errors are located at `year`
        return data

    # Lookups used by cross-reference checks, analytics and rendering.
    def kpi(self, kpi_id: str) -> Kpi | None:
        """The KPI with this id, if any."""
        return next((k for k in self.kpis if k.id == kpi_id), None)

    def segment(self, segment_id: str) -> Segment | None:
        """The segment with this id, if any."""
        return next((s for s in self.segments if s.id == segment_id), None)

    def axis(self, axis_id: str | None) -> Axis | None:
        """The development axis with this id, in whichever segment, if any."""
        return next((a for s in self.segments for a in s.axes if a.id == axis_id), None)

    def segments_of_axis(self, axis_id: str | None) -> list[str]:
        """The ids of the segments that hold an axis with this id (one in a valid plan)."""
        return [s.id for s in self.segments if any(a.id == axis_id for a in s.axes)]

    def action(self, action_id: str | None) -> Action | None:
        """The action with this id, if any."""
        return next((a for a in self.actions if a.id == action_id), None)

    def segments_of_persona(self, persona_id: str) -> list[Segment]:
        """The segments that address a persona."""
        return [s for s in self.segments if persona_id in s.personas]

    def waiting_axes(self) -> set[str]:
        """Ids of the axes that no longer count (suspended or dropped): their actions wait."""
        return {axis.id for segment in self.segments for axis in segment.axes if not axis.counts}

    def member(self, member_id: str) -> TeamMember | None:
        """The team member with this id, if any."""
        return next((m for m in self.team if m.id == member_id), None)
