"""
The editorial workflow: draft → in review → published (now or scheduled) → archived.

Each transition saves a revision (django-reversion) and an audit event, so
the desk can see who did what and when. Who may make which transition is
decided by permissions in the admin: contributors may only submit their own
drafts; editors (``articles.publish_article``) may do everything.
"""

import reversion
from django.utils import timezone
from django.utils.formats import date_format

from articles.checks import article_checklist, blocking
from articles.models import Article, is_live
from audit import trail

Status = Article.Status


def transition_for(before_status, before_published_at, article):
    """
    The audit action a save amounts to, with a message, or None.

    `before_*` are the values when the article was loaded; a new article
    has None for both.
    """
    was_live = is_live(before_status, before_published_at)
    if article.status == Status.PUBLISHED:
        if article.is_scheduled:
            if before_status != Status.PUBLISHED or before_published_at != article.published_at:
                when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
                return "schedule", f"Scheduled for {when}"
            return None
        return None if was_live else ("publish", "Published")
    if article.status == Status.ARCHIVED and before_status != Status.ARCHIVED:
        return "archive", "Archived"
    if article.status == Status.REVIEW and before_status != Status.REVIEW:
        return "submit", "Submitted for review"
    if was_live or before_status == Status.PUBLISHED:
        return "unpublish", f"Unpublished (now {article.get_status_display().lower()})"
    return None


def record_transition(user, before_status, before_published_at, article):
    """Audit the transition a save made, if it made one."""
    transition = transition_for(before_status, before_published_at, article)
    if transition:
        trail.record(user, transition[0], article, transition[1])


def _move(article, user, comment, **changes):
    before = article.status, article.published_at
    for name, value in changes.items():
        setattr(article, name, value)
    article.updated_by = user
    with reversion.create_revision():
        article.save()
        reversion.set_user(user)
        reversion.set_comment(comment)
    record_transition(user, *before, article)
    return article


def submit_for_review(article, user):
    """A draft goes to the editors. Returns False when it is not a draft."""
    if article.status != Status.DRAFT:
        return False
    _move(article, user, "Submitted for review", status=Status.REVIEW)
    return True


def publish_now(article, user):
    """
    Make the article live now (a scheduled one goes live early). Not while
    the pre-publish checklist blocks it (`articles.checks`), the same rule
    as the article form.
    """
    if article.is_published or blocking(article_checklist(article)):
        return False
    _move(article, user, "Published", status=Status.PUBLISHED, published_at=timezone.now())
    return True


def unpublish(article, user):
    """Take a published or scheduled article off the site, back to draft."""
    if article.status != Status.PUBLISHED:
        return False
    _move(article, user, "Unpublished", status=Status.DRAFT)
    return True


def archive(article, user):
    """Retire an article from the site; it stays in the desk's archive."""
    if article.status == Status.ARCHIVED:
        return False
    _move(article, user, "Archived", status=Status.ARCHIVED)
    return True
