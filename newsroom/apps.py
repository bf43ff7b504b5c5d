from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "newsroom"

    def ready(self):
        from newsroom import audit, cache

        audit.connect_role_signals()
        cache.connect_invalidation()
