"""The article form: its widgets, tag lengths, and the version it was opened at."""

from dal_select2_taggit.widgets import TaggitSelect2
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import Tag

from articles.models import Article


class ArticleAdminForm(forms.ModelForm):
    """The article form, with the version it was opened at to catch conflicting saves."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    # Off for restores (`is_restore`): writing back a revision is not an edit of what was open.
    check_conflicts = True

    class Meta:
        model = Article
        # The admin's fieldsets decide which fields the form shows.
        fields = ["tags"]
        widgets = {
            "headline": forms.TextInput(attrs={"class": "vLargeTextField", "size": 90}),
            "dek": forms.Textarea(attrs={"rows": 2, "cols": 90}),
            "tags": TaggitSelect2(
                "admin:articles_article_tag_autocomplete",
                attrs={"data-placeholder": "Type a tag and press Enter", "style": "width:40em"},
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_version"].initial = self.instance.version

    def clean_tags(self):
        tags = self.cleaned_data["tags"]
        longest = Tag._meta.get_field("name").max_length
        too_long = [tag for tag in tags if len(tag) > longest]
        if too_long:
            raise forms.ValidationError(
                [
                    forms.ValidationError(
                        "“%(start)s…” is %(length)d characters long; a tag can have at most "
                        "%(longest)d. Shorten it.",
                        code="tag_too_long",
                        params={"start": tag[:40], "length": len(tag), "longest": longest},
                    )
                    for tag in too_long
                ]
            )
        return tags

    def clean(self):
        cleaned_data = super().clean()
        article = self.instance
        if not (article.pk and self.check_conflicts):
            return cleaned_data
        opened = cleaned_data.get("opened_version")
        if opened is not None and opened != article.version:
            who = article.updated_by.get_username() if article.updated_by else "someone"
            when = date_format(timezone.localtime(article.updated_at), "DATETIME_FORMAT")
            raise forms.ValidationError(
                f"This article was changed by {who} at {when} since you opened it. "
                "Nothing has been saved: copy what you need from this form, then reload "
                "the page to edit the latest version.",
                code="conflict",
            )
        if opened is not None:
            # The UPDATE only matches the row while it is still at this version.
            article.version = opened
        return cleaned_data
