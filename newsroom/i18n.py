"""
The reader's language and the links between a page's languages.

A public page's language is in its address: English at today's URLs, French
under /fr/, Swedish under /sv/ (`i18n_patterns` without a prefix for the
default). `LanguageMiddleware` activates it from the path alone, never from
a cookie or the browser, so one URL always means one page and the page
cache and CDNs need no `Vary: Accept-Language`. The desk, which is never
cached, follows the editor's browser (Accept-Language, or the language
cookie), as Django's admin is translated into French and Swedish.

`languages` gives every page the links of its switcher (`language_links`)
and its `<link rel="alternate" hreflang>` (`alternates`): for most pages the
same page in each language; for a story, the story's own translations,
which a view names as `request.translations` ({language: path}).
"""

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

DESK_PREFIXES = ("/admin/",)


def page_language(path):
    """The language a public page at `path` is in."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


class LanguageMiddleware:
    """Activate the language of the page asked for (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(DESK_PREFIXES):
            language = translation.get_language_from_request(request)
        else:
            language = page_language(request.path_info)
        # For this request only: the thread goes back to the default afterwards.
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


def own_name(code):
    """The language's name in itself: English, Français, Svenska."""
    name = translation.get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def languages(request):
    """`language_links` and `alternates` for the page being rendered."""
    if request.path_info.startswith(DESK_PREFIXES):
        return {}
    current = translation.get_language()
    story = getattr(request, "translations", None)
    links, alternates = [], []
    for code, _name in settings.LANGUAGES:
        if story is not None:
            path = story.get(code)
            if path is None:
                with translation.override(code):
                    home = reverse("home")
                links.append({"code": code, "url": home, "exists": False})
                continue
        else:
            path = translate_url(request.get_full_path(), code)
        links.append({"code": code, "url": path, "exists": True})
        alternates.append({"code": code, "url": request.build_absolute_uri(path)})
    for link in links:
        link.update(name=own_name(link["code"]), current=link["code"] == current)
    default = next((a for a in alternates if a["code"] == settings.LANGUAGE_CODE), None)
    if len(alternates) > 1 and default is not None:
        alternates.append({"code": "x-default", "url": default["url"]})
    else:
        alternates = []  # a page in one language only has no alternates to name
    return {"language_links": links, "alternates": alternates}
