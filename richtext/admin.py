"""What desk pages with a rich-text editor need."""

from js_asset import Media


class NonceMediaMixin:
    """For a ModelAdmin whose forms use the rich-text editor (it needs an inline import map)."""

    def render_change_form(self, request, context, *args, **kwargs):
        if "media" in context:
            context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, *args, **kwargs)
