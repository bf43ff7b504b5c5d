"""
Story import quality on the labelled corpus (tests/fixtures/import_corpus).

Every release is imported as the desk would (`importing.drafting.review_story`
against a directory made from the corpus's `directory.json`) and compared
with its label. It prints precision, recall and F1 for quotes (the words and
who said them), how often titles and quote organizations are kept, how
directory organizations are linked (and any wrong link), proposals,
headlines, datelines and dates, overall, per language and per attribution
style; then the time to parse a 5 KB and a 1 MB release.

    .venv/bin/python bench/import_quality.py [--show-misses]

Targets: quote F1 ≥ 0.95, titles kept ≥ 0.95, directory organizations
linked ≥ 0.98 with no wrong link, no person made from a title; a 5 KB
release parsed in under 50 ms, 1 MB in under 1 s.
"""

import argparse
import difflib
import json
import re
import sys
import time
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "import_corpus"

TARGETS = {
    "quote F1": 0.95,
    "titles kept": 0.95,
    "directory organizations linked": 0.98,
}
TITLE_WORDS = {
    "president",
    "director",
    "manager",
    "officer",
    "chief",
    "head",
    "professor",
    "chair",
    "chairman",
    "chairwoman",
    "dean",
    "minister",
    "ceo",
    "cto",
    "cfo",
    "vice",
    "founder",
    "directeur",
    "directrice",
    "président",
    "présidente",
    "vd",
    "chef",
}


def fold(text):
    """Text compared loosely: no accents, case, curly marks, dashes or extra spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(character for character in text if not unicodedata.combining(character))
    text = re.sub(r"[“”„«»\"]", "", text).replace("’", "'").replace("‘", "'")
    text = re.sub(r"[‐-―−]", "-", text)
    return " ".join(text.casefold().split()).strip(" .,;:")


def fold_title(title):
    """A title compared loosely: also without a leading article."""
    return re.sub(r"^(?:the|a|an|le|la|l'|les|un|une|en|ett)\s*", "", fold(title))


def same_words(gold, found):
    """True when two quotes are the same words (allowing small edge differences)."""
    gold, found = fold(gold), fold(found)
    if not gold or not found:
        return False
    if gold == found or gold[:60] == found[:60]:
        return True
    return difflib.SequenceMatcher(a=gold, b=found, autojunk=False).ratio() >= 0.9


@dataclass
class Tally:
    """Counts for one slice of the corpus (all of it, a language, a style)."""

    gold_quotes: int = 0
    found_quotes: int = 0
    right_quotes: int = 0
    gold_titles: int = 0
    right_titles: int = 0
    gold_quote_organizations: int = 0
    right_quote_organizations: int = 0
    gold_links: int = 0
    right_links: int = 0
    wrong_links: int = 0
    gold_proposals: int = 0
    found_proposals: int = 0
    right_proposals: int = 0
    releases: int = 0
    right_headlines: int = 0
    gold_datelines: int = 0
    right_datelines: int = 0
    gold_dates: int = 0
    right_dates: int = 0
    people_from_titles: int = 0

    def add(self, other):
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def ratio(numerator, denominator):
        return numerator / denominator if denominator else 1.0

    @property
    def quote_precision(self):
        return self.ratio(self.right_quotes, self.found_quotes)

    @property
    def quote_recall(self):
        return self.ratio(self.right_quotes, self.gold_quotes)

    @property
    def quote_f1(self):
        precision, recall = self.quote_precision, self.quote_recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass
class Outcome:
    """What one release scored, and what went wrong, for --show-misses."""

    name: str
    tally: Tally
    style_tallies: dict = field(default_factory=dict)
    misses: list = field(default_factory=list)


def load_directory():
    """Organizations and people of the corpus's directory, created in the database."""
    from organizations.models import Organization, Person

    directory = json.loads((CORPUS / "directory.json").read_text(encoding="utf-8"))
    for number, entry in enumerate(directory["organizations"]):
        Organization.objects.create(
            name=entry["name"],
            slug=f"corpus-organization-{number}",
            short_name=entry.get("short_name", ""),
            aliases="\n".join(entry.get("aliases", [])),
        )
    for number, entry in enumerate(directory["people"]):
        Person.objects.create(name=entry["name"], slug=f"corpus-person-{number}")


def releases():
    for label in sorted(CORPUS.glob("*/*.json")):
        yield label.with_suffix(".txt"), json.loads(label.read_text(encoding="utf-8"))


