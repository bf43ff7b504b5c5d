"""
schema.org JSON-LD for organization and person pages.

Each function returns a plain dict; templates print it with the `jsonld`
filter. URLs are absolute, built from the request.
"""

from django.utils.html import strip_tags

from organizations.models import Organization


def absolute(request, url):
    return request.build_absolute_uri(url)


def organization_reference(request, organization):
    data = {
        "@type": "Organization",
        "name": organization.name,
        "url": absolute(request, organization.get_absolute_url()),
    }
    if organization.website:
        data["sameAs"] = [organization.website]
    return data


def person_reference(request, person):
    return {
        "@type": "Person",
        "name": person.name,
        "url": absolute(request, person.get_absolute_url()),
    }


def organization(request, organization):
    """Organization for a profile page."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization"
        if organization.kind == Organization.Kind.GOVERNMENT_AGENCY
        else "Organization",
        "name": organization.name,
        "url": absolute(request, organization.get_absolute_url()),
        "description": organization.description or strip_tags(organization.about)[:300],
    }
    if organization.short_name:
        data["alternateName"] = [organization.short_name, *organization.alias_list]
    elif organization.alias_list:
        data["alternateName"] = organization.alias_list
    if organization.website:
        data["sameAs"] = [organization.website]
    if organization.logo:
        data["logo"] = absolute(request, organization.logo.url)
    if organization.founded:
        data["foundingDate"] = str(organization.founded)
    if organization.place:
        data["address"] = {
            "@type": "PostalAddress",
            **({"addressLocality": organization.city} if organization.city else {}),
            **({"addressCountry": organization.country} if organization.country else {}),
        }
    return data


def person(request, person, affiliations):
    """Person for a person page, with current roles as `worksFor`."""
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": person.name,
        "url": absolute(request, person.get_absolute_url()),
    }
    if person.bio:
        data["description"] = person.bio
    if person.photo:
        data["image"] = absolute(request, person.photo.url)
    if person.website:
        data["sameAs"] = [person.website]
    current = [affiliation for affiliation in affiliations if affiliation.is_current]
    if current:
        data["jobTitle"] = current[0].title
        data["worksFor"] = [
            organization_reference(request, affiliation.organization) for affiliation in current
        ]
    return data
