from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views import defaults
from django.views.generic import RedirectView

from api import problems
from articles.sitemaps import NewsSitemapView, sitemaps
from reader import profiles
from reader.views import home
from search.views import SearchView

admin.site.site_header = f"{settings.NEWSROOM_NAME} desk"
admin.site.site_title = f"{settings.NEWSROOM_NAME} desk"
admin.site.index_title = "The desk"

urlpatterns = [
    path("", include("reader.urls")),
    path("api/", include("api.urls")),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("news-sitemap.xml", NewsSitemapView.as_view(), name="news-sitemap"),
    # The audit trail's desk pages moved with it from the project package.
    re_path(
        r"^admin/newsroom/auditevent/(?P<rest>.*)$",
        RedirectView.as_view(url="/admin/audit/auditevent/%(rest)s", query_string=True),
    ),
    path("admin/", admin.site.urls),
]

# The reader's pages in each language: English at today's addresses, French
# under /fr/ and Swedish under /sv/ (newsroom.i18n, docs/languages.md).
urlpatterns += i18n_patterns(
    path("", home, name="home"),
    path("search/", SearchView.as_view(), name="search"),
    path("", include("articles.urls")),
    path("", include((profiles.urlpatterns, "organizations"))),
    prefix_default_language=False,
)


def server_error(request):
    """A 500 as the API speaks it (problem details) under /api/, as a page elsewhere."""
    if request.path.startswith("/api/"):
        return problems.server_error(request)
    return defaults.server_error(request)


handler500 = server_error

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