def found_quotes(review):
    quotes = []
    for match in review.quotes:
        quote = match.quote
        if match.organization is not None:
            organization = match.organization.name
        elif match.proposal is not None:
            organization = match.proposal.name
        else:
            organization = quote.organization
        speaker = match.speaker.name if match.speaker else quote.speaker
        quotes.append(
            {
                "speaker": speaker,
                "title": quote.title,
                "organization": organization,
                "text": quote.text,
            }
        )
    return quotes


def score(name, text, label):
    """Import one release and compare it with its label."""
    from importing.drafting import review_story

    review = review_story(text)
    story = review.story
    tally = Tally(releases=1)
    outcome = Outcome(name, tally)
    styles = defaultdict(Tally)

    tally.right_headlines = int(fold(story.headline) == fold(label["headline"]))
    if not tally.right_headlines:
        outcome.misses.append(f"headline: {story.headline!r}, not {label['headline']!r}")
    if label.get("dateline"):
        tally.gold_datelines = 1
        tally.right_datelines = int(fold(story.dateline) == fold(label["dateline"]))
        if not tally.right_datelines:
            outcome.misses.append(f"dateline: {story.dateline!r}, not {label['dateline']!r}")
    if label.get("date"):
        tally.gold_dates = 1
        found_date = story.date.isoformat() if story.date else None
        tally.right_dates = int(found_date == label["date"])
        if not tally.right_dates:
            outcome.misses.append(f"date: {found_date}, not {label['date']}")

    found = found_quotes(review)
    tally.found_quotes = len(found)
    unmatched = list(found)
    people = {fold(person) for group in label["people"].values() for person in group}
    for quote in found:
        words = set(fold(quote["speaker"]).split())
        if fold(quote["speaker"]) not in people and words & TITLE_WORDS:
            tally.people_from_titles += 1
            outcome.misses.append(f"a person made from a title: {quote['speaker']!r}")
    for gold in label["quotes"]:
        style = styles[gold.get("style", "other")]
        for slice_ in (tally, style):
            slice_.gold_quotes += 1
        match = next((q for q in unmatched if same_words(gold["text"], q["text"])), None)
        if match is None:
            outcome.misses.append(f"quote missed ({gold.get('style')}): {gold['text'][:70]!r}")
            continue
        unmatched.remove(match)
        if fold(match["speaker"]) != fold(gold["speaker"]):
            outcome.misses.append(
                f"quote by {match['speaker']!r}, not {gold['speaker']!r} ({gold.get('style')}): "
                f"{gold['text'][:50]!r}"
            )
            continue
        for slice_ in (tally, style):
            slice_.right_quotes += 1
        if gold.get("title"):
            right = fold_title(match["title"]) == fold_title(gold["title"])
            for slice_ in (tally, style):
                slice_.gold_titles += 1
                slice_.right_titles += int(right)
            if not right:
                outcome.misses.append(f"title {match['title']!r}, not {gold['title']!r}")
        if gold.get("organization"):
            right = fold(match["organization"]) == fold(gold["organization"])
            for slice_ in (tally, style):
                slice_.gold_quote_organizations += 1
                slice_.right_quote_organizations += int(right)
            if not right:
                outcome.misses.append(
                    f"quote organization {match['organization']!r}, not {gold['organization']!r}"
                )
    for quote in unmatched:
        outcome.misses.append(
            f"not a quote of the label: {quote['speaker']}: {quote['text'][:60]!r}"
        )

    linked = {fold(match.organization.name) for match in review.organizations}
    gold_linked = {fold(name) for name in label["organizations"]["linked"]}
    tally.gold_links = len(gold_linked)
    tally.right_links = len(linked & gold_linked)
    tally.wrong_links = len(linked - gold_linked)
    if gold_linked - linked:
        outcome.misses.append(f"not linked: {sorted(gold_linked - linked)}")
    if linked - gold_linked:
        outcome.misses.append(f"WRONG LINK: {sorted(linked - gold_linked)}")
    proposed = {fold(proposal.name) for proposal in review.proposals}
    gold_proposed = {fold(name) for name in label["organizations"]["proposed"]}
    tally.gold_proposals = len(gold_proposed)
    tally.found_proposals = len(proposed)
    tally.right_proposals = len(proposed & gold_proposed)
    if gold_proposed - proposed:
        outcome.misses.append(f"not proposed: {sorted(gold_proposed - proposed)}")
    if proposed - gold_proposed:
        outcome.misses.append(f"proposed wrongly: {sorted(proposed - gold_proposed)}")
    outcome.style_tallies = dict(styles)
    return outcome


