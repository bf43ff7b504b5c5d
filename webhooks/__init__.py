"""
Webhooks: other systems told when a story is published, updated,
corrected, unpublished or deleted.

Endpoints, deliveries and their attempts (`webhooks.models`); what a
transaction did to stories, told once it commits (`webhooks.events`); the
JSON each event carries (`webhooks.payloads`); Standard Webhooks signatures
and their check (`webhooks.signing`); which addresses may be called
(`webhooks.addresses`); one HTTP POST (`webhooks.sending`); deliveries on the
task queue, retried for most of a day (`webhooks.tasks`); and the desk's
pages (`webhooks.admin`). See docs/webhooks.md.
"""
