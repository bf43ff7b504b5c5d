from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"

    def ready(self):
        from organizations import caching

        # Profiles, the directory and every story's "In this story" show them.
        caching.register()
