from django.urls import path

from organizations import views

app_name = "organizations"

urlpatterns = [
    path("organizations/<slug:slug>/", views.OrganizationDetailView.as_view(), name="detail"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person"),
]
