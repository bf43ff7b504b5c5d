"""Desk widgets that screen readers can name."""

from django.contrib.admin.widgets import AdminSplitDateTime


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each with its own label rather than bare text."""

    template_name = "newsroom/widgets/split_datetime.html"
