"""
Each story's search document in its own language, accents folded, on
PostgreSQL only.

Migration 0009 parsed every story as English. This one creates a text
search configuration per language, `newsroom_english`, `newsroom_french`
and `newsroom_swedish`: a copy of PostgreSQL's own (its stemmer and stop
words) in which words with non-ASCII letters first pass the language's stop
words, then `unaccent`, then the stemmer. Stop words are checked before
accents are folded because the stop-word lists are accented: folded first,
"à", "été", "är", "för" and "på" would be indexed as "a", "ete", "ar",
"for" and "pa", and a query containing them would require them.

`unaccent` is a contrib extension (postgresql-contrib on Debian), created
here; when the server lacks it or the user may not create it, the
migration stops with a message saying what to do. Its function is not
immutable, so a generated column cannot call it; a configuration named by
a constant is, and `to_tsvector` applies the configuration's dictionaries.

The `search_document` column is then generated again, choosing the
configuration by the story's `language`; any language without its own
configuration is read as English. `search.backends.postgres` parses each
query once per configuration and must name the same ones (`tests/search/
test_languages.py` checks the two agree); a change to either needs a new
migration.

Dropping the column drops its GIN index. The column is dropped and added
again in one transaction, so no search finds it missing; adding it
rewrites the articles table, parsing every story again, and the table is
locked against reads and writes until that commits. The index is then built
again CONCURRENTLY, under its old name, which cannot run in a transaction,
hence `atomic = False`; until it is ready searches read every stored
document: slower, not wrong. Each step drops what it is about to create,
so the migration can run again after failing halfway.

Reversing restores 0009's English column and drops the configurations; it
leaves the `unaccent` extension, which may have been there before.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError, migrations, transaction

COLUMN = "search_document"
INDEX_NAME = "article_search_column"

# Language code: (configuration, PostgreSQL configuration it copies, stemming dictionary).
ENGLISH = ("newsroom_english", "english", "english_stem")
CONFIGURATIONS = {
    "fr": ("newsroom_french", "french", "french_stem"),
    "sv": ("newsroom_swedish", "swedish", "swedish_stem"),
}
# The token types that can hold accented letters; ASCII words need no folding.
ACCENTED_TOKENS = "hword, hword_part, word"


def document(config):
    """0009's weighted document, parsed with `config`."""
    return (
        f"setweight(to_tsvector('{config}'::regconfig, coalesce(headline, '')), 'A')"
        f" || setweight(to_tsvector('{config}'::regconfig, coalesce(dek, '')), 'B')"
        f" || setweight(to_tsvector('{config}'::regconfig, coalesce(body, '')), 'C')"
    )


ENGLISH_DOCUMENT = document("english")  # 0009's, for reversing

LANGUAGE_DOCUMENT = (
    'CASE "language" '
    + " ".join(
        f"WHEN '{language}' THEN {document(config)}"
        for language, (config, _, _) in CONFIGURATIONS.items()
    )
    + f" ELSE {document(ENGLISH[0])} END"
)


def create_unaccent(schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT installed_version FROM pg_available_extensions WHERE name = 'unaccent'"
        )
        row = cursor.fetchone()
    if row is None:
        raise ImproperlyConfigured(
            "Search folds accents with PostgreSQL's unaccent extension, which this "
            "PostgreSQL server does not have. Install the server's contrib package "
            "(postgresql-contrib on Debian and Ubuntu), then migrate again."
        )
    if row[0] is not None:
        return
    try:
        with transaction.atomic(using=connection.alias):
            schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    except DatabaseError as error:
        database = connection.settings_dict["NAME"]
        raise ImproperlyConfigured(
            "Search folds accents with PostgreSQL's unaccent extension, which could not be "
            f'created in database "{database}". Have a superuser run CREATE EXTENSION '
            f"unaccent; there, then migrate again. PostgreSQL said: {str(error).strip()}"
        ) from error


def drop_configurations(schema_editor):
    for config, _, _ in (ENGLISH, *CONFIGURATIONS.values()):
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}")
        schema_editor.execute(f"DROP TEXT SEARCH DICTIONARY IF EXISTS {config}_stop")


def create_configurations(schema_editor):
    for config, copied, stemmer in (ENGLISH, *CONFIGURATIONS.values()):
        # A stop-word filter: drops the language's stop words, passes every other word on.
        schema_editor.execute(
            f"CREATE TEXT SEARCH DICTIONARY {config}_stop "
            f"(TEMPLATE = simple, STOPWORDS = {copied}, ACCEPT = false)"
        )
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {copied})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR {ACCENTED_TOKENS} "
            f"WITH {config}_stop, unaccent, {stemmer}"
        )


def drop_column(schema_editor, table):
    schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")


def add_column(schema_editor, table, expression):
    schema_editor.execute(
        f"ALTER TABLE {table} ADD COLUMN {COLUMN} tsvector GENERATED ALWAYS AS ({expression}) STORED"
    )


def create_index(schema_editor, table):
    schema_editor.execute(
        f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {INDEX_NAME} ON {table} USING gin ({COLUMN})"
    )


def search_in_each_language(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    create_unaccent(schema_editor)
    with transaction.atomic(using=schema_editor.connection.alias):
        drop_column(schema_editor, table)  # and its index; the column uses the configurations
        drop_configurations(schema_editor)
        create_configurations(schema_editor)
        add_column(schema_editor, table, LANGUAGE_DOCUMENT)
    create_index(schema_editor, table)


def search_in_english(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("articles", "Article")._meta.db_table)
    with transaction.atomic(using=schema_editor.connection.alias):
        drop_column(schema_editor, table)
        add_column(schema_editor, table, ENGLISH_DOCUMENT)
        drop_configurations(schema_editor)
    create_index(schema_editor, table)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("articles", "0014_stories_in_languages"),
    ]

    operations = [
        migrations.RunPython(search_in_each_language, search_in_english, elidable=False),
    ]
