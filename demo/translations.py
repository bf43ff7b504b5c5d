"""
The demo newsroom in French and Swedish: the founding story and its
explainers as a Montréal desk and a Stockholm desk would print them.

Everything here is keyed by the English slug (a section's, an
organization's, a person's or a story's), which links each translation to
its original in `demo.content` and `demo.directory`. The facts are the
English texts' own: nothing is added, and a body keeps the HTML structure of
the original. Yoshua Bengio and Martin Svensson spoke in English, so their
words here are translations, and the page says so; their titles are given as
each organization would plausibly print them in that language.

French follows Québec newspaper usage (« Montréal », « entente »,
« occasions », a non-breaking space before a colon); Swedish follows the
register of a Swedish daily.
"""

# Sections: {english_section_slug: {"fr": {"name": ..., "description": ...}, "sv": {...}}}
SECTIONS = {
    "news": {
        "fr": {
            "name": "Actualités",
            "description": "Ce qui s'est passé et pourquoi c'est important.",
        },
        "sv": {
            "name": "Nyheter",
            "description": "Vad som har hänt och varför det spelar roll.",
        },
    },
    "institutions": {
        "fr": {
            "name": "Institutions",
            "description": "Le point sur les institutions qui font l'actualité.",
        },
        "sv": {
            "name": "Institutioner",
            "description": "Bakgrund om de institutioner som syns i nyheterna.",
        },
    },
}

# Organization profiles: {org_slug: {"fr": {"description": ..., "about": "<p>…</p>"}, "sv": {...}}}
ORGANIZATIONS = {
    "mila": {
        "fr": {
            "description": (
                "Institut de recherche de Montréal, le plus grand centre universitaire "
                "en apprentissage profond."
            ),
            "about": (
                "<p>Mila est un institut de recherche universitaire établi à Montréal, "
                "présenté comme le plus grand au monde consacré à l'apprentissage "
                "profond. Il a été fondé par Yoshua Bengio, qui en est le directeur "
                "scientifique.</p>"
            ),
        },
        "sv": {
            "description": (
                "Forskningsinstitut i Montréal, det största akademiska centret för djupinlärning."
            ),
            "about": (
                "<p>Mila är ett akademiskt forskningsinstitut i Montréal och beskrivs som "
                "världens största inom djupinlärning. Grundare och vetenskaplig chef är "
                "Yoshua Bengio.</p>"
            ),
        },
    },
    "ai-sweden": {
        "fr": {
            "description": "Centre national suédois pour l'intelligence artificielle appliquée.",
            "about": (
                "<p>AI Sweden est le centre national suédois pour l'intelligence "
                "artificielle appliquée. Depuis l'automne 2021, il compte des employés à "
                "Montréal, qui travaillent dans les bureaux de Mila.</p>"
            ),
        },
        "sv": {
            "description": "Sveriges nationella center för tillämpad artificiell intelligens.",
            "about": (
                "<p>AI Sweden är Sveriges nationella center för tillämpad artificiell "
                "intelligens. Sedan hösten 2021 har centret personal i Montréal, som "
                "arbetar i Milas lokaler.</p>"
            ),
        },
    },
    "vinnova": {
        "fr": {
            "description": "Agence suédoise de l'innovation.",
            "about": "<p>Vinnova est l'agence suédoise de l'innovation.</p>",
        },
        "sv": {
            # Vinnova's own Swedish name for itself.
            "description": "Sveriges innovationsmyndighet.",
            "about": "<p>Vinnova är Sveriges innovationsmyndighet.</p>",
        },
    },
    "astrazeneca": {
        "fr": {
            "description": "Société biopharmaceutique d'envergure mondiale.",
            "about": "<p>AstraZeneca est une société biopharmaceutique d'envergure mondiale.</p>",
        },
        "sv": {
            "description": "Globalt biofarmaceutiskt företag.",
            "about": "<p>AstraZeneca är ett globalt biofarmaceutiskt företag.</p>",
        },
    },
    "cdo-magazine": {
        "fr": {
            "description": "Publication spécialisée destinée aux chefs des données (CDO).",
        },
        "sv": {
            "description": "Branschtidning för datachefer (chief data officers).",
        },
    },
}

