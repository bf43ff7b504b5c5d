from django.urls import path

from articles import feeds, preview, views

app_name = "articles"

urlpatterns = [
    path("articles/", views.ArchiveView.as_view(), name="archive"),
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tags/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("preview/<str:token>/", preview.preview_view, name="preview"),
    path("feed/", feeds.LatestFeed(), name="feed"),
    path("feed/atom/", feeds.LatestAtomFeed(), name="feed-atom"),
    path("sections/<slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("tags/<slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("organizations/<slug:slug>/feed/", feeds.OrganizationFeed(), name="organization-feed"),
]
