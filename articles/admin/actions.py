"""
The article list's workflow actions: submit for review, publish now,
unpublish, archive and revoke preview links, each audited, each refusing
what its transition does not apply to.
"""

from django.contrib import admin, messages

from articles import preview, publishing
from articles.checks import article_checklist, blocking, refusal


class WorkflowActionsMixin:
    actions = ["submit_for_review", "publish_now", "unpublish", "archive", "revoke_previews"]

    def _run(self, request, queryset, transition, done, skipped):
        moved = [article for article in queryset if transition(article, request.user)]
        if moved:
            self.message_user(request, f"{len(moved)} {done}.", messages.SUCCESS)
        if len(moved) < len(queryset):
            self.message_user(request, f"{len(queryset) - len(moved)} {skipped}.", messages.WARNING)

    @admin.action(description="Submit for review", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._run(
            request,
            queryset,
            publishing.submit_for_review,
            "submitted for review",
            "skipped (only drafts can be submitted)",
        )

    @admin.action(description="Publish now", permissions=["publish"])
    def publish_now(self, request, queryset):
        held = []
        for article in queryset:
            if not article.is_published and (problems := blocking(article_checklist(article))):
                held.append(article.pk)
                self.message_user(
                    request, f"“{article.headline}”: {refusal(problems)}", messages.WARNING
                )
        queryset = queryset.exclude(pk__in=held)
        self._run(request, queryset, publishing.publish_now, "published", "skipped (already live)")

    @admin.action(description="Unpublish (back to draft)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(
            request,
            queryset,
            publishing.unpublish,
            "unpublished",
            "skipped (not published or scheduled)",
        )

    @admin.action(description="Archive", permissions=["publish"])
    def archive(self, request, queryset):
        self._run(request, queryset, publishing.archive, "archived", "skipped (already archived)")

    @admin.action(description="Revoke preview links", permissions=["change"])
    def revoke_previews(self, request, queryset):
        for article in queryset:
            preview.revoke(article)
        self.message_user(
            request, f"Preview links revoked for {len(queryset)} article(s).", messages.SUCCESS
        )
