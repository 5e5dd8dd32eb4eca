"""Read plans and results from files into the model, keeping where everything was typed."""

from .diagnostics import Code, Diagnostic, PlanError, Position, format_path
from .lint import LINT_CODES, LintLevel, LintLevels, lint_plan
from .plans import LoadedPlan, PlanSource, discover_plans, load_plan
from .yamlsource import Limits, SourceError, SourceMap, read_yaml, read_yaml_text

__all__ = [
    "LINT_CODES",
    "Code",
    "Diagnostic",
    "Limits",
    "LintLevel",
    "LintLevels",
    "LoadedPlan",
    "PlanError",
    "PlanSource",
    "Position",
    "SourceError",
    "SourceMap",
    "discover_plans",
    "format_path",
    "lint_plan",
    "load_plan",
    "read_yaml",
    "read_yaml_text",
]
