"""
/api/v1/ (the endpoints), /api/schema/ (the OpenAPI 3 document: YAML, or
JSON with ?format=json) and /api/docs/ (the reference, with "Try it out").
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import maps, problems, views

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("people", views.PersonViewSet, basename="person")
router.register("quotes", views.QuoteViewSet, basename="quote")
router.register("sections", views.SectionViewSet, basename="section")
router.register("tags", views.TagViewSet, basename="tag")

urlpatterns = [
    path("v1/map/", maps.DirectoryMapView.as_view(), name="map"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", title="Newsroom Content API"),
        name="docs",
    ),
    re_path(r"^.*$", problems.not_found),
]
