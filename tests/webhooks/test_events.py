"""Which events changes to stories send, and to whom (deliveries queued, not yet posted)."""

import datetime
import logging

import pytest
from django.core import serializers
from django.db import transaction

from articles.models import Article
from tests.factories import ArticleFactory, CorrectionFactory, published_article
from tests.webhooks.helpers import sent, subscribe
from webhooks import tasks
from webhooks.models import Delivery, Event

pytestmark = pytest.mark.django_db

Status = Article.Status
NOW = datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


@pytest.fixture(autouse=True)
def held_queue(queue):
    """Deliveries wait on the queue: these tests look at which were made."""
    return queue


def payload_of(event):
    return Delivery.objects.get(event=event).payload


class TestStoryEvents:
    def test_publishing_a_draft_sends_published_with_the_story(self, commit, settings):
        with commit():
            article = ArticleFactory(slug="rocket-launch", headline="Rocket launches")
        subscribe()

        with commit():
            article.status = Status.PUBLISHED
            article.save()

        assert sent() == [("published", article.pk)]
        payload = payload_of("published")
        assert payload["type"] == "article.published"
        assert payload["data"]["headline"] == "Rocket launches"
        assert payload["data"]["url"] == f"{settings.SITE_URL}/articles/rocket-launch/"
        assert payload["data"]["api_url"] == f"{settings.SITE_URL}/api/v1/articles/rocket-launch/"
        assert payload["data"]["section"]["slug"] == article.section.slug

    def test_a_story_created_live_is_published(self, commit):
        subscribe()

        with commit():
            article = published_article()

        assert sent() == [("published", article.pk)]

    def test_each_save_of_a_live_story_sends_one_updated(self, commit):
        with commit():
            article = published_article()
        subscribe()

        for headline in ("First fix", "Second fix"):
            with commit():
                article.headline = headline
                article.save()
                article.save()  # twice in one transaction: still one event

        assert sent() == [("updated", article.pk)] * 2
        assert payload_of_last()["data"]["headline"] == "Second fix"

    def test_drafts_stories_in_review_and_archived_ones_send_nothing(self, commit):
        subscribe()

        with commit():
            article = ArticleFactory()
            article.headline = "Still a draft"
            article.save()
            article.status = Status.REVIEW
            article.save()
        with commit():
            article.status = Status.ARCHIVED
            article.save()
            CorrectionFactory(article=article)

        assert sent() == []

    def test_a_correction_to_a_live_story_sends_corrected_with_its_text(self, commit):
        with commit():
            article = published_article()
        subscribe()

        with commit():
            CorrectionFactory(article=article, text="The launch was on Tuesday.")

        assert sent() == [("corrected", article.pk)]
        payload = payload_of("corrected")
        assert payload["type"] == "article.corrected"
        assert [c["text"] for c in payload["data"]["corrections"]] == ["The launch was on Tuesday."]
        assert payload["data"]["corrections"][0]["corrected_at"]

    @pytest.mark.parametrize("status", [Status.DRAFT, Status.ARCHIVED])
    def test_taking_a_live_story_down_sends_unpublished(self, commit, status):
        with commit():
            article = published_article()
        subscribe()

        with commit():
            article.status = status
            article.save()

        assert sent() == [("unpublished", article.pk)]

    def test_deleting_a_live_story_sends_deleted_with_what_it_was(self, commit):
        with commit():
            article = published_article(slug="gone", headline="Gone tomorrow")
        subscribe()
        pk = article.pk

        with commit():
            article.delete()

        assert sent() == [("deleted", pk)]
        payload = payload_of("deleted")
        assert payload["type"] == "article.deleted"
        assert (payload["data"]["id"], payload["data"]["slug"]) == (pk, "gone")
        assert payload["data"]["headline"] == "Gone tomorrow"

    def test_deleting_a_draft_sends_nothing(self, commit):
        with commit():
            article = ArticleFactory()
        subscribe()

        with commit():
            article.delete()

        assert sent() == []

    def test_a_change_rolled_back_sends_nothing(self, commit):
        with commit():
            article = published_article()
            draft = ArticleFactory()
        subscribe()

        with commit(), pytest.raises(RuntimeError), transaction.atomic():
            article.headline = "Never saved"
            article.save()
            raise RuntimeError("the save failed further on")
        with commit():
            draft.headline = "Another story, edited after"
            draft.save()

        assert sent() == []

    def test_raw_saves_of_a_load_or_restore_send_nothing(self, commit):
        with commit():
            article = published_article(slug="loaded")
        data = serializers.serialize("json", [article])
        with commit():
            Article.objects.filter(pk=article.pk).delete()
        subscribe()

        with commit():
            for item in serializers.deserialize("json", data):
                item.save()

        assert Article.objects.filter(slug="loaded").exists()
        assert sent() == []


