"""
What readers see of articles, for the page cache's tags (`pagecache.tags`).

Pages are tagged "a<pk>" for each story they show, "s<pk>" for each section,
"t<pk>" for each tag, and "list-articles" when they list published stories
(through `Article.objects.published()`). A change purges:

- a story's own tag when readers can see it before or after the save: a
  draft, a story in review, a scheduled one and every autosave purge
  nothing;
- the lists too when it becomes or stops being public, is re-dated or
  moves section, and when its names or tags change while it is public; the
  directory's lists with it, as a published story makes the names it cites
  public;
- its story's tag for a byline, quote or correction of a public story.

A scheduled story going public at its time purges the lists on the first
request after it, with no job to run. A story's related block is not a
list: a newly published story joins other stories' related blocks when
their cached pages expire (PAGE_CACHE_SECONDS, then CDN_MAX_AGE at the
edge); a story that stops being public is purged from them at once, by its
own tag.
"""

from taggit.models import Tag, TaggedItem

from articles.models import (
    Article,
    Byline,
    Correction,
    Quote,
    Section,
    is_live,
    public_tags,
)
from pagecache import tags

LIST = "list-articles"
# What a story's publication can change beyond the articles' lists.
LISTS = (LIST, "list-organizations", "list-people")


def is_scheduled(status, published_at):
    return status == Article.Status.PUBLISHED and not is_live(status, published_at)


def article_tags(article, event):
    loaded = article.as_loaded
    if is_scheduled(loaded.get("status"), loaded.get("published_at")) or (
        event != "delete" and article.is_scheduled
    ):
        # Scheduled, or no longer: when the next story goes public has changed.
        tags.reschedule()
    was_public = bool(loaded) and is_live_loaded(article)
    now_public = event != "delete" and article.is_published
    if not (was_public or now_public):
        return []
    own = [tags.tag_of(article)]
    if event == "m2m":
        return [*own, *LISTS]
    moved = was_public != now_public or any(
        loaded.get(name) != getattr(article, name) for name in ("published_at", "section_id")
    )
    return [*own, *LISTS] if moved else own


def is_live_loaded(article):
    loaded = article.as_loaded
    return is_live(loaded.get("status"), loaded.get("published_at"))


def part_tags(part, event):
    """
    A byline, quote or correction: its story, when readers can see it, and
    the person and organization named (their pages list what they said or wrote).
    """
    article = part.article
    if not (article.is_published or (article.as_loaded and is_live_loaded(article))):
        return []
    named = [
        f"p{person}"
        for person in (getattr(part, "person_id", None), getattr(part, "speaker_id", None))
    ]
    named.append(f"o{getattr(part, 'speaker_organization_id', None)}")
    return [tags.tag_of(article), *(tag for tag in named if not tag.endswith("None"))]


def purge_story(article):
    """A story written back from a revision (restore, recover): whatever it was, it changed."""
    tags.invalidate(tags.tag_of(article), *LISTS)
    tags.reschedule()


def tagged_item_tags(item, event):
    article = Article.objects.filter(pk=item.object_id).first()
    if article is None or not article.is_published:
        return []
    return [tags.tag_of(article), f"t{item.tag_id}", LIST]


def tag_tags(tag, event):
    """A tag no published story uses is on no page: a new one purges nothing."""
    if event == "delete" or public_tags().filter(pk=tag.pk).exists():
        return [f"t{tag.pk}"]
    return []


def section_tags(section, event):
    return [tags.tag_of(section), "list-sections"]


def register():
    tags.track(Article, "a")
    tags.track(Section, "s", modified=None)
    tags.track(Tag, "t", modified=None)
    tags.watch(Article, article_tags)
    for part in (Byline, Quote, Correction):
        tags.watch(part, part_tags)
    tags.watch(TaggedItem, tagged_item_tags)
    tags.watch(Tag, tag_tags)
    tags.watch(Section, section_tags)
    tags.schedule(
        lambda: Article.objects.scheduled().values_list("published_at", flat=True).first(),
        LISTS,
    )
