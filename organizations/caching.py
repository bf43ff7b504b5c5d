"""
What readers see of the directory, for the page cache's tags (`pagecache.tags`).

Pages are tagged "o<pk>" for each organization and "p<pk>" for each person
they show, and "list-organizations" or "list-people" when they list the
public directory. Any change to an organization or a person purges its own
tag and its list (a review can make one public; one no page shows costs
nothing to purge); a relationship or an affiliation purges both ends, and a
relationship also "list-relationships", which relationship maps carry (one
between two organizations a map leaves out can still change what it draws).
"""

from organizations.models import Affiliation, Organization, Person, Relationship
from pagecache import tags

RELATIONSHIPS_TAG = "list-relationships"


def entry_tags(entry, event):
    return [tags.tag_of(entry), entry.LIST_TAG]


def relationship_tags(relationship, event):
    return [
        f"o{relationship.from_organization_id}",
        f"o{relationship.to_organization_id}",
        RELATIONSHIPS_TAG,
    ]


def affiliation_tags(affiliation, event):
    return [f"p{affiliation.person_id}", f"o{affiliation.organization_id}"]


def register():
    tags.track(Organization, "o")
    tags.track(Person, "p")
    tags.watch(Organization, entry_tags)
    tags.watch(Person, entry_tags)
    tags.watch(Relationship, relationship_tags)
    tags.watch(Affiliation, affiliation_tags)