def payload_of_last():
    return Delivery.objects.order_by("pk").last().payload


class TestSubscriptions:
    def test_endpoints_receive_only_the_events_they_subscribed_to(self, commit):
        publications = subscribe(events=[Event.PUBLISHED])
        changes = subscribe(events=[Event.UPDATED, Event.CORRECTED])

        with commit():
            article = published_article()
        with commit():
            article.headline = "Changed"
            article.save()

        assert sent(publications) == [("published", article.pk)]
        assert sent(changes) == [("updated", article.pk)]

    def test_inactive_endpoints_receive_nothing(self, commit):
        subscribe(is_active=False)

        with commit():
            published_article()

        assert sent() == []

    def test_a_queue_that_is_down_never_fails_the_save(self, commit, monkeypatch, caplog):
        subscribe()

        def refuse(*args, **kwargs):
            raise ConnectionError("the task database is down")

        monkeypatch.setattr(type(tasks.deliver.get_backend()), "enqueue", refuse)
        with commit(), caplog.at_level(logging.ERROR, logger="webhooks"):
            article = published_article()

        assert Article.objects.filter(pk=article.pk).exists()
        assert Delivery.objects.get().status == Delivery.Status.FAILED
        assert "could not be queued" in caplog.text


class TestScheduledStories:
    def test_a_scheduled_story_is_announced_when_its_time_comes(self, commit, queue, frozen_now):
        subscribe()

        with commit():
            article = ArticleFactory(status=Status.PUBLISHED, published_at=NOW + HOUR)

        assert sent() == []
        (announcement,) = queue.waiting(tasks.announce_publication)
        assert announcement.task.run_after == NOW + HOUR
        frozen_now.move_to(NOW + HOUR)
        with commit():
            queue.run(announcement)
        assert sent() == [("published", article.pk)]

    def test_a_story_unscheduled_before_its_time_is_not_announced(self, commit, queue, frozen_now):
        subscribe()
        with commit():
            article = ArticleFactory(status=Status.PUBLISHED, published_at=NOW + HOUR)
        with commit():
            article.status = Status.DRAFT
            article.save()

        frozen_now.move_to(NOW + HOUR)
        with commit():
            for announcement in queue.waiting(tasks.announce_publication):
                queue.run(announcement)

        assert sent() == []

    def test_a_re_dated_story_is_announced_once_at_its_new_time(self, commit, queue, frozen_now):
        subscribe()
        with commit():
            article = ArticleFactory(status=Status.PUBLISHED, published_at=NOW + HOUR)
        with commit():
            article.published_at = NOW + 2 * HOUR
            article.save()
        with commit():  # unscheduled and scheduled again for the same time
            article.status = Status.REVIEW
            article.save()
        with commit():
            article.status = Status.PUBLISHED
            article.save()

        announcements = queue.waiting(tasks.announce_publication)
        assert [a.task.run_after for a in announcements] == [NOW + HOUR, *[NOW + 2 * HOUR] * 2]
        for announcement in announcements:
            frozen_now.move_to(announcement.task.run_after)
            with commit():
                queue.run(announcement)
        assert sent() == [("published", article.pk)]

    def test_saving_a_scheduled_story_unchanged_queues_no_second_announcement(
        self, commit, queue, frozen_now
    ):
        with commit():
            article = ArticleFactory(status=Status.PUBLISHED, published_at=NOW + HOUR)
        with commit():
            article.headline = "Better headline"
            article.save()

        assert len(queue.waiting(tasks.announce_publication)) == 1
        assert sent() == []

    def test_with_tasks_run_at_once_a_scheduled_story_is_not_announced_and_it_is_said(
        self, commit, tasks_at_once, frozen_now, caplog
    ):
        subscribe()

        with commit(), caplog.at_level(logging.WARNING, logger="webhooks"):
            ArticleFactory(status=Status.PUBLISHED, published_at=NOW + HOUR)

        assert sent() == []
        assert "will not announce it" in caplog.text
