"""Desk widgets that screen readers can name."""

from django.contrib.admin.widgets import AdminSplitDateTime


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time inputs, each with its own label rather than bare text."""

    # In the app, where the form renderer looks for widget templates.
    template_name = "articles/widgets/labelled_split_datetime.html"
