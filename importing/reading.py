"""
Reading what an editor imports: bytes decoded (UTF-8 or Windows-1252),
within IMPORT_MAX_BYTES, without control characters, and a hash of the text
so the same story is not imported twice.
"""

import hashlib
import re
import unicodedata

from django.conf import settings


class StoryImportError(ValueError):
    """The text cannot be imported; the message says why, in words for the editor."""


def max_bytes():
    """The largest story file accepted (`settings.IMPORT_MAX_BYTES`)."""
    return settings.IMPORT_MAX_BYTES


def check_size(size, limit):
    """Refuse a file of `size` bytes over `limit`, before it is read."""
    if size > limit:
        raise StoryImportError(
            f"The file is {size:,} bytes; stories of at most {limit:,} bytes can be imported."
        )


def decode_text(data, limit=None):
    """
    The text of an uploaded or read file: UTF-8 (with or without a byte order
    mark), UTF-16 with a byte order mark, else Windows-1252. Raise
    `StoryImportError` for an empty, oversized (over `limit`, by default
    `max_bytes()`) or binary file.
    """
    check_size(len(data), max_bytes() if limit is None else limit)
    if not data.strip():
        raise StoryImportError("The file is empty: there is no story to import.")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise StoryImportError("The file is not readable text (broken UTF-16).") from error
    elif b"\x00" in data:
        raise StoryImportError(
            "The file is binary (an image, a PDF, a word-processor file?), "
            "not plain text. Save it as .txt first."
        )
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = data.decode("cp1252")
            except UnicodeDecodeError as error:
                raise StoryImportError(
                    "The file is not readable text in UTF-8 or Windows-1252."
                ) from error
    return check_text(text)


# Control characters other than tab, line feed, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def check_text(text):
    """`text` normalized (NFC, \\n line ends, no BOM); refuse binary-looking or empty text."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise StoryImportError("The file is binary, not plain text. Save it as .txt first.")
    text = _CONTROL.sub("", text)
    if not text.strip():
        raise StoryImportError("The text is empty: there is no story to import.")
    return text


def content_hash(text):
    """SHA-256 of the text with spacing and line ends normalized: the same story, the same hash."""
    lines = [" ".join(line.split()) for line in check_text(text).split("\n")]
    normalized = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()
