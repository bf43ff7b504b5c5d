from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = "Content API"

    def ready(self):
        from api.views import QUERY_PARAMETERS
        from pagecache.middleware import read_parameters

        read_parameters("/api/", QUERY_PARAMETERS)
