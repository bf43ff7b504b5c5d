"""
The story in an email (.eml): a release attached to it, else its body, with
the Subject as headline when the body does not start with one.
"""

import email
import email.policy
import re
from pathlib import PurePath

from importing.formats.kinds import ACCEPTED
from importing.formats.text import compose, decode_declared, split_blocks
from importing.formats.webpage import decode_markup, read_html
from importing.reading import StoryImportError

# An email attached to an email attached to an email: deeper than this is
# not a press release.
EMAIL_MAX_DEPTH = 3

# A covering note shorter than this, beside an attachment we cannot read, is
# not the story.
COVERING_NOTE_MAX = 600

# A first paragraph longer than this (or ending like a sentence) is prose,
# not a headline.
HEADLINE_MAX_CHARACTERS = 150
HEADLINE_MAX_WORDS = 25


def parse_email(data):
    try:
        return email.message_from_bytes(data, policy=email.policy.default)
    except RecursionError as error:
        raise StoryImportError("This email is nested too deeply to be read.") from error


_ATTACHMENT_RANK = {"docx": 0, "html": 1, "htm": 1, "txt": 2, "eml": 3}
_ATTACHMENT_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/html": "html",
    "text/plain": "txt",
    "message/rfc822": "eml",
}
_DOCUMENT_EXTENSIONS = {"pdf", "doc", "odt", "rtf", "pages"}


def read_email(message, limit, depth, read_file):
    """
    The story in an email: an attached release (.docx, else .html, else .txt,
    else an attached email) if there is one, else the body, text/plain rather
    than HTML, with the Subject as headline when the body does not start with one.
    `read_file(name, data, limit, depth=, charset=)` reads an attachment.
    """
    if depth > EMAIL_MAX_DEPTH:
        raise StoryImportError("This email is nested too deeply to be read.")
    try:
        attachment, unreadable = _story_attachment(message)
        if attachment is not None:
            return _read_attachment(attachment, limit, depth, read_file)
        body = message.get_body(preferencelist=("plain", "html"))
        subject = _clean_subject(str(message.get("subject") or ""))
    except RecursionError as error:
        raise StoryImportError("This email is nested too deeply to be read.") from error
    headline, paragraphs = None, []
    if body is not None:
        raw = body.get_payload(decode=True) or b""
        charset = body.get_content_charset()
        if body.get_content_subtype() == "html":
            if raw.strip():
                headline, paragraphs = read_html(decode_markup(raw, charset), use_title=False)
        else:
            text = (charset and decode_declared(raw, charset)) or _decode_plain(raw)
            paragraphs, forwarded_subject = _email_paragraphs(text)
            subject = forwarded_subject or subject
    if unreadable and len("".join(paragraphs)) < COVERING_NOTE_MAX:
        raise StoryImportError(
            f"The story seems to be in the attached {unreadable}, which cannot be imported. "
            f"Accepted formats: {ACCEPTED}."
        )
    paragraphs = [p for p in paragraphs if p.strip()]
    if not paragraphs:
        raise StoryImportError(
            "This email has no text and no attached story (.txt, .html, .docx or .eml) to import."
        )
    if headline is None and not _looks_like_headline(paragraphs[0]) and subject:
        headline = subject
    return compose(headline, paragraphs)


