"""
The desk's "Import story" page: paste text or upload a file (.txt, .html,
.htm, .docx or .eml), check what was recognized, save a draft.

Two steps, no session: "Preview" parses the text and shows the review
screen, which carries the text in a hidden field with a checkbox per
recognized item and each quote's speaker, title and organization in fields
the editor may correct; "Save draft" parses the same text again and saves
it with the items still ticked and the corrections made (or, if a
correction cannot be saved, shows the review again as the editor left it).
This app's `ArticleAdmin` (the articles app's, with an "Import story"
button and page) mounts `import_story_view`.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.validators import FileExtensionValidator
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from articles.admin import ArticleAdmin as DeskArticleAdmin
from articles.models import Article, Section
from importing import corrections, drafting
from importing.formats import EXTENSIONS, MIME_TYPES, read_story_file
from importing.reading import StoryImportError, check_size, check_text, max_bytes


class ImportStoryForm(forms.Form):
    text = forms.CharField(
        label="Story text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 90, "class": "vLargeTextField"}),
        help_text="The headline on the first line, then the story as it ran.",
    )
    file = forms.FileField(
        label="Or a file",
        required=False,
        validators=[
            FileExtensionValidator(
                list(EXTENSIONS), "Choose a .txt, .html, .htm, .docx or .eml file."
            )
        ],
        widget=forms.FileInput(
            attrs={"accept": ",".join([*(f".{ext}" for ext in EXTENSIONS), *MIME_TYPES])}
        ),
        help_text=(
            "Plain text (.txt), a web page saved from the browser (.html, .htm), a Word "
            "document (.docx) or an email (.eml)."
        ),
    )
    section = forms.ModelChoiceField(
        queryset=Section.objects.all(),
        required=False,
        empty_label="News (or the first section)",
        help_text="Where the draft goes; it can be moved before publishing.",
    )

    def clean(self):
        cleaned_data = super().clean()
        upload, text = cleaned_data.get("file"), cleaned_data.get("text") or ""
        if self.has_error("file"):
            return cleaned_data
        limit = max_bytes()
        try:
            if upload is not None and text.strip():
                raise forms.ValidationError(
                    "Paste the text or choose a file, not both.", code="both"
                )
            if upload is not None:
                check_size(upload.size, limit)
                cleaned_data["story_text"] = read_story_file(upload.name, upload.read(), limit)
            elif text.strip():
                if len(text.encode("utf-8")) > limit:
                    raise StoryImportError(
                        f"The text is longer than {limit:,} bytes, the most one import takes."
                    )
                cleaned_data["story_text"] = check_text(text)
            else:
                raise forms.ValidationError("Paste the story or choose a file.", code="required")
        except StoryImportError as error:
            raise forms.ValidationError(str(error), code="unreadable") from error
        return cleaned_data


def _correction_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=corrections.MAX_LENGTH,
        error_messages={
            "max_length": "At most %(limit_value)d characters (this has %(show_value)d): "
            "shorten it."
        },
        # autocomplete off: not the browser's guess at the editor's own name or employer.
        widget=forms.TextInput(
            attrs={"class": "vTextField import-correction", "autocomplete": "off"}
        ),
    )


class QuoteCorrectionForm(forms.Form):
    """One quote's attribution on the review screen, as recognized or as the editor corrects it."""

    speaker = _correction_field("Speaker")
    title = _correction_field("Title")
    organization = _correction_field("Organization")


def correction_forms(review, data=None):
    """
    One `QuoteCorrectionForm` per quote of `review`, prefixed with its key
    ("quote-0-speaker"), bound to `data` (the posted review) if given.
    """
    forms_ = []
    for match in review.quotes:
        shown = corrections.shown(match)
        form = QuoteCorrectionForm(prefix=match.key, initial=shown)
        if data is not None:
            # A field a post lacks (one not made by the review screen) counts as left as shown.
            names = {name: form.add_prefix(name) for name in corrections.FIELDS}
            bound = {names[name]: data.get(names[name], shown[name]) for name in names}
            form = QuoteCorrectionForm(bound, prefix=match.key, initial=shown)
        forms_.append(form)
    return forms_


class DraftLanguageForm(forms.Form):
    """The draft's language on the review screen: the detected one unless the editor changes it."""

    language = forms.ChoiceField(
        label="Language",
        choices=settings.LANGUAGES,
        widget=forms.Select(attrs={"aria-describedby": "language-help"}),
    )


def language_form(review, data=None):
    """A `DraftLanguageForm` showing the detected language, bound to `data` if given."""
    detected = {"language": review.story.language}
    if data is None:
        return DraftLanguageForm(initial=detected)
    # A post without the field (not made by the review screen) keeps the detected language.
    return DraftLanguageForm({"language": data.get("language", detected["language"])})


