from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom import views

admin.site.site_header = f"{settings.NEWSROOM_NAME} desk"
admin.site.site_title = f"{settings.NEWSROOM_NAME} desk"
admin.site.index_title = "The desk"

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("articles.urls")),
    path("", include("organizations.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
