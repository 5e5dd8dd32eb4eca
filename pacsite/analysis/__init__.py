"""Where a plan stands: progress, trajectories, roll-ups, ROI and alerts. No MkDocs here."""

from .alerts import Alert, AlertKind
from .plan import (
    AxisState,
    KpiState,
    ObjectiveState,
    PlanAnalysis,
    SegmentState,
    analyse,
    build_date,
)
from .progress import Progress, Status, Thresholds, assess
from .rollup import ActionState, Rollup, is_monetary
from .series import Point, Scope, bucket_of, series

__all__ = [
    "ActionState",
    "Alert",
    "AlertKind",
    "AxisState",
    "KpiState",
    "ObjectiveState",
    "PlanAnalysis",
    "Point",
    "Progress",
    "Rollup",
    "Scope",
    "SegmentState",
    "Status",
    "Thresholds",
    "analyse",
    "assess",
    "bucket_of",
    "build_date",
    "is_monetary",
    "series",
]
