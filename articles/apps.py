from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"

    def ready(self):
        from taggit.models import Tag, TaggedItem

        from articles import restoring
        from articles.models import Article, cites_organization, cites_person
        from organizations import visibility
        from organizations.models import Organization, Person
        from pagecache import versions

        restoring.connect()
        # A published story makes the names it cites public (organizations.visibility).
        visibility.register_citation(Organization, cites_organization)
        visibility.register_citation(Person, cites_person)
        # Readers see every article model and the tags; a scheduled story goes
        # public at its time with no save.
        versions.watch(*self.get_models(), Tag, TaggedItem)
        versions.schedule(
            lambda: Article.objects.scheduled().values_list("published_at", flat=True).first()
        )