# People's bios: {person_slug: {"fr": "...", "sv": "..."}}
#
# Martin Svensson's title, "Co-Director": French « codirecteur » (one word, as the
# Office québécois de la langue française writes it). Swedish "medchef", formed like
# "medgrundare": it keeps the shared leadership of "Co-Director", where "biträdande
# chef" or "vice vd" would make him a deputy, which the English does not say.
PEOPLE = {
    "yoshua-bengio": {
        "fr": "Fondateur et directeur scientifique de Mila.",
        "sv": "Grundare och vetenskaplig chef för Mila.",
    },
    "martin-svensson": {
        "fr": "Codirecteur d'AI Sweden.",
        "sv": "Medchef på AI Sweden.",
    },
    "camille-roy": {
        "fr": "Couvre les instituts de recherche et le financement de la recherche "
        "scientifique à Montréal.",
        "sv": "Bevakar forskningsinstitut och forskningsfinansiering i Montréal.",
    },
    "erik-lindqvist": {
        "fr": "Couvre, depuis Stockholm, les politiques technologiques des pays nordiques.",
        "sv": "Bevakar nordisk teknikpolitik från Stockholm.",
    },
}

# Translated stories. Each item:
# {"original": english_slug, "language": "fr" | "sv", "slug": ..., "headline": ..., "dek": ...,
#  "body": "<p>…</p>…", "caption": ..., "dateline": ..., "tags": [...],
#  "quotes": [{"speaker": person_slug, "text": ..., "title": ...}]}
# "caption", "dateline" and "quotes" appear only where the English story has them.
TRANSLATED_ARTICLES = [
    # French: the four explainers, then the founding story.
    {
        "original": "what-is-ai-sweden",
        "language": "fr",
        "slug": "qu-est-ce-qu-ai-sweden",
        "headline": "Qu'est-ce qu'AI Sweden?",
        "dek": (
            "Le centre national suédois pour l'IA appliquée dispose désormais d'un "
            "pied-à-terre à Montréal."
        ),
        "body": (
            "<p>AI Sweden est le centre national suédois pour l'intelligence "
            "artificielle appliquée. Martin Svensson en est le codirecteur.</p>"
            "<h2>Un point d'ancrage à Montréal</h2>"
            "<p>Depuis l'automne 2021, des employés du centre travaillent dans les "
            "bureaux de Mila à Montréal, une présence que finance en partie Vinnova, "
            "l'agence suédoise de l'innovation.</p>"
        ),
        "tags": ["Intelligence artificielle", "Suède", "Montréal"],
    },
    {
        "original": "vinnova-swedens-innovation-agency",
        "language": "fr",
        "slug": "vinnova-l-agence-suedoise-de-l-innovation",
        "headline": "Vinnova, l'agence suédoise de l'innovation",
        "dek": "L'organisme public qui a contribué à l'installation d'AI Sweden à Montréal.",
        "body": (
            "<p>Vinnova est l'agence suédoise de l'innovation. Elle finance en partie "
            "l'investissement d'AI Sweden à Montréal, grâce auquel du personnel suédois "
            "travaille chez Mila.</p>"
            "<p>La Suède figure parmi les pays les plus innovants du monde. Son secteur "
            "public, bien organisé, documente depuis longtemps son travail et recueille "
            "des données.</p>"
        ),
        "tags": ["Suède", "Financement de la recherche"],
    },
    {
        "original": "mila-montreals-deep-learning-institute",
        "language": "fr",
        "slug": "mila-l-institut-d-apprentissage-profond-de-montreal",
        "headline": "Mila, l'institut d'apprentissage profond de Montréal",
        "dek": "L'institut universitaire au cœur de l'écosystème montréalais de l'IA.",
        "body": (
            "<p>Mila est le plus grand institut de recherche universitaire en "
            "apprentissage profond, et la principale raison pour laquelle on considère "
            "Montréal comme un pôle mondial de la recherche en IA. Yoshua Bengio en est "
            "le fondateur et le directeur scientifique.</p>"
            "<h2>Partenaires</h2>"
            "<ul><li>AstraZeneca, depuis 2021, pour l'IA appliquée à la découverte de "
            "médicaments.</li>"
            "<li>AI Sweden, dont le personnel travaille dans les bureaux de Mila depuis "
            "l'automne 2021.</li></ul>"
        ),
        "tags": ["Intelligence artificielle", "Apprentissage profond", "Montréal"],
    },
    {
        "original": "astrazeneca-and-mila-ai-for-drug-discovery",
        "language": "fr",
        "slug": "astrazeneca-et-mila-l-ia-au-service-de-la-decouverte-de-medicaments",
        "headline": "AstraZeneca et Mila\u00a0: l'IA au service de la découverte de médicaments",
        "dek": (
            "Le partenariat conclu en 2021 entre une société biopharmaceutique et "
            "l'institut d'IA de Montréal."
        ),
        "body": (
            "<p>AstraZeneca, société biopharmaceutique d'envergure mondiale, s'est "
            "associée à Mila en 2021. L'objectif est de tirer le meilleur parti de l'IA "
            "en santé, notamment pour la découverte de médicaments.</p>"
        ),
        "tags": ["Intelligence artificielle", "Santé"],
    },
    {
        "original": "mila-partners-with-ai-sweden",
        "language": "fr",
        "slug": "mila-et-ai-sweden-unissent-leurs-forces",
        "headline": (
            "Mila et AI Sweden unissent leurs forces\u00a0: le centre national suédois "
            "en IA prend pied à Montréal"
        ),
        "dek": (
            "Des employés d'AI Sweden travaillent dans les bureaux de Mila depuis "
            "l'automne 2021. Un partenariat financé en partie par Vinnova vise "
            "désormais à rapprocher la recherche en IA des deux pays."
        ),
        "caption": (
            "L'équipe d'AI Sweden à Montréal travaille dans les bureaux de Mila depuis "
            "l'automne 2021."
        ),
        "dateline": "États-Unis et Canada",
        "body": (
            "<p>Mila, l'institut montréalais qui constitue le plus grand centre de "
            "recherche universitaire en apprentissage profond, a annoncé un partenariat "
            "avec AI Sweden, le centre national suédois pour l'intelligence artificielle "
            "appliquée. Les deux organisations partagent les bureaux de Mila depuis "
            "l'automne 2021; l'entente les engage à chercher des façons de collaborer, à "
            "rapprocher les deux pays et à renforcer la position concurrentielle de la "
            "Suède en IA.</p>"
            "<p>C'est Montréal même qui a attiré AI Sweden. La ville est devenue l'un "
            "des grands centres mondiaux de la recherche en IA, et Mila en est le chef "
            "de file. Voilà pourquoi le centre suédois a choisi l'institut comme "
            "partenaire et y a établi un pôle de collaboration.</p>"
            "<h2>Une équipe à Montréal, des fonds de Stockholm</h2>"
            "<p>Dans le cadre de cet investissement, financé en partie par Vinnova, "
            "l'agence suédoise de l'innovation, AI Sweden affecte du personnel chez Mila "
            "et s'assure ainsi une présence physique à Montréal. Le partenariat "
            "s'attachera surtout à tisser des liens entre les deux pays par des "
            "collaborations en recherche sur l'IA. Le Canada est pour sa part un acteur "
            "de premier plan du Partenariat mondial sur l'intelligence artificielle "
            "(PMIA).</p>"
            "<p>Mila compte déjà un partenaire industriel dans le domaine de la santé. "
            "La société biopharmaceutique AstraZeneca s'est associée à l'institut en "
            "2021 pour appliquer l'IA à la découverte de médicaments.</p>"
            "<p>L'annonce évoquait également la place de la Suède parmi les pays les "
            "plus innovants, ainsi que son secteur public bien organisé, qui consigne et "
            "recueille des données depuis des générations.</p>"
        ),
        "tags": [
            "Intelligence artificielle",
            "Partenariats de recherche",
            "Suède",
            "Canada",
            "Montréal",
        ],
        "quotes": [
            {
                "speaker": "yoshua-bengio",
                "text": (
                    "La Suède et le Québec ont beaucoup en commun, et ce partenariat avec "
                    "AI Sweden nous permet d'échanger nos connaissances et de renforcer "
                    "mutuellement nos travaux pour accélérer la recherche et le "
                    "développement en IA dans nos communautés. Nous sommes très heureux "
                    "d'accueillir AI Sweden dans l'écosystème de Mila et dans nos locaux à "
                    "Montréal"
                ),
                "title": "fondateur et directeur scientifique",
            },
            {
                "speaker": "martin-svensson",
                "text": (
                    "Grâce au partenariat avec Mila, nous pouvons rapprocher des "
                    "organisations et des entreprises suédoises du pôle de l'IA que "
                    "constitue Montréal, et créer de belles occasions de collaboration, "
                    "d'échanges de talents et de transfert de connaissances avec l'un des "
                    "écosystèmes d'IA les plus importants au monde. Nous sommes très "
                    "heureux d'amorcer cette relation pour renforcer la compétitivité et "
                    "le bien-être de la Suède"
                ),
                "title": "codirecteur",
            },
        ],
    },
    # Swedish: the two explainers on the Swedish institutions, then the founding story.
    {
        "original": "what-is-ai-sweden",
        "language": "sv",
        "slug": "vad-ar-ai-sweden",
        "headline": "Vad är AI Sweden?",
        "dek": "Sveriges nationella center för tillämpad AI har nu fått fotfäste i Montréal.",
        "body": (
            "<p>AI Sweden är Sveriges nationella center för tillämpad artificiell "
            "intelligens. Medchef är Martin Svensson.</p>"
            "<h2>En bas i Montréal</h2>"
            "<p>Sedan hösten 2021 har centret personal som arbetar i Milas lokaler i "
            "Montréal, en närvaro som delvis finansieras av Vinnova, Sveriges "
            "innovationsmyndighet.</p>"
        ),
        "tags": ["Artificiell intelligens", "Sverige", "Montréal"],
    },
    {
        "original": "vinnova-swedens-innovation-agency",
        "language": "sv",
        "slug": "vinnova-sveriges-innovationsmyndighet",
        "headline": "Vinnova, Sveriges innovationsmyndighet",
        "dek": "Den statliga myndigheten som delvis står bakom AI Swedens etablering i Montréal.",
        "body": (
            "<p>Vinnova är Sveriges innovationsmyndighet. Myndigheten finansierar delvis "
            "AI Swedens satsning i Montréal, som placerar svensk personal hos Mila.</p>"
            "<p>Sverige räknas till världens mest innovativa länder. Den offentliga "
            "sektorn är välorganiserad och har länge dokumenterat sitt arbete och samlat "
            "in data.</p>"
        ),
        "tags": ["Sverige", "Forskningsfinansiering"],
    },
    {
        "original": "mila-partners-with-ai-sweden",
        "language": "sv",
        "slug": "mila-och-ai-sweden-inleder-samarbete",
        "headline": (
            "Mila och AI Sweden inleder samarbete – Sveriges nationella AI-center till Montréal"
        ),
        "dek": (
            "Personal från AI Sweden har arbetat i Milas lokaler sedan hösten 2021. Nu "
            "ska ett samarbete, som delvis finansieras av Vinnova, knyta samman "
            "AI-forskningen i de båda länderna."
        ),
        "caption": "AI Swedens personal i Montréal har arbetat i Milas lokaler sedan hösten 2021.",
        "dateline": "USA och Kanada",
        "body": (
            "<p>Mila, institutet i Montréal som är det största akademiska "
            "forskningscentret för djupinlärning, har presenterat ett samarbete med AI "
            "Sweden, Sveriges nationella center för tillämpad artificiell intelligens. "
            "De två har delat Milas lokaler sedan hösten 2021. Genom avtalet förbinder de "
            "sig att söka vägar till samarbete, att knyta länderna närmare varandra och "
            "att stärka Sveriges konkurrenskraft inom AI.</p>"
            "<p>Det som lockade AI Sweden var Montréal i sig. Staden har blivit ett av "
            "världens centrum för AI-forskning, med Mila i täten. Därför valde det "
            "svenska centret Mila som partner och inrättade ett samarbetsnav där.</p>"
            "<h2>Personal i Montréal, finansiering från Stockholm</h2>"
            "<p>Genom satsningen, som delvis finansieras av Sveriges "
            "innovationsmyndighet Vinnova, placerar AI Sweden personal hos Mila och får "
            "därmed en fysisk närvaro i Montréal. Fokus ligger på att knyta samman de "
            "två länderna genom samarbeten inom AI-forskningen. Kanada är för sin del en "
            "ledande kraft i det globala partnerskapet för artificiell intelligens "
            "(GPAI).</p>"
            "<p>Mila har redan en industripartner inom hälso- och sjukvården: "
            "läkemedelsbolaget AstraZeneca inledde 2021 ett samarbete med institutet för "
            "att använda AI i jakten på nya läkemedel.</p>"
            "<p>Beskedet pekade också på Sveriges plats bland de mest innovativa "
            "länderna och på landets välordnade offentliga sektor, som i generationer har "
            "registrerat och samlat in data.</p>"
        ),
        "tags": [
            "Artificiell intelligens",
            "Forskningssamarbeten",
            "Sverige",
            "Kanada",
            "Montréal",
        ],
        "quotes": [
            {
                "speaker": "yoshua-bengio",
                "text": (
                    "Sverige och Québec har mycket gemensamt, och det här samarbetet med "
                    "AI Sweden innebär att vi kan dela kunskap och stärka varandras arbete "
                    "för att påskynda forskning och utveckling inom AI i våra samhällen. "
                    "Vi är mycket glada att välkomna AI Sweden till Milas ekosystem och "
                    "till våra lokaler i Montréal"
                ),
                "title": "grundare och vetenskaplig chef",
            },
            {
                "speaker": "martin-svensson",
                "text": (
                    "Genom samarbetet med Mila kan vi föra organisationer och företag i "
                    "Sverige närmare det AI-nav som Montréal utgör och skapa stora "
                    "möjligheter till samarbete, talangutbyte och kunskapsöverföring med "
                    "ett av världens främsta AI-ekosystem. Vi är mycket glada över att "
                    "knyta de här banden för att stärka svensk konkurrenskraft och välfärd"
                ),
                # See the note above PEOPLE: "medchef", not "biträdande chef".
                "title": "medchef",
            },
        ],
    },
]
