"""
The demo newsroom's directory: the organizations and people the founding
story covers, how the organizations relate, and the newsroom's own
reporters. `demo.content` loads them with the stories.
"""

import datetime

from organizations.dates import DatePrecision
from organizations.models import Organization, Relationship

ORGANIZATIONS = [
    {
        "slug": "mila",
        "name": "Mila",
        "kind": Organization.Kind.RESEARCH_INSTITUTE,
        "description": (
            "Montreal research institute, the largest academic centre for deep learning."
        ),
        "about": (
            "<p>Mila is an academic research institute in Montreal, described as the "
            "largest in the world devoted to deep learning. Its founder and scientific "
            "director is Yoshua Bengio.</p>"
        ),
        "country": "Canada",
        "city": "Montreal",
        # Its full names in English and French, and its former name.
        "aliases": "Mila – Quebec Artificial Intelligence Institute\nMila - Quebec AI Institute\n"
        "Mila – Institut québécois d'intelligence artificielle\n"
        "Montreal Institute for Learning Algorithms\n"
        "Institut des algorithmes d'apprentissage de Montréal",
    },
    {
        "slug": "ai-sweden",
        "name": "AI Sweden",
        "kind": Organization.Kind.NATIONAL_AI_CENTRE,
        "description": "Sweden's national centre for applied artificial intelligence.",
        "about": (
            "<p>AI Sweden is the Swedish national centre for applied artificial "
            "intelligence. Since fall 2021 it has had staff in Montreal, working from "
            "Mila's offices.</p>"
        ),
        "country": "Sweden",
        # Its description as a name, and its former name.
        "aliases": "Swedish national center for applied artificial intelligence\n"
        "AI Innovation of Sweden",
    },
    {
        "slug": "vinnova",
        "name": "Vinnova",
        "kind": Organization.Kind.GOVERNMENT_AGENCY,
        "description": "Sweden's innovation agency.",
        "about": "<p>Vinnova is Sweden's innovation agency.</p>",
        "country": "Sweden",
        # Its description as a name, in English and in Swedish.
        "aliases": "Sweden's Innovation Agency\nSweden's Innovation Agency Vinnova\n"
        "Sveriges innovationsmyndighet",
    },
    {
        "slug": "astrazeneca",
        "name": "AstraZeneca",
        "kind": Organization.Kind.COMPANY,
        "description": "Global biopharmaceutical company.",
        "about": "<p>AstraZeneca is a global biopharmaceutical company.</p>",
    },
    {
        "slug": "cdo-magazine",
        "name": "CDO Magazine",
        "kind": Organization.Kind.PUBLISHER,
        "description": "Trade publication for chief data officers.",
        "website": "https://www.cdomagazine.tech",
    },
]

PEOPLE = [
    {
        "slug": "yoshua-bengio",
        "name": "Yoshua Bengio",
        "bio": "Founder and Scientific Director of Mila.",
        "affiliation": ("mila", "Founder and Scientific Director"),
    },
    {
        "slug": "martin-svensson",
        "name": "Martin Svensson",
        "bio": "Co-Director at AI Sweden.",
        "affiliation": ("ai-sweden", "Co-Director"),
    },
]

# The newsroom's own reporters: every demo story carries a byline.
REPORTERS = [
    {
        "slug": "camille-roy",
        "name": "Camille Roy",
        "bio": "Covers research institutes and science funding in Montréal.",
    },
    {
        "slug": "erik-lindqvist",
        "name": "Erik Lindqvist",
        "bio": "Reports on Nordic technology policy from Stockholm.",
    },
]

RELATIONSHIPS = [
    {
        "from": "mila",
        "to": "ai-sweden",
        "kind": Relationship.Kind.PARTNER,
        "summary": "Research partnership linking the AI communities of Sweden and Québec.",
    },
    {
        "from": "mila",
        "to": "ai-sweden",
        "kind": Relationship.Kind.HOSTS,
        "since": datetime.date(2021, 9, 1),
        "since_precision": DatePrecision.SEASON,
        "summary": "AI Sweden's Montreal staff work from Mila's offices.",
    },
    {
        "from": "vinnova",
        "to": "ai-sweden",
        "kind": Relationship.Kind.FUNDER,
        "summary": "Partly finances AI Sweden's presence in Montreal.",
    },
    {
        "from": "astrazeneca",
        "to": "mila",
        "kind": Relationship.Kind.PARTNER,
        "since": datetime.date(2021, 1, 1),
        "since_precision": DatePrecision.YEAR,
        "summary": "AI for drug discovery in healthcare.",
    },
]
