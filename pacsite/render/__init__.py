"""Turn analysed plans into pages (Markdown/HTML through Jinja), chart specs and texts."""

from .describe import alert_target, describe_alert
from .i18n import Formatter

__all__ = ["Formatter", "alert_target", "describe_alert"]
