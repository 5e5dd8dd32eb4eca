"""The PAC workbook's schema: which sheet holds which part of the plan and which column holds
which field, with its English and French headers and its drop-down lists. The template and the
export (`render/workbook.py`) write it; `workbook.py` reads it back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..catalog import LANGUAGES, gettext
from ..text import fold

__all__ = ["SHEETS", "Column", "Kind", "Sheet", "sheet_title"]

Kind = Literal["text", "markdown", "number", "date", "ids", "lines", "needs", "decisions", "bool"]


@dataclass(frozen=True)
class Column:
    """A column of a sheet: the field it holds (a dotted path in the item), its headers, how a
    cell reads, and the closed list of values Excel offers (data validation)."""

    key: str
    en: str
    fr: str
    kind: Kind = "text"
    choices: tuple[str, ...] = ()
    computed: bool = False
    """Written by the export (where the plan stands), never read back."""
    width: int = 16
    words: str = ""
    """The catalog family of the choices' labels (`action.` → `action.planned`: Prévue): the
    workbook shows and offers labels in its language, and reads back a label or a code."""

    def header(self, language: str) -> str:
        return self.fr if language == "fr" else self.en

    def label(self, code: str, language: str) -> str:
        """A choice as the workbook's readers say it (`planned` → Prévue); other values as they
        are."""
        if not self.words or code not in self.choices:
            return code
        label = gettext(language, self.words + code)
        return code if label == self.words + code else label

    def labels(self, language: str) -> list[str]:
        """The drop-down list of this column in `language`."""
        return [self.label(code, language) for code in self.choices]

    def code(self, text: str) -> str:
        """The choice a cell names, by its code or its label in any language (case and accents
        aside); other text as it is, for validation to judge."""
        if not self.words:
            return text
        wanted = fold(text)
        for code in self.choices:
            if wanted == fold(code) or any(
                wanted == fold(self.label(code, language)) for language in LANGUAGES
            ):
                return code
        return text


@dataclass(frozen=True)
class Sheet:
    """A sheet: the plan's list it holds (`segments`), or the plan's own fields (`plan`)."""

    key: str
    en: str
    fr: str
    columns: tuple[Column, ...]
    about_en: str = ""
    about_fr: str = ""

    def title(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


def sheet_title(key: str, language: str) -> str:
    return next(s for s in SHEETS if s.key == key).title(language)


C = Column
_STATUS = ("planned", "in_progress", "done", "late", "cancelled", "suspended")
_AXIS = ("active", "priority", "suspended", "dropped")
_TYPE = ("prospecting", "marketing", "event", "partnership", "loyalty", "other")
_CHANNELS = ("digital", "email", "events", "field", "media", "partnerships", "phone")
_SEGMENT_KIND = ("horizontal", "vertical", "mixed")
_OBJ_TYPE = ("awareness", "acquisition", "retention", "engagement", "revenue", "other")

SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "plan",
        "Plan",
        "Plan",
        (
            C("title", "Title", "Titre", width=40),
            C("organization", "Organisation", "Organisation"),
            C("period", "Period", "Période", "date"),
            C("currency", "Currency", "Devise"),
            C("language", "Language", "Langue", choices=("fr", "en")),
            C("owner", "Owner", "Responsable"),
            C(
                "status",
                "Status",
                "Statut",
                choices=("draft", "published", "archived"),
                words="plan.",
            ),
            C("as_of", "As of", "Date d'arrêté", "date"),
            C("summary", "Summary", "Résumé", "markdown"),
            C("strategy", "Strategy", "Stratégie", "markdown"),
            C("market", "Market", "Marché", "markdown"),
            C("competition", "Competition", "Concurrence", "markdown"),
            C("budget.total", "Budget total", "Budget total", "number"),
            C("alerts.drop_pct", "Alert: drop %", "Alerte : baisse %", "number"),
            C("alerts.roi_min", "Alert: minimum ROI", "Alerte : ROI minimum", "number"),
            C(
                "alerts.roi_window_months",
                "Alert: ROI window (months)",
                "Alerte : fenêtre du ROI (mois)",
                "number",
            ),
            C("lint.ignore", "Checks ignored", "Contrôles ignorés", "ids"),
        ),
        "One row per field: its name in column A, its value in column B.",
        "Une ligne par champ : son nom en colonne A, sa valeur en colonne B.",
    ),
    Sheet(
        "team",
        "Team",
        "Équipe",
        (
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=24),
            C("role", "Role", "Rôle", width=28),
            C("email", "E-mail", "E-mail", width=28),
        ),
    ),
    Sheet(
        "kpis",
        "KPIs",
        "Indicateurs",
        (
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=28),
            C("unit", "Unit", "Unité"),
            C("direction", "Direction", "Sens", choices=("increase", "decrease"), words="choice."),
            C(
                "aggregation",
                "Aggregation",
                "Agrégation",
                choices=("sum", "mean", "last"),
                words="choice.",
            ),
            C(
                "cadence",
                "Cadence",
                "Fréquence",
                choices=("week", "month", "quarter"),
                words="choice.",
            ),
            C(
                "family",
                "Family",
                "Famille",
                choices=("volume", "performance", "efficiency", "other"),
                words="family.",
            ),
            C("description", "Description", "Description", "markdown", width=40),
            C("alert.drop_pct", "Alert: drop %", "Alerte : baisse %", "number"),
            C("alert.roi_min", "Alert: minimum ROI", "Alerte : ROI minimum", "number"),
            C(
                "alert.roi_window_months",
                "Alert: ROI window (months)",
                "Alerte : fenêtre du ROI (mois)",
                "number",
            ),
            C("corrective_actions", "Corrective actions", "Actions correctives", "ids"),
        ),
    ),
    Sheet(
        "objectives",
        "Objectives",
        "Objectifs",
        (
            C("id", "Id", "Identifiant"),
            C("parent", "Key result of", "Résultat clé de"),
            C("title", "Title", "Intitulé", width=40),
            C("kind", "Kind", "Nature", choices=("quantitative", "qualitative"), words="choice."),
            C("type", "Type", "Type", choices=_OBJ_TYPE, words="otype."),
            C("description", "Description", "Description", "markdown", width=40),
            C("kpi", "KPI", "Indicateur"),
            C("baseline", "Baseline", "Base de départ", "number"),
            C("target", "Target", "Cible", "number"),
            C("due", "Due", "Échéance", "date"),
            C("phasing", "Phasing", "Phasage", "lines", width=30),
            C("actual", "Actual", "Réalisé", "number", computed=True),
            C("expected", "Expected to date", "Attendu à date", "number", computed=True),
            C("gap", "Gap", "Écart", "number", computed=True),
            C("progress", "Progress", "Avancement", "number", computed=True),
            C("verdict", "Status", "État", computed=True),
        ),
        "A row per objective; a key result names its objective in 'Key result of'. Phasing: one "
        "line per period, '2025-Q1: 100000'.",
        "Une ligne par objectif ; un résultat clé nomme son objectif dans « Résultat clé de ». "
        "Phasage : une ligne par période, « 2025-T1 : 100000 ».",
    ),
    Sheet(
        "personas",
        "Personas",
        "Personas",
        (
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=24),
            C("type", "Type", "Type", choices=("B2B", "B2C")),
            C("profile", "Profile", "Profil", "markdown", width=40),
            C("demographics", "Demographics", "Démographie", "markdown", width=30),
            C("needs", "Needs", "Besoins", "lines", width=30),
            C("motivations", "Motivations", "Motivations", "lines", width=30),
            C("barriers", "Barriers", "Freins", "lines", width=30),
            C("buying_habits", "Buying habits", "Habitudes d'achat", "lines", width=30),
            C("channels", "Channels", "Canaux", "lines", width=24),
        ),
    ),
    Sheet(
        "segments",
        "Segments",
        "Segments",
        (
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=28),
            C("kind", "Kind", "Nature", choices=_SEGMENT_KIND, words="kind."),
            C("description", "Description", "Description", "markdown", width=40),
            C("share", "Share", "Part", "number"),
            C("period", "Period", "Période", "date"),
            C("personas", "Personas", "Personas", "ids"),
            C("swot.strengths", "Strengths", "Forces", "lines", width=36),
            C("swot.weaknesses", "Weaknesses", "Faiblesses", "lines", width=36),
            C("swot.opportunities", "Opportunities", "Opportunités", "lines", width=36),
            C("swot.threats", "Threats", "Menaces", "lines", width=36),
        ),
        "SWOT: one line per item in each cell.",
        "SWOT : une ligne par élément dans chaque cellule.",
    ),
    Sheet(
        "axes",
        "Axes",
        "Axes",
        (
            C("segment", "Segment", "Segment"),
            C("id", "Id", "Identifiant"),
            C("name", "Name", "Nom", width=28),
            C("status", "Status", "Statut", choices=_AXIS, words="axis."),
            C("description", "Description", "Description", "markdown", width=40),
            C("objective.kpi", "Objective KPI", "Indicateur de l'objectif"),
            C("objective.baseline", "Objective baseline", "Base de départ", "number"),
            C("objective.target", "Objective target", "Cible de l'objectif", "number"),
            C("objective.due", "Objective due", "Échéance de l'objectif", "date"),
            C("objective.phasing", "Objective phasing", "Phasage de l'objectif", "lines"),
            C("expected_roi", "Expected ROI", "ROI attendu", "number"),
            C("budget", "Budget", "Budget", "number"),
            C("kpis", "KPIs", "Indicateurs", "ids"),
            C("progress", "Progress", "Avancement", "number", computed=True),
            C("decided", "Status after reviews", "Statut après les revues", computed=True),
            C("verdict", "Status (computed)", "État (calculé)", computed=True),
            C("roi", "ROI", "ROI réel", "number", computed=True),
        ),
    ),
    Sheet(
        "actions",
        "Actions",
        "Actions",
        (
            C("id", "Id", "Identifiant"),
            C("title", "What", "Quoi", width=40),
            C("description", "Description", "Description", "markdown", width=40),
            C("segment", "Segment", "Segment"),
            C("axis", "Axis", "Axe"),
            C("owner", "Who", "Qui"),
            C("start", "Start", "Début", "date"),
            C("due", "When (due)", "Quand (échéance)", "date"),
            C(
                "needs",
                "Information needed — from whom",
                "Informations nécessaires — auprès de qui",
                "needs",
                width=40,
            ),
            C("channel", "Channel", "Canal", choices=_CHANNELS, words="channel."),
            C("type", "Type", "Type", choices=_TYPE, words="type."),
            C("budget", "Budget", "Budget", "number"),
            C("spent", "Spent", "Dépensé", "number"),
            C("status", "Status", "Statut", choices=_STATUS, words="action."),
            C("kpis", "KPIs", "Indicateurs", "ids"),
            C("expected.kpi", "Expected: KPI", "Contribution : indicateur"),
            C("expected.value", "Expected: value", "Contribution : valeur", "number"),
            C("raci.responsible", "Responsible", "Réalise (R)", "ids"),
            C("raci.accountable", "Accountable", "Approuve (A)", "ids"),
            C("raci.consulted", "Consulted", "Consulté (C)", "ids"),
            C("raci.informed", "Informed", "Informé (I)", "ids"),
            C("tags", "Tags", "Étiquettes", "lines"),
            C("notes", "Notes", "Notes", "markdown", width=30),
            C("late", "Late (computed)", "En retard (calculé)", computed=True),
        ),
        "The 5Q: what, who, when, information needed and from whom (one per line: 'info — from').",
        "Les 5Q : quoi, qui, quand, informations nécessaires et auprès de qui (une par ligne : "
        "« info — auprès de »).",
    ),
    Sheet(
        "budget",
        "Budget",
        "Budget",
        (
            C("category", "Line", "Ligne", width=30),
            C("amount", "Amount", "Montant", "number"),
            C("segment", "Segment", "Segment"),
            C("axis", "Axis", "Axe"),
            C("channel", "Channel", "Canal", choices=_CHANNELS, words="channel."),
            C("kpi", "KPI", "Indicateur"),
            C("expected_roi", "Expected ROI", "ROI attendu", "number"),
            C("spent", "Spent (computed)", "Dépensé (calculé)", "number", computed=True),
        ),
    ),
    Sheet(
        "reviews",
        "Reviews",
        "Revues",
        (
            C("date", "Date", "Date", "date"),
            C("kind", "Kind", "Type", choices=("monthly", "quarterly"), words="review.kind."),
            C("title", "Title", "Titre"),
            C("attendees", "Attendees", "Participants", "lines", width=28),
            C(
                "decisions",
                "Decisions (axis: decision — reason)",
                "Décisions (axe : décision — raison)",
                "decisions",
                width=44,
            ),
            C("corrective_actions", "Corrective actions", "Actions correctives", "ids"),
            C("lessons", "Lessons learned", "Enseignements", "lines", width=40),
            C("notes", "Notes", "Notes", "markdown", width=30),
        ),
    ),
    Sheet(
        "results",
        "Results",
        "Résultats",
        (
            C("date", "Date", "Date", "date"),
            C("kpi", "KPI", "Indicateur"),
            C("value", "Value", "Valeur", "number"),
            C("segment", "Segment", "Segment"),
            C("axis", "Axis", "Axe"),
            C("action", "Action", "Action"),
            C("note", "Note", "Note", width=30),
        ),
        "One row per result, as the long-format CSV: date, KPI, value.",
        "Une ligne par résultat, comme le CSV au format long : date, indicateur, valeur.",
    ),
)