def _decode_plain(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _story_attachment(message):
    """The attachment to import (the best-ranked, then the first), and an unreadable one's name."""
    best, unreadable = None, None
    for part in message.walk():
        if part is message:
            continue
        filename = part.get_filename() or ""
        forwarded = part.get_content_type() == "message/rfc822"
        if part.get_content_disposition() != "attachment" and not filename and not forwarded:
            continue  # the body and its inline pictures
        extension = PurePath(filename).suffix.lower().lstrip(".")
        if extension in _DOCUMENT_EXTENSIONS:
            unreadable = unreadable or filename
            continue
        if extension in _ATTACHMENT_RANK:
            kind = extension
        else:  # no extension, or one that says nothing: the MIME type
            kind = _ATTACHMENT_TYPES.get(part.get_content_type())
        if kind is None:
            continue
        if best is None or _ATTACHMENT_RANK[kind] < _ATTACHMENT_RANK[best[0]]:
            best = (kind, part)
    return (best[1] if best else None), unreadable


def _read_attachment(part, limit, depth, read_file):
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload(0) if part.is_multipart() else None
        if inner is None:
            raise StoryImportError("The email attached to this email cannot be read.")
        return read_email(inner, limit, depth + 1, read_file)
    data = part.get_payload(decode=True) or b""
    charset = part.get_content_charset() if part.get_content_maintype() == "text" else None
    name = part.get_filename() or f"attachment.{_ATTACHMENT_TYPES[part.get_content_type()]}"
    try:
        return read_file(name, data, limit, depth=depth + 1, charset=charset)
    except StoryImportError as error:
        # Say which file: the editor chose the email, not the attachment.
        raise StoryImportError(f"The attached {name}: {error}") from error


# "Fwd:", "TR:" (French), "VB:" (Finnish), "WG:"/"AW:" (German), "SV:"
# (Scandinavian), "RV:"/"ENC:" (Spanish, Portuguese), and "[EXTERNAL]" tags.
_SUBJECT_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|tr|vb|wg|aw|sv|rv|enc)\s*(?:\[\d+\])?\s*:|\[(?:ext|external)\])\s*",
    re.IGNORECASE,
)


def _clean_subject(subject):
    subject = " ".join(subject.split())
    while (stripped := _SUBJECT_PREFIX.sub("", subject, count=1)) != subject:
        subject = stripped
    return subject


# The header block a mail program puts above a forwarded message (Gmail's
# "---------- Forwarded message ---------", Outlook's "From: … Sent: …").
_FORWARD_MARKER = re.compile(
    r"^\s*(?:-{2,}\s*(?:forwarded message|original message)\s*-{2,}|begin forwarded message:)\s*$",
    re.IGNORECASE,
)
_FORWARD_HEADER = re.compile(r"^\s*\*?(from|sent|date|to|cc|subject)\*?:\s*(.*)$", re.IGNORECASE)
_GREETING = re.compile(
    r"^(?:hi|hello|hey|dear|good (?:morning|afternoon|evening))\b.{0,60},$", re.IGNORECASE
)


def _email_paragraphs(text):
    """
    The paragraphs of a plain-text email body and the Subject of the message
    it forwards, if any. A forwarded message under a short covering note is
    the story; the note, a greeting and the signature (after "-- ") are not.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if "-- " in lines:
        lines = lines[: lines.index("-- ")]
    subject = None
    start = _forwarded_start(lines)
    if start is not None:
        end = start
        while end < len(lines) and _in_forward_header(lines[end]):
            if (header := _FORWARD_HEADER.match(lines[end])) and header[1].lower() == "subject":
                subject = _clean_subject(header[2])
            end += 1
        lines = lines[end:]
    paragraphs = split_blocks("\n".join(lines))
    if paragraphs and _GREETING.match(paragraphs[0].strip()):
        paragraphs.pop(0)
    return paragraphs, subject


def _forwarded_start(lines):
    """Where the forwarded message's header block starts, below a short note; else None."""
    for index, line in enumerate(lines):
        header = _FORWARD_HEADER.match(line)
        if not (_FORWARD_MARKER.match(line) or (header and header[1].lower() == "from")):
            continue
        names = set()
        for following in lines[index : index + 10]:
            if header := _FORWARD_HEADER.match(following):
                names.add(header[1].lower())
            elif not _in_forward_header(following):
                break
        if "from" in names and names & {"sent", "date", "subject", "to"}:
            note = "\n".join(lines[:index]).strip()
            return index if len(note) <= COVERING_NOTE_MAX else None
    return None


def _in_forward_header(line):
    """A line of a forwarded message's header block (Apple Mail puts a blank line in it)."""
    return not line.strip() or _FORWARD_MARKER.match(line) or _FORWARD_HEADER.match(line)


def _looks_like_headline(paragraph):
    """A short single line that does not end like a sentence, a greeting or a lead-in."""
    paragraph = paragraph.strip()
    return (
        "\n" not in paragraph
        and len(paragraph) <= HEADLINE_MAX_CHARACTERS
        and len(paragraph.split()) <= HEADLINE_MAX_WORDS
        and not paragraph.endswith((".", ",", ";", ":"))
    )
