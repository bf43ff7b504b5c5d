from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from articles import caching, restoring
        from articles.models import cites_organization, cites_person
        from organizations import visibility
        from organizations.models import Organization, Person

        restoring.connect()
        # A published story makes the names it cites public (organizations.visibility).
        visibility.register_citation(Organization, cites_organization)
        visibility.register_citation(Person, cites_person)
        # The page cache's tags of what readers see of stories; a scheduled
        # story goes public at its time with no save.
        caching.register()
