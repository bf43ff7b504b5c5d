"""
`DeskFormMixin`: a ModelAdmin's change form that keeps the editor's typing
and says who else is editing.

- Autosave: the page posts the form to `…/autosave/` while the editor types
  and when they leave; a successful save discards what was kept.
- Restore: opening the form while something is kept offers it; `?restore=1`
  shows the form bound to it, unchecked, and saves nothing.
- Presence: opening the form and the page's heartbeat (`…/presence/`) mark
  the editor present; the form and the heartbeat's answer name the others.

The endpoints check the same permissions as the form: changing the object
(or adding one, for a new object's form).
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.forms.utils import ErrorDict
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format

from desk import autosave, presence

# How often the page autosaves while the editor types, and beats, in seconds.
AUTOSAVE_SECONDS = 4
HEARTBEAT_SECONDS = 20


def restored(form_class, data):
    """The form class, bound to `data` when built unbound, and never checked."""

    class RestoredForm(form_class):
        def __init__(self, *args, **kwargs):
            if not args and kwargs.get("data") is None:
                kwargs["data"] = data
                kwargs.pop("initial", None)
            super().__init__(*args, **kwargs)

        def full_clean(self):
            # What was typed is shown as typed, without "this field is required".
            self._errors = ErrorDict()
            self.cleaned_data = {}

    RestoredForm.__name__ = form_class.__name__
    return RestoredForm


def restored_formset(formset_class):
    """The inline formset class, its rows shown as typed and never checked."""

    class RestoredFormSet(formset_class):
        def full_clean(self):
            self._errors = []
            self._non_form_errors = self.error_class()

        def _construct_form(self, i, **kwargs):
            form = super()._construct_form(i, **kwargs)
            form._errors = ErrorDict()
            form.cleaned_data = {}
            return form

    RestoredFormSet.__name__ = formset_class.__name__
    return RestoredFormSet


def wants_json(request):
    return "application/json" in request.headers.get("Accept", "")


def moment(value):
    return date_format(timezone.localtime(value), "DATETIME_FORMAT")


class DeskFormMixin:
    def _desk_url(self, name, object_id=None):
        opts = self.opts
        view = f"admin:{opts.app_label}_{opts.model_name}_{name}"
        return reverse(view, args=[] if object_id is None else [object_id])

    def get_urls(self):
        opts = self.opts
        prefix = f"{opts.app_label}_{opts.model_name}"
        keep = self.admin_site.admin_view(self.autosave_view)
        beat = self.admin_site.admin_view(self.presence_view)
        return [
            path("add/autosave/", keep, name=f"{prefix}_autosave_new"),
            path("<path:object_id>/autosave/", keep, name=f"{prefix}_autosave"),
            path("<path:object_id>/presence/", beat, name=f"{prefix}_presence"),
            *super().get_urls(),
        ]

    def _editable(self, request, object_id):
        """The object whose form this is (None for a new one), if the user may edit it."""
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
            return None
        if not self.has_change_permission(request):
            raise PermissionDenied
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            raise Http404("No such object.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        return obj

    # Autosave.

    def opened_version(self, request):
        """The version of the object the posted form was opened at, if the model keeps one."""
        value = request.POST.get("opened_version", "")
        return int(value) if value.isdigit() else None

    def autosave_view(self, request, object_id=None):
        obj = self._editable(request, object_id)
        if request.method != "POST":
            return JsonResponse({"error": "POST the form's fields."}, status=405)
        pk = None if obj is None else obj.pk
        if request.POST.get("_discard"):
            autosave.discard(request.user, self.model, pk)
            if wants_json(request):
                return JsonResponse({"discarded": True})
            # The banner's button, sent without the page's script: back to the form.
            return HttpResponseRedirect(
                self._desk_url("add") if pk is None else self._desk_url("change", pk)
            )
        kept = autosave.keep(
            request.user,
            self.model,
            pk,
            autosave.fields_of(request.POST),
            opened_version=self.opened_version(request),
        )
        return JsonResponse(
            {
                "saved_at": kept.saved_at.isoformat(),
                "label": f"Draft kept {date_format(timezone.localtime(kept.saved_at), 'H:i')}",
            }
        )

    def _restoring(self, request):
        return getattr(request, "desk_restore", None)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        kept = self._restoring(request)
        if kept is None or request.method != "GET":
            return form
        return restored(form, autosave.as_data(kept))

    def get_formsets_with_inlines(self, request, obj=None):
        kept = self._restoring(request)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if kept is not None and request.method == "GET":
                formset = restored_formset(formset)
            yield formset, inline

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        kept = self._restoring(request)
        if kept is not None and request.method == "GET":
            data = autosave.as_data(kept)
            # Rows kept without their formset's counts cannot be read back: the saved rows show.
            if f"{prefix}-TOTAL_FORMS" in data:
                kwargs["data"] = data
        return kwargs

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "GET":
            self._open(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _open(self, request, object_id):
        """The editor opens the form: mark them present, restore their typing if asked."""
        pk = None
        if object_id is not None:
            obj = self.get_object(request, unquote(object_id))
            if obj is None or not self.has_change_permission(request, obj):
                return  # The admin answers this one.
            pk = obj.pk
            presence.arrive(request.user, self.model, pk)
        kept = autosave.pending(request.user, self.model, pk)
        if kept is not None and request.GET.get("restore"):
            request.desk_restore = kept
            self.message_user(
                request,
                f"Restored what you typed at {moment(kept.saved_at)}. "
                "Nothing is saved until you save.",
                messages.INFO,
            )

    def desk_context(self, request, obj):
        """What the form's page needs for autosave and presence."""
        pk = None if obj is None or obj.pk is None else obj.pk
        kept = None
        if request.method == "GET" and self._restoring(request) is None:
            kept = autosave.pending(request.user, self.model, pk)
        return {
            "autosave_url": self._desk_url("autosave_new")
            if pk is None
            else self._desk_url("autosave", pk),
            "presence_url": None if pk is None else self._desk_url("presence", pk),
            "autosave_seconds": AUTOSAVE_SECONDS,
            "heartbeat_seconds": HEARTBEAT_SECONDS,
            "kept": kept,
            "kept_is_older": kept is not None
            and getattr(obj, "updated_at", None) is not None
            and kept.saved_at < obj.updated_at,
            "others": [] if pk is None else presence.others(request.user, self.model, pk),
        }

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["desk"] = self.desk_context(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def response_add(self, request, obj, post_url_continue=None):
        # Saved: the typing kept for the new object's form is in it now.
        autosave.discard(request.user, self.model, None)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        autosave.discard(request.user, self.model, obj.pk)
        return super().response_change(request, obj)

    # Presence.

    def presence_view(self, request, object_id):
        obj = self._editable(request, object_id)
        if request.method != "POST":
            return JsonResponse({"error": "POST to say the page is open."}, status=405)
        if request.POST.get("leave"):
            presence.leave(request.user, self.model, obj.pk)
            return JsonResponse({"others": []})
        presence.arrive(request.user, self.model, obj.pk)
        others = presence.others(request.user, self.model, obj.pk)
        return JsonResponse(
            {
                "others": [
                    {
                        "name": session.user.get_full_name() or session.user.get_username(),
                        "since": session.started_at.isoformat(),
                        "since_label": moment(session.started_at),
                    }
                    for session in others
                ]
            }
        )
