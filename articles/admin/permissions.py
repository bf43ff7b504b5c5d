"""Who may do what on the desk's article pages: small checks the admin classes share."""

from articles.models import Article

Status = Article.Status


def is_autocomplete(request, field_name):
    """A request from the desk's autocomplete widget of this field."""
    match = request.resolver_match
    return (
        match is not None
        and match.url_name == "autocomplete"
        and request.GET.get("field_name") == field_name
    )


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_edit_any(user):
    return user.has_perm("articles.edit_any_article")


# The desk pages that write an earlier revision back: not an edit of what was open.
RESTORE_VIEWS = ("articles_article_revision", "articles_article_recover")


def is_restore(request):
    """A request restoring a revision or recovering a deleted article (no conflict check)."""
    match = request.resolver_match
    return match is not None and match.url_name in RESTORE_VIEWS
