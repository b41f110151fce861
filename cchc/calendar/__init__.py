"""Working days, Vietnamese public holidays and recurring deadlines (pure library).

Public API::

    from cchc.calendar import WorkCalendar, CalendarOverrides
    from cchc.calendar import RecurrenceRule, Occurrence, expand
"""

from cchc.calendar.errors import CalendarError
from cchc.calendar.recurrence import (
    Occurrence,
    RecurrenceRule,
    default_calendar,
    expand,
    period_label_vi,
)
from cchc.calendar.workdays import (
    CalendarOverrides,
    WorkCalendar,
    canonical_holiday_name,
)

__all__ = [
    "CalendarError",
    "CalendarOverrides",
    "Occurrence",
    "RecurrenceRule",
    "WorkCalendar",
    "canonical_holiday_name",
    "default_calendar",
    "expand",
    "period_label_vi",
]
