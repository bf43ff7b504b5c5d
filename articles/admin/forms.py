"""The article form: its widgets, tag lengths, and the version it was opened at."""

from dal_select2_taggit.widgets import TaggitSelect2
from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from taggit.models import Tag

from articles.admin import merging
from articles.checks import blocking, checklist, refusal
from articles.models import Article
from images.pending import KeepsChosenImages
from organizations.models import Organization, Person


def submitted_rows(data, prefix, *fields):
    """
    The rows an inline of this form was posted with, not marked for deletion:
    [{field: value}] (the inlines' own formsets save them; the checklist needs
    them before that).
    """
    try:
        total = min(int(data.get(f"{prefix}-TOTAL_FORMS", 0)), 1000)
    except ValueError:
        return []
    rows = []
    for index in range(total):
        if data.get(f"{prefix}-{index}-DELETE"):
            continue
        row = {field: data.get(f"{prefix}-{index}-{field}", "") for field in fields}
        if any(row.values()):
            rows.append(row)
    return rows


def _objects(model, pks):
    pks = [pk for pk in pks if str(pk).isdigit()]
    return list(model.objects.filter(pk__in=pks)) if pks else []


class ArticleAdminForm(KeepsChosenImages, forms.ModelForm):
    """The article form, with the version it was opened at to catch conflicting saves."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # A lead image chosen before the form came back with an error (`images.pending`).
    keeps_images = ("lead_image",)
    lead_image_pending = forms.CharField(widget=forms.HiddenInput, required=False)

    # Off for restores (`is_restore`): writing back a revision is not an edit of what was open.
    check_conflicts = True
    # After a stale form's save: what was merged (`merging.Merge`), or the clashes refused.
    merged = None
    clashes = ()

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
        if "language" in self.fields:
            # Left out (an older form, a script), the story keeps its language.
            self.fields["language"].required = False

    def _check_before_publishing(self, cleaned_data):
        """
        Refuse to publish or schedule a story the checklist blocks (`articles.checks`),
        with the bylines and quotes posted beside the form.
        """
        status = cleaned_data.get("status", self.instance.status)
        going_out = status == Article.Status.PUBLISHED and (
            self.instance.as_loaded.get("status") != Article.Status.PUBLISHED
        )
        if not going_out:
            return
        bylines = submitted_rows(self.data, "bylines", "person")
        quotes = submitted_rows(self.data, "quotes", "speaker", "speaker_organization")
        lead_image = cleaned_data.get("lead_image", self.instance.lead_image)
        problems = blocking(
            checklist(
                headline=cleaned_data.get("headline", ""),
                seo_title=cleaned_data.get("seo_title", ""),
                dek=cleaned_data.get("dek", ""),
                body=cleaned_data.get("body", ""),
                bylines=_objects(Person, [row["person"] for row in bylines]),
                has_lead_image=bool(lead_image),
                lead_image_alt=cleaned_data.get("lead_image_alt", ""),
                people=[
                    *cleaned_data.get("people", []),
                    *_objects(Person, [row["speaker"] for row in quotes]),
                ],
                organizations=[
                    *cleaned_data.get("organizations", []),
                    *_objects(Organization, [row["speaker_organization"] for row in quotes]),
                ],
            )
        )
        if problems:
            raise forms.ValidationError(refusal(problems), code="checklist")

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

    def _apply_publishing_buttons(self, cleaned_data):
        """
        The publishing panel's buttons: “Publish now” publishes at this moment,
        “Schedule” publishes at the time chosen, which must be ahead.
        """
        if "status" not in self.fields:
            return  # Contributors neither publish nor schedule.
        if self.data.get("_publish"):
            cleaned_data["status"] = Article.Status.PUBLISHED
            cleaned_data["published_at"] = timezone.now()
        elif self.data.get("_schedule"):
            when = cleaned_data.get("published_at")
            if when is None or when <= timezone.now():
                self.add_error(
                    "published_at", "Choose a date and time ahead to schedule the story for."
                )
            else:
                cleaned_data["status"] = Article.Status.PUBLISHED

    def _check_conflicts(self, cleaned_data):
        """
        A form opened before someone else's save is merged with it, or refused
        with both versions side by side when both changed the same field
        (`articles.admin.merging`).
        """
        article = self.instance
        opened = cleaned_data.get("opened_version")
        if not (article.pk and self.check_conflicts) or opened is None:
            return
        if opened != article.version:
            merged = merging.merge(self, article, opened, cleaned_data)
            if merged is None or merged.clashes:
                self._refuse_conflict(article, merged)
            self.merged = merged
        # The save's UPDATE matches the row only while it is still at the
        # version loaded (and merged with) here; a save in between is refused.

    def _refuse_conflict(self, article, merged):
        when = date_format(timezone.localtime(article.updated_at), "DATETIME_FORMAT")
        if merged is None:
            who = article.updated_by.get_username() if article.updated_by else "someone"
            raise forms.ValidationError(
                f"This article was changed by {who} at {when} since you opened it. "
                "Nothing has been saved: copy what you need from this form, then reload "
                "the page to edit the latest version.",
                code="conflict",
            )
        self.clashes = merged.clashes
        # Saving again, after choosing between the versions, saves what the form holds.
        self.data = self.data.copy()
        self.data["opened_version"] = str(article.version)
        fields = ", ".join(clash.label for clash in merged.clashes)
        raise forms.ValidationError(
            f"This article was changed by {merged.who} at {when} since you opened it, "
            f"in the same fields as you: {fields}. Nothing has been saved. Both versions "
            "are shown below and your text is still in the form: keep what should stay, "
            "then save again.",
            code="conflict",
        )

    def clean_language(self):
        """A story has one version per language: it cannot take a language its group has."""
        article = self.instance
        language = self.cleaned_data["language"] or article.language
        if article.pk and language != article.language:
            taken = article.translations(include_unpublished=True).filter(language=language)
            if taken.exists():
                raise forms.ValidationError(
                    "This story already has a version in that language: “%(headline)s”.",
                    code="translation_exists",
                    params={"headline": taken.first().headline},
                )
        return language

    def clean(self):
        cleaned_data = super().clean()
        self._apply_publishing_buttons(cleaned_data)
        self._check_conflicts(cleaned_data)
        self._check_before_publishing(cleaned_data)
        return cleaned_data
