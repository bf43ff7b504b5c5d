from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("articles/<slug:slug>/", views.ArticleDetailView.as_view(), name="detail"),
    path("sections/<slug:slug>/", views.SectionView.as_view(), name="section"),
]
