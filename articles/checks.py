"""
The pre-publish checklist: what a story needs before it goes out, and what
would make it better.

Blocking checks stop Publish and Schedule, on the desk's form, in its
actions and anywhere `publishing` publishes: an empty body, no byline, a
lead image without alt text, and a person or organization still flagged
for review (a name an import proposed that no editor has checked).
Advisory checks are shown, never enforced: no dek, a headline longer than
search results show, no organization named.
"""

from dataclasses import dataclass

from django.utils.html import strip_tags

# Search engines show about this many characters of a title.
SEARCH_TITLE_LENGTH = 70


@dataclass(frozen=True)
class Check:
    """
    One item of the checklist: what it checks (`label`), what is wrong when
    it fails (`problem`); `blocking` ones stop publishing.
    """

    code: str
    label: str
    problem: str
    blocking: bool
    passed: bool


def checklist(
    *,
    headline="",
    seo_title="",
    dek="",
    body="",
    bylines=(),
    has_lead_image=False,
    lead_image_alt="",
    people=(),
    organizations=(),
):
    """
    The checklist for a story's values. `bylines` and `people` are Person
    objects (quote speakers among the people), `organizations` Organization
    objects (quote organizations among them).
    """
    flagged_people = sorted({person.name for person in (*bylines, *people) if person.needs_review})
    flagged_organizations = sorted(
        {organization.name for organization in organizations if organization.needs_review}
    )
    title = seo_title or headline
    return [
        Check(
            "body",
            "A body",
            "the story has no body",
            True,
            bool(strip_tags(body or "").strip()),
        ),
        Check("byline", "A byline", "the story has no byline", True, bool(bylines)),
        Check(
            "alt_text",
            "Alt text for the lead image",
            "the lead image has no alt text",
            True,
            not has_lead_image or bool((lead_image_alt or "").strip()),
        ),
        Check(
            "people_reviewed",
            "Everyone named is reviewed",
            f"still flagged for review: {', '.join(flagged_people)} (check them in People)",
            True,
            not flagged_people,
        ),
        Check(
            "organizations_reviewed",
            "Every organization named is reviewed",
            "still flagged for review: "
            f"{', '.join(flagged_organizations)} (check them in Organizations)",
            True,
            not flagged_organizations,
        ),
        Check("dek", "A dek", "the story has no dek", False, bool((dek or "").strip())),
        Check(
            "title_length",
            f"A title search results show whole (at most {SEARCH_TITLE_LENGTH} characters)",
            f"the title is {len(title)} characters; search results cut it at about "
            f"{SEARCH_TITLE_LENGTH} (set an SEO title)",
            False,
            len(title) <= SEARCH_TITLE_LENGTH,
        ),
        Check(
            "organizations",
            "An organization",
            "the story names no organization",
            False,
            bool(organizations),
        ),
    ]


def article_checklist(article):
    """The checklist for a saved article, from its saved bylines, quotes and links."""
    quotes = list(article.quotes.select_related("speaker", "speaker_organization"))
    return checklist(
        headline=article.headline,
        seo_title=article.seo_title,
        dek=article.dek,
        body=article.body,
        bylines=[byline.person for byline in article.bylines.select_related("person")],
        has_lead_image=bool(article.lead_image),
        lead_image_alt=article.lead_image_alt,
        people=[*article.people.all(), *(quote.speaker for quote in quotes)],
        organizations=[
            *article.organizations.all(),
            *(quote.speaker_organization for quote in quotes if quote.speaker_organization_id),
        ],
    )


def blocking(checks):
    """What stops the story going out: the failing blocking checks' problems."""
    return [check.problem for check in checks if check.blocking and not check.passed]


def refusal(problems):
    """One sentence saying why a story cannot be published or scheduled yet."""
    return "Not published: before a story goes out, " + "; ".join(problems) + "."
