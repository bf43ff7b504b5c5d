"""What a file is: sniffed from its bytes, else told by its extension; refusals in words."""

import codecs
import io
import re
import zipfile
from pathlib import PurePath

from importing.reading import StoryImportError

# The accepted formats, as the messages name them.
ACCEPTED = (
    "plain text (.txt), a saved web page (.html, .htm), a Word document (.docx) or an email (.eml)"
)

_ZIP = (b"PK\x03\x04", b"PK\x05\x06")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old Office files, and password-protected .docx
_MAGIC = [
    (b"%PDF-", "pdf"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"II*\x00", "image"),
    (b"MM\x00*", "image"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf", "archive"),
    (b"Rar!", "archive"),
]
# Extensions refused when the bytes alone do not say what the file is.
_REFUSED_EXTENSIONS = {
    "pdf": "pdf",
    "rtf": "rtf",
    **dict.fromkeys(("doc", "msg", "xls", "ppt"), "ole"),
    **dict.fromkeys(("odt", "ods", "odp"), "opendocument"),
    **dict.fromkeys(("xlsx", "pptx"), "office"),
    **dict.fromkeys(("zip", "pages", "epub"), "archive"),
    **dict.fromkeys(("png", "jpg", "jpeg", "gif", "webp", "heic", "tif", "tiff"), "image"),
}
_REFUSALS = {
    "pdf": "PDF files cannot be imported: copy the text out of it and paste it",
    "rtf": "Rich Text (.rtf) files cannot be imported: save it as .docx or .txt",
    "image": "Images cannot be imported: there is no text to read in a picture",
    "archive": "Archives (.zip and the like) cannot be imported: unpack the story first",
    "opendocument": "OpenDocument (.odt) files cannot be imported: save it as .docx or .txt",
    "office": "Only Word documents (.docx) can be imported, not spreadsheets or slides",
    "ole": (
        "Old Microsoft Office files (.doc, .msg, .xls) cannot be imported: "
        "save it as .docx, or as .eml for an Outlook message"
    ),
    "damaged-zip": "This file is a damaged ZIP package (a broken .docx?)",
}


def _refuse(kind, extension=""):
    if extension == "docx":
        reason = {
            "ole": (
                "it is password-protected (or an old .doc file renamed). Remove the password "
                "in Word, or save it again as .docx"
            ),
            "damaged-zip": "it is damaged (its ZIP package is broken)",
        }.get(kind, "it is not a Word document")
        raise StoryImportError(f"This .docx cannot be opened: {reason}.")
    raise StoryImportError(f"{_REFUSALS[kind]}. Accepted formats: {ACCEPTED}.")


def kind_of(name, data):
    """'txt', 'html', 'docx' or 'eml': the content's word first, then the extension's."""
    extension = PurePath(name or "").suffix.lower().lstrip(".")
    sniffed = _sniff(data)
    if sniffed in ("docx", "html", "eml"):
        return sniffed
    if sniffed is not None:
        _refuse(sniffed, extension)
    if extension == "docx":
        _refuse("text", extension)
    if extension in ("html", "htm"):
        return "html"
    if extension == "eml":
        return "eml"
    if extension in _REFUSED_EXTENSIONS:
        _refuse(_REFUSED_EXTENSIONS[extension], extension)
    # .txt, no extension, or one we do not know (.md, .text): text if it decodes as text.
    return "txt"


def _sniff(data):
    """What the bytes are, whatever the file is called; None for text of no known kind."""
    if data.startswith(_ZIP):
        return _zip_kind(data)
    if data.startswith(_OLE):
        return "ole"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:12].startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image"
    head = _text_head(data)
    if _looks_like_html(head):
        return "html"
    if _looks_like_email(head):
        return "eml"
    return None


def _zip_kind(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = b""
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    mimetype = member.read(100)  # never the whole of what might be a bomb
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return "damaged-zip"
    except NotImplementedError:  # an unknown compression method or encryption
        return "archive"
    if "[Content_Types].xml" in names and any(name.startswith("word/") for name in names):
        return "docx"
    if b"opendocument" in mimetype:
        return "opendocument"
    if "[Content_Types].xml" in names:
        return "office"
    return "archive"


# Enough for an email's headers, which a few relays and signatures make long.
_HEAD_BYTES = 32 * 1024


def _text_head(data):
    """The first lines as lower-case text, for sniffing only (a line cut short left out)."""
    head = data[:_HEAD_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", errors="ignore")
    else:
        text = head.removeprefix(codecs.BOM_UTF8).decode("latin-1")
    if len(data) > _HEAD_BYTES:
        text = text.rpartition("\n")[0]
    return text.lower()


_HTML_START = ("<!doctype html", "<html", "<head", "<body")


def _looks_like_html(head):
    head = head.lstrip()
    if head.startswith(_HTML_START):
        return True
    # An XML declaration or a comment may come before the <html> element.
    return head.startswith(("<?xml", "<!--")) and bool(re.search(r"<(!doctype html|html)\b", head))


_HEADER = re.compile(r"^([!-9;-~]+):")
_EMAIL_SURE_SIGNS = {"from", "mime-version", "message-id", "received", "return-path"}
_EMAIL_HEADERS = {*_EMAIL_SURE_SIGNS, "to", "cc", "subject", "date", "content-type", "sender"}


def _looks_like_email(head):
    """RFC 822 headers from the first line to the first blank line, with From: or the like."""
    lines = head.lstrip("\r\n").splitlines()
    if lines and lines[0].startswith("from "):  # an mbox "From " line
        lines = lines[1:]
    names = []
    for line in lines:
        if not line.strip():
            break
        if line[0] in " \t" and names:
            continue
        match = _HEADER.match(line)
        if not match:
            return False
        names.append(match[1])
    known = set(names) & _EMAIL_HEADERS
    return len(known) >= 2 and bool(known & _EMAIL_SURE_SIGNS)
