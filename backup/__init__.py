"""
Backing up the whole site to a directory, and restoring it into an empty database.

`backup.export.export_site(directory)` writes:

- `data.jsonl`: every row of every model but sessions and login attempts
  (Django's JSON Lines serialization, one object a line, written and read
  as a stream), primary keys included;
- `media/`: a copy of every file a row refers to (an image field's file and
  the renditions its manifest lists), read through the default storage, so
  it works the same with the filesystem and S3;
- `manifest.json`, written last: the format version, the object count per
  model, the latest applied migration per app, and the size and SHA-256 of
  `data.jsonl` and of every media file, signed with an HMAC-SHA256 keyed by
  BACKUP_SIGNING_KEY. A directory without one is an export that did not
  finish.

The signature is what makes the checksums worth trusting: whoever changes a
row (adds a superuser, say) and recomputes the checksums still cannot sign
the manifest without the key, so the restore refuses the archive.

Primary keys are kept, content types and permissions included: audit events,
admin history and tags point at objects by (content type id, object id), and
django-reversion's stored versions embed those ids in their own JSON, so
natural keys alone could not carry them across. The restore therefore
replaces what `migrate` seeds in a new database (content types, permissions,
the role groups) with the backup's rows.

`backup.restore.import_site(directory)` checks everything before writing anything: the
manifest's signature, that the backup holds only plain files and folders (a
symbolic link, a device or a pipe is refused, never followed), every
checksum, the migration state, that the database has no content and that
media storage holds no different file under a backup's name. It then writes
the media files, loads the rows in one transaction (raw saves: no model
`save()`, no image processing, timestamps kept), resets PostgreSQL's
sequences so new rows get fresh ids, and starts a new page-cache content
version. Media written by a restore that fails are deleted again.

See docs/operations.md, "Backup and restore".
"""
