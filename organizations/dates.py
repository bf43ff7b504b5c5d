"""
Dates known only roughly, as journalism reports them ("since fall 2021").

A partial date is stored as a real `DateField` (the first day of the period,
so lists sort and filter correctly) plus a precision saying how much of it
is known. Only the known part is ever shown.
"""

from django.db import models
from django.utils.dateformat import format as format_date


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    SEASON = "season", "Season"
    MONTH = "month", "Month"
    DAY = "day", "Day"


# Northern-hemisphere seasons by the month that starts them.
SEASON_BY_MONTH = {
    12: "winter",
    1: "winter",
    2: "winter",
    3: "spring",
    4: "spring",
    5: "spring",
    6: "summer",
    7: "summer",
    8: "summer",
    9: "fall",
    10: "fall",
    11: "fall",
}


def format_partial_date(value, precision):
    """'2021', 'fall 2021', 'September 2021' or 'September 1, 2021'."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.SEASON:
        year = value.year + 1 if value.month == 12 else value.year
        return f"{SEASON_BY_MONTH[value.month]} {year}"
    if precision == DatePrecision.MONTH:
        return format_date(value, "F Y")
    return format_date(value, "F j, Y")
