"""
schema.org JSON-LD for organization and person pages.

Each function returns a plain dict; templates print it with the `jsonld`
filter. URLs are absolute, built from the request.
"""

from organizations.models import Organization
from richtext.text import plain_text, web_address


def absolute(request, url):
    return request.build_absolute_uri(url)


def image_object(request, url, width, height):
    return {"@type": "ImageObject", "url": absolute(request, url), "width": width, "height": height}


def organization_reference(request, organization):
    data = {
        "@type": "Organization",
        "name": organization.name,
        "url": absolute(request, organization.get_absolute_url()),
    }
    if web_address(organization.website):
        data["sameAs"] = [web_address(organization.website)]
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
        "description": organization.description or plain_text(organization.about)[:300],
    }
    if organization.short_name:
        data["alternateName"] = [organization.short_name, *organization.alias_list]
    elif organization.alias_list:
        data["alternateName"] = organization.alias_list
    if web_address(organization.website):
        data["sameAs"] = [web_address(organization.website)]
    if logo := organization.logo_picture:
        # The logo whole, in PNG or JPEG (not every reader of schema.org takes WebP).
        data["logo"] = image_object(
            request, logo.natural.largest_url, logo.natural.width, logo.natural.height
        )
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
    if portrait := person.photo_picture:
        data["image"] = image_object(
            request, portrait.square.largest_url, portrait.square.width, portrait.square.height
        )
    if web_address(person.website):
        data["sameAs"] = [web_address(person.website)]
    current = [affiliation for affiliation in affiliations if affiliation.is_current]
    if current:
        data["jobTitle"] = current[0].title
        data["worksFor"] = [
            organization_reference(request, affiliation.organization) for affiliation in current
        ]
    return data
