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

PostgreSQL (`search.backends.postgres`): full-text search over one weighted document per article,

    setweight(to_tsvector('english', coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english', coalesce(dek, '')), 'B')
    || setweight(to_tsvector('english', coalesce(body, '')), 'C')

which PostgreSQL keeps in a generated column, `search_document`, with a
GIN index (articles migration 0009, PostgreSQL only; `SearchDocument`
refers to it).
Matching is an index scan, and ranking reads the stored document instead
of parsing each candidate's text again. The query goes through
`websearch_to_tsquery`, which accepts any input. An article matches when
its document matches, or when it covers an organization (name, short name,
aliases), covers or was written by a person, or carries a tag whose name
matches the whole query; those ids are gathered with `UNION ALL`, so every
branch uses its own index. The rank is `ts_rank` (A 1.0, B 0.4, C 0.2) plus
`ENTITY_BOOST` for each kind of matching entity the article covers: a word
found once in a headline outranks a dek, a dek outranks an entity, an
entity outranks the body.

Only the `MAX_RANKED` newest matches are ranked: a word found in thousands
of stories costs about the same as one found in a few hundred, and readers
see the best of the most recent.

SQLite (`search.backends.sqlite`) has no full-text index to lean on, so it looks each term up with
`icontains` in the headline, dek, body and entity names, and ranks by
where each term was found (`SQLITE_WEIGHTS`). Same functions, same result
shape; the matching is simpler (no stemming, ASCII-only case folding).

Marking the matches in results is `search.highlight`; the page,
`search.views`.
"""