def evaluate():
    """Score every release: (overall Tally, {language: Tally}, {style: Tally}, [Outcome])."""
    overall, languages, styles, outcomes = Tally(), defaultdict(Tally), defaultdict(Tally), []
    for path, label in releases():
        outcome = score(path.relative_to(CORPUS).as_posix(), path.read_text("utf-8"), label)
        outcomes.append(outcome)
        overall.add(outcome.tally)
        languages[label["language"]].add(outcome.tally)
        for style, tally in outcome.style_tallies.items():
            styles[style].add(tally)
    return overall, dict(languages), dict(styles), outcomes


def report(overall, languages, styles):
    def row(name, tally):
        return (
            f"{name:<22} {tally.releases:>4} {tally.gold_quotes:>6} {tally.quote_precision:>6.2f} "
            f"{tally.quote_recall:>6.2f} {tally.quote_f1:>6.2f} "
            f"{tally.ratio(tally.right_titles, tally.gold_titles):>7.2f} "
            f"{tally.ratio(tally.right_links, tally.gold_links):>7.2f} {tally.wrong_links:>6}"
        )

    header = (
        f"{'slice':<22} {'docs':>4} {'quotes':>6} {'prec':>6} {'recall':>6} {'F1':>6} "
        f"{'titles':>7} {'linked':>7} {'wrong':>6}"
    )
    print(header)
    print(row("all", overall))
    for language, tally in sorted(languages.items()):
        print(row(f"language {language}", tally))
    print()
    print(f"{'attribution style':<22} {'quotes':>6} {'recall':>6} {'titles':>7}")
    for style, tally in sorted(styles.items()):
        titles = tally.ratio(tally.right_titles, tally.gold_titles)
        print(f"{style:<22} {tally.gold_quotes:>6} {tally.quote_recall:>6.2f} {titles:>7.2f}")
    print()
    figures = {
        "quote F1": overall.quote_f1,
        "titles kept": overall.ratio(overall.right_titles, overall.gold_titles),
        "directory organizations linked": overall.ratio(overall.right_links, overall.gold_links),
    }
    for name, value in figures.items():
        verdict = "met" if value >= TARGETS[name] else "MISSED"
        print(f"{name:<32} {value:.3f}  (target {TARGETS[name]})  {verdict}")
    print(f"{'wrong directory links':<32} {overall.wrong_links}  (target 0)")
    print(f"{'people made from a title':<32} {overall.people_from_titles}  (target 0)")
    print(
        f"{'quote organizations kept':<32} "
        f"{overall.ratio(overall.right_quote_organizations, overall.gold_quote_organizations):.3f}"
    )
    proposal_precision = overall.ratio(overall.right_proposals, overall.found_proposals)
    proposal_recall = overall.ratio(overall.right_proposals, overall.gold_proposals)
    print(f"{'proposals precision / recall':<32} {proposal_precision:.3f} / {proposal_recall:.3f}")
    print(f"{'headlines':<32} {overall.ratio(overall.right_headlines, overall.releases):.3f}")
    print(f"{'datelines':<32} {overall.ratio(overall.right_datelines, overall.gold_datelines):.3f}")
    print(f"{'release dates':<32} {overall.ratio(overall.right_dates, overall.gold_dates):.3f}")


def timings():
    """Milliseconds to parse a 5 KB and a 1 MB release (median of a few runs)."""
    from importing.layout import parse_story

    path, _label = next(iter(releases()))
    text = path.read_text("utf-8")
    paragraphs = text.split("\n\n")
    five_kb = text
    while len(five_kb.encode()) < 5000:
        five_kb += "\n\n" + "\n\n".join(paragraphs[1:])
    one_mb = five_kb
    while len(one_mb.encode()) < 1_000_000:
        one_mb += "\n\n" + "\n\n".join(paragraphs[1:])
    results = {}
    for name, sample, runs in (("5 KB", five_kb[:5200], 20), ("1 MB", one_mb, 3)):
        durations = []
        for _ in range(runs):
            started = time.perf_counter()
            parse_story(sample, organizations=["Mila", "AI Sweden"], people=["Yoshua Bengio"])
            durations.append(time.perf_counter() - started)
        results[name] = sorted(durations)[len(durations) // 2] * 1000
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--show-misses", action="store_true", help="List what each release got wrong."
    )
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench._setup import use_database

    use_database(None, name="import-quality")
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    load_directory()
    overall, languages, styles, outcomes = evaluate()
    if options.show_misses:
        for outcome in outcomes:
            if outcome.misses:
                print(outcome.name)
                for miss in outcome.misses:
                    print(f"   {miss}")
        print()
    report(overall, languages, styles)
    print()
    for name, milliseconds in timings().items():
        target = 50 if name == "5 KB" else 1000
        print(f"parse a {name} release: {milliseconds:.1f} ms (target under {target} ms)")


if __name__ == "__main__":
    main()
