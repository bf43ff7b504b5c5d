"""
Plain text in, a story's parts out: headline, dateline, dek, paragraphs,
quotes with their speakers, and the organizations the text names.

The parsing touches no database: `importing.layout.parse_story()` (bytes
read in `importing.reading`, quotes found in `importing.quotes`, names in
`importing.names`) is told which organization and people names the
directory knows (plain strings) and reports which of them the text
mentions and where; `importing.drafting` looks those names up and saves
the draft; `importing.admin` is the desk's page, and `manage.py
import_story` the command line. Keeping the two apart lets the
admin preview a story, and tests check the parsing, without writing a row.

Quotes are recognized in the attribution styles newsrooms use, in English,
French and Swedish (`importing.quotes`; the list is in docs/importing.md),
and `bench/import_quality.py` measures them on a labelled corpus.
"""
