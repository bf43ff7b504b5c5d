"""
Site search: ranked stories, and the organizations and people a query names.

The API (`search.matching`) is two functions, both built on what readers
may see:

- `search_articles(query)`: published articles matching the query, best
  first, each annotated with `rank` (a float, higher is better).
- `search_entities(query)`: the organizations and people the query matches
  or mentions, listed above the stories.

Both take whatever a reader typed. `parse_query` (`search.query`) removes control characters
(PostgreSQL rejects NUL in text), keeps at most `MAX_QUERY_LENGTH`
characters and `MAX_TERMS` terms, and reads the syntax search engines
taught readers: `"exact phrase"`, `-excluded`, `this OR that`. Nothing a
reader types can make it raise.

PostgreSQL (`search.backends.postgres`): full-text search over one
weighted document per article, parsed in the article's language,

    setweight(to_tsvector(config, coalesce(headline, '')), 'A')
    || setweight(to_tsvector(config, coalesce(dek, '')), 'B')
    || setweight(to_tsvector(config, coalesce(body, '')), 'C')

where `config` is `newsroom_french` for a French story, `newsroom_swedish`
for a Swedish one and `newsroom_english` for any other. Each is a copy of
PostgreSQL's configuration for its language (its stemmer and stop words)
in which a word with non-ASCII letters is checked against the stop words,
then loses its accents (`unaccent`), then is stemmed: "Montréal" is
indexed as "montreal", "équipes" as "equip". PostgreSQL keeps the document
in a generated column, `search_document`, with a GIN index (articles
migrations 0009 and 0015, PostgreSQL only; `SearchDocument` refers to it).
Matching is an index scan, and ranking reads the stored document instead
of parsing each candidate's text again.

The query goes through `websearch_to_tsquery`, which accepts any input,
once per configuration, and an article's document must match the query
parsed with its own language's: accents are folded on both sides
("Montreal" finds "Montréal", "equipe" finds "équipe"), and stemming and
stop words are the story's language's ("recherches" finds "recherche" in
a French story, "samarbete" finds "samarbetar" in a Swedish one). The index
is scanned once, for the parses joined with OR; the per-language condition
filters what it finds. An article also matches when it covers an
organization (name, short name, aliases), covers or was written by a
person, or carries a tag whose name matches the whole query, names parsed
as English without folding accents (articles migration 0011 indexes them);
those ids are gathered with `UNION ALL`, so every branch uses its own
index. The rank is `ts_rank` (A 1.0, B 0.4, C 0.2) of the document against
the query parsed in its language, plus `ENTITY_BOOST` for each kind of
matching entity the article covers: a word found once in a headline
outranks a dek, a dek outranks an entity, an entity outranks the body.

Only the `MAX_RANKED` newest matches are ranked: a word found in thousands
of stories costs about the same as one found in a few hundred, and readers
see the best of the most recent.

SQLite (`search.backends.sqlite`) has no full-text index to lean on, so it looks each term up with
`icontains` in the headline, dek, body and entity names, and ranks by
where each term was found (`SQLITE_WEIGHTS`). Same functions, same result
shape; the matching is simpler (no stemming, no accent folding, ASCII-only
case folding).

Marking the matches in results is `search.highlight`; the page,
`search.views`.
"""