def _review_context(model_admin, request, form, review, quote_forms, language, posted=None):
    """The review screen's context; `posted` is the review form as sent back, to show it again."""
    can_create = request.user.has_perm("organizations.add_organization")
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Review the imported story",
        "form": form,
        "review": review,
        "story": review.story,
        "marked": review.highlighted(),
        "text": form.cleaned_data["story_text"],
        "section": form.cleaned_data.get("section"),
        "can_create_organizations": can_create,
        "can_add_people": request.user.has_perm("organizations.add_person"),
        "quote_rows": list(zip(review.quotes, quote_forms, strict=True)),
        "language_form": language,
        "detected_language": dict(settings.LANGUAGES).get(review.story.language, ""),
        "correction_errors": sum(len(f.errors) for f in (*quote_forms, language) if f.is_bound),
        # Every recognized item starts ticked, every proposal unticked.
        "kept": review.match_keys if posted is None else set(posted.getlist("keep")),
        "created": set() if posted is None else set(posted.getlist("create")),
        "duplicate_url": (
            reverse("admin:articles_article_change", args=[review.duplicate.pk])
            if review.duplicate
            else ""
        ),
    }


# Fields the review form posts besides one checkbox per recognized item and
# proposal and each quote's corrections: the CSRF token, the text, the
# section, the draft's language, the action and the marker (and room to spare).
REVIEW_OTHER_FIELDS = 10


def review_capacity():
    """How many fields one review can post back (DATA_UPLOAD_MAX_NUMBER_FIELDS), or None."""
    limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    return None if limit is None else limit - REVIEW_OTHER_FIELDS


def review_fields(review):
    """How many fields the review of `review` posts for its items, every box ticked."""
    items = len(review.match_keys) + len(review.proposals)
    return items + len(corrections.FIELDS) * len(review.quotes)


def check_reviewable(review):
    """Refuse a story with more to review than one review form can send back."""
    fields = review_fields(review)
    capacity = review_capacity()
    if capacity is not None and fields > capacity:
        quotes = len(review.quotes)
        others = len(review.match_keys) + len(review.proposals) - quotes
        parts = -(-fields // capacity)
        per_quote = len(corrections.FIELDS)
        raise StoryImportError(
            f"This text has {quotes:,} quotes and {others:,} names and organizations to "
            f"review, {fields:,} boxes and fields in all (a box and {per_quote} fields a "
            f"quote); one review takes at most {capacity:,}. Split it into {parts} or more "
            "parts (at paragraph breaks) and import each part."
        )


def import_story_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ImportStoryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            review = drafting.review_story(form.cleaned_data["story_text"])
            check_reviewable(review)
        except StoryImportError as error:
            form.add_error(None, str(error))
        else:
            saving = request.POST.get("action") == "save" and request.POST.get("reviewed")
            posted = request.POST if saving else None
            quote_forms = correction_forms(review, posted)
            language = language_form(review, posted)
            valid = all(f.is_valid() for f in (*quote_forms, language))
            if saving and review.duplicate is None and valid:
                return _save_reviewed(model_admin, request, form, review, quote_forms, language)
            # A preview, or a review to look at again, as the editor left it.
            return TemplateResponse(
                request,
                "importing/review.html",
                _review_context(model_admin, request, form, review, quote_forms, language, posted),
            )
    elif request.method != "POST":
        form = ImportStoryForm(initial={"section": Section.objects.filter(slug="news").first()})
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Import a story from text",
        "form": form,
        "max_bytes": max_bytes(),
    }
    return TemplateResponse(request, "importing/import_story.html", context)


def _save_reviewed(model_admin, request, form, review, quote_forms, language):
    create = request.POST.getlist("create")
    add_organizations = request.user.has_perm("organizations.add_organization")
    if not add_organizations:
        create = []
    try:
        saved = drafting.save_draft(
            review,
            section=form.cleaned_data.get("section"),
            user=request.user,
            keep=request.POST.getlist("keep"),
            create=create,
            add_people=request.user.has_perm("organizations.add_person"),
            add_organizations=add_organizations,
            corrections={
                match.key: quote_form.cleaned_data
                for match, quote_form in zip(review.quotes, quote_forms, strict=True)
            },
            language=language.cleaned_data["language"],
        )
    except drafting.DuplicateImport as error:
        model_admin.message_user(request, str(error), messages.ERROR)
        return HttpResponseRedirect(
            reverse("admin:articles_article_change", args=[error.article.pk])
        )
    article = saved.article
    model_admin.message_user(
        request,
        format_html(
            "Draft “{}” imported. Check it, then submit it for review or publish it.",
            article.headline,
        ),
        messages.SUCCESS,
    )
    if saved.new_people:
        model_admin.message_user(
            request,
            "New people, flagged for review in the directory: "
            + ", ".join(person.name for person in saved.new_people)
            + ".",
            messages.WARNING,
        )
    if saved.new_organizations:
        model_admin.message_user(
            request,
            "New organizations, flagged for review in the directory: "
            + ", ".join(organization.name for organization in saved.new_organizations)
            + ".",
            messages.WARNING,
        )
    return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))


admin.site.unregister(Article)


@admin.register(Article)
class ArticleAdmin(DeskArticleAdmin):
    """The desk's articles, with "Import story" beside "Add article"."""

    change_list_template = "importing/article_change_list.html"

    def get_urls(self):
        import_story = self.admin_site.admin_view(self.import_story_view)
        return [
            path("import/", import_story, name="articles_article_import"),
            *super().get_urls(),
        ]

    def import_story_view(self, request):
        """Paste a story or upload its file, review what was recognized, save a draft."""
        return import_story_view(self, request)
