"""
Dates known only roughly, as journalism reports them ("since fall 2021").

A partial date is stored as a real `DateField` (the first day of the period,
so lists sort and filter correctly) plus a precision saying how much of it
is known. Only the known part is ever shown.
"""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import pgettext, pgettext_lazy


class DatePrecision(models.TextChoices):
    YEAR = "year", "Year"
    SEASON = "season", "Season"
    MONTH = "month", "Month"
    DAY = "day", "Day"


WINTER = pgettext_lazy("season of a year: winter 2021", "winter")
SPRING = pgettext_lazy("season of a year: spring 2021", "spring")
SUMMER = pgettext_lazy("season of a year: summer 2021", "summer")
FALL = pgettext_lazy("season of a year: fall 2021", "fall")
# Northern-hemisphere seasons by the month that starts them.
SEASON_BY_MONTH = {
    12: WINTER,
    1: WINTER,
    2: WINTER,
    3: SPRING,
    4: SPRING,
    5: SPRING,
    6: SUMMER,
    7: SUMMER,
    8: SUMMER,
    9: FALL,
    10: FALL,
    11: FALL,
}


def format_partial_date(value, precision):
    """'2021', 'fall 2021', 'September 2021' or 'September 1, 2021', in the page's language."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.SEASON:
        year = value.year + 1 if value.month == 12 else value.year
        return pgettext("a season and its year", "%(season)s %(year)s") % {
            "season": SEASON_BY_MONTH[value.month],
            "year": year,
        }
    if precision == DatePrecision.MONTH:
        return format_date(value, pgettext("month and year format", "F Y"))
    return format_date(value, pgettext("date format", "F j, Y"))


def has_ended(until, until_precision, today=None):
    """True once the last day `until` can mean is past: a relationship that has ended."""
    today = today or timezone.localdate()
    return until is not None and period_end(until, until_precision) < today


def period_end(value, precision):
    """The last day a partial date can mean: “2020” lasts until December 31, 2020."""
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 12, 31)
    months = {DatePrecision.SEASON: 3, DatePrecision.MONTH: 1}.get(precision)
    if months is None:
        return value
    years, month = divmod(value.month - 1 + months, 12)
    return datetime.date(value.year + years, month + 1, 1) - datetime.timedelta(days=1)
