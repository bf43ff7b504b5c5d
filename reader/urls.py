from django.urls import path

from reader import health, views

urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
