"""Where a plan stands: progress, trajectories, roll-ups, ROI and alerts. No MkDocs here."""

from .axis import AxisState
from .budget import BudgetState
from .calendar import CalendarEntry, MonthAgenda, agenda, calendar_entries
from .kpi import KpiState
from .objective import ObjectiveState
from .plan import PlanAnalysis, analyse, build_date
from .progress import Progress, assess
from .rollup import ActionState, Rollup, is_monetary
from .rules import Alert, AlertKind, Where
from .segment import SegmentState
from .series import Point, Scope, bucket_of, series
from .verdicts import Status, Thresholds, worst

__all__ = [
    "ActionState",
    "Alert",
    "AlertKind",
    "AxisState",
    "BudgetState",
    "CalendarEntry",
    "KpiState",
    "MonthAgenda",
    "ObjectiveState",
    "PlanAnalysis",
    "Point",
    "Progress",
    "Rollup",
    "Scope",
    "SegmentState",
    "Status",
    "Thresholds",
    "Where",
    "agenda",
    "analyse",
    "assess",
    "bucket_of",
    "build_date",
    "calendar_entries",
    "is_monetary",
    "series",
    "worst",
]
