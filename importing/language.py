"""
The words attributions and releases are written with, in English, French
and Swedish: speech verbs, pronouns, honorifics, the words titles are made
of, the prepositions that put an organization after a title, months, and
the words that start a clause rather than a name or a title.

Everything here is data; `importing.quotes`, `importing.names` and
`importing.layout` turn it into patterns.
"""

import re


def words(text):
    """The words of a block of text: lists below read as prose, a few to a line."""
    return text.split()


def alternation(words):
    """A regex alternation of `words`, longest first, spaces matching any whitespace."""
    ordered = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered) + ")"


# Verbs that introduce quoted words, as attributions use them.
SPEECH_VERBS = frozenset(
    words(
        """
        say says said add adds added explain explains explained note notes noted state
        states stated comment comments commented continue continues continued remark remarks
        remarked observe observes observed conclude concludes concluded write writes wrote
        recall recalls recalled argue argues argued emphasize emphasizes emphasized
        emphasise emphasises emphasised stress stresses stressed acknowledge acknowledges
        acknowledged declare declares declared insist insists insisted predict predicts
        predicted warn warns warned tell tells told reflect reflects reflected confirm
        confirms confirmed highlight highlights highlighted underline underlines underlined
        agree agrees agreed suggest suggests suggested reply replies replied answer answers
        answered describe describes described announce announces announced déclare dit
        indique ajoute souligne mentionne explique précise affirme estime rappelle conclut
        poursuit commente lance résume insiste soutient confie assure signale renchérit
        témoigne säger sa sade berättar berättade uppger uppgav förklarar förklarade
        kommenterar kommenterade fortsätter fortsatte tillägger tillade menar menade
        konstaterar konstaterade betonar betonade understryker underströk framhåller
        framhöll poängterar poängterade skriver skrev avslutar avslutade
        """
    )
) | {
    "point out",
    "points out",
    "pointed out",
    "put it",
    "puts it",
    "sum up",
    "sums up",
    "summed up",
    "a déclaré",
    "a dit",
    "a indiqué",
    "a ajouté",
    "a souligné",
    "a mentionné",
    "a expliqué",
    "a précisé",
    "a affirmé",
    "a estimé",
    "a rappelé",
    "a conclu",
    "a poursuivi",
    "a commenté",
    "a lancé",
    "a insisté",
    "a noté",
    "a observé",
    "a résumé",
    "a confié",
    "a assuré",
    "a fait valoir",
    "a fait savoir",
    "a tenu à souligner",
    "a signalé",
    "a renchéri",
}

# Words before a name that attribute what follows (or precedes) to it.
ACCORDING_TO = frozenset(
    words(
        """
        selon d'après d’après enligt
        """
    )
) | {
    "according to",
}

PRONOUNS = frozenset(
    words(
        """
        he she they il elle ils elles han hon de
        """
    )
)

# French inverted attributions: « … », a-t-il indiqué / ajoute-t-elle / dit-il.
FRENCH_INVERTED = re.compile(
    r"(?:\ba-t-(?:il|elle)\s+\w+(?:\s+à\s+\w+)?|\b\w+-(?:t-)?(?:il|elle|ils|elles)\b)",
    re.IGNORECASE,
)

# Before a name, not part of it: “Professor John Doe”, “Dr. Roe”, “Mme Tremblay”.
HONORIFICS = frozenset(
    words(
        """
        professor prof dr doctor mr mrs ms miss sir dame lord lady pr professeur professeure
        docteur docteure dre me m mme mlle docent
        """
    )
)

# Words titles are made of (lower case). A run of words with one of these in
# it is a title, never a person's name.
TITLE_WORDS = frozenset(
    words(
        """
        préfet préfète député députée sénatrice doctorant doctorante étudiant étudiante
        chargé chargée gérant gérante délégué déléguée administrateur administratrice
        commissaire ambassadeur ambassadrice infirmière infirmier médecin chirurgien
        chirurgienne pharmacien pharmacienne urologue postdoctoral doctoral student nurse
        surgeon pharmacist epidemiologist économiste economist doktorand lektor
        universitetslektor sjuksköterska föreståndare handläggare utredare expert
        president vice-president vice director director-general manager officer chief head
        chair chairman chairwoman chairperson co-chair dean provost rector chancellor
        vice-chancellor minister secretary ceo cto cfo coo cio cso cmo svp evp vp founder
        co-founder cofounder partner principal professor lecturer researcher scientist
        engineer analyst lead leader coordinator spokesperson spokesman spokeswoman governor
        mayor senator commissioner superintendent executive general senior associate
        assistant deputy adviser advisor counsel fellow chairholder physician investigator
        editor board member owner treasurer managing président présidente
        président-directeur présidente-directrice vice-président vice-présidente directeur
        directrice directeur-général gestionnaire chef cheffe doyen doyenne recteur rectrice
        vice-recteur vice-rectrice ministre secrétaire fondateur fondatrice cofondateur
        cofondatrice associé associée professeur professeure chercheur chercheuse
        scientifique ingénieur ingénieure responsable coordonnateur coordonnatrice
        porte-parole maire mairesse titulaire adjoint adjointe conseiller conseillère pdg dg
        vd vvd ordförande styrelseordförande rektor prorektor forskare grundare medgrundare
        generaldirektör överdirektör direktör projektledare docent överläkare biträdande
        ansvarig talesperson
        """
    )
) | {
    "vice vd",
}
# Swedish titles are compounds: forskningschef, affärsområdeschef, programansvarig.
TITLE_SUFFIXES = ("chef", "direktör", "ledare", "ansvarig", "ordförande", "läkare", "officer")

# Where a title names its organization: “CEO of Northwind”, « directrice de
# l'Institut », “vd på Kestrix”.
ORGANIZATION_PREPOSITIONS = {
    "en": ("at", "of", "for", "with", "from"),
    "fr": ("de", "du", "des", "chez", "à", "au", "auprès de"),
    "sv": ("på", "vid", "hos", "för", "i", "från", "inom"),
}

# A comma-separated part of an attribution that is not a title: the clause
# goes on about something else (“…, said Jane Roe, who joined in 2019”).
NOT_TITLE_STARTS = frozenset(
    words(
        """
        who whose which that adding noting explaining referring pointing speaking during in
        on when while after before as and but to calling describing citing echoing told last
        this earlier qui dont lors dans en quand lorsque alors ajoutant et mais som och men
        när under efter innan till
        """
    )
)

# Words that start a sentence or clause, never a name.
NOT_NAMES = frozenset(
    words(
        """
        a after also an and as at but during for he her his in it meanwhile on she so
        speaking the their then there they this that these those we our when while yet today
        now however le la les un une il elle nous selon pour dans den det vi han hon enligt
        """
    )
)

MONTHS = {
    # English, with the abbreviations wires use.
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
    # French.
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
    # Swedish.
    "januari": 1,
    "februari": 2,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "oktober": 10,
}
WEEKDAYS = frozenset(
    words(
        """
        monday tuesday wednesday thursday friday saturday sunday lundi mardi mercredi jeudi
        vendredi samedi dimanche måndag tisdag onsdag torsdag fredag lördag söndag
        """
    )
)

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    words(
        """
        dr prof mr mrs ms st jr sr inc ltd corp co no vs etc approx dept mme m mlle pr bl.a
        t.ex resp ca jan feb mar apr jun jul aug sep sept oct nov dec e.g i.e u.s u.k a.m
        p.m
        """
    )
)

# Function words that tell the three languages apart: frequent in running
# text of one language and rare in the other two, so counting them says
# which language a story is written in (`importing.language_detection`).
# No word is in two lists: “de”, “en”, “i”, “a”, “du”, “sa”, “son”, “un”,
# “in”, “on”, “men” and “mer” mean something in two of the languages and are
# left out. An elided article or pronoun keeps its apostrophe: “l'”, “qu'”.
FUNCTION_WORDS = {
    "en": frozenset(
        words(
            """
            the of and to is are was were be been being that this these those with for
            from by at as it its have has had will would can could should not but or which
            who whom whose their they them we our us he his she her said says also than
            more about into after over new what when where there here such very
            """
        )
    ),
    "fr": frozenset(
        words(
            """
            le la les l' une des au aux et est sont était ont été être dans pour par sur
            avec sans chez entre depuis selon vers qui que qu' dont où ce cette ces cet c'
            il elle ils elles nous vous leur leurs notre nos ses ne n' pas plus aussi mais
            ou très comme tout tous toutes d' s' lors afin ainsi déjà également
            """
        )
    ),
    "sv": frozenset(
        words(
            """
            och att som är det för med på av till inte har den ett om vi kommer också efter
            från sig när kan ska vid hade var eller detta dessa alla nu samt blir blev sina
            sitt deras vår våra vårt många mellan genom enligt säger sa nya nytt år även
            hos inom kring redan här där vilket vilka
            """
        )
    ),
}
