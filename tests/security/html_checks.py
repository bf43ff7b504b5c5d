"""
Find what could run script in a page: the assertion behind the XSS tests.

`script_capable(html)` parses with the standard library's `html.parser` and
returns one `Finding` per element or attribute a browser could turn into
script (or into a request for someone else's script). An empty list is a
pass. The rules are deliberately stricter than a browser:

- `<script>` only as `type="application/ld+json"` holding valid JSON with no
  `</` or `<!--` in it, as `<script src>` (no inline code) loading a file
  under this site's `/static/` (or the admin's own JavaScript catalog,
  `/admin/jsi18n/`), or as an import map (the rich-text editor's) that
  is valid JSON and maps module names only to files under `/static/`.
- No `on*` attribute on any element, whatever its namespace prefix.
- URL attributes (href, src, action, formaction, xlink:href, data, srcset,
  poster, background…) whose value, once entities are decoded and ASCII
  whitespace and control characters dropped, starts with `javascript:`, `vbscript:`, `data:`
  or another scheme that runs code. `data:` is refused even for images.
- No `srcdoc`, and no iframe, frame, object, embed, applet, base or portal
  element; no `<meta http-equiv>` other than Content-Type, X-UA-Compatible
  or Content-Security-Policy (so no refresh or set-cookie).
- Stylesheets only from `/static/`; `<style>` elements and `style`
  attributes without `expression(`, `url(javascript:…)`, `@import`,
  `-moz-binding` or `behavior:`, read after CSS escapes and comments are undone.
- SVG animation (`animate`, `set`) never targets `href` or an event
  handler, or carries a script URL in `values`, `to`, `from` or `by`.

Where `html.parser` and a browser read the same bytes differently, the
difference is itself reported (mutation XSS lives there): markup inside
`<title>`, `<textarea>` or `<style>` (a browser reads it as text, or, in
foreign content, the other way round), and any noscript, noembed, noframes,
xmp or plaintext element, whose content a browser reads as raw text that
`html.parser` would take for tags and attributes.
"""

import html
import json
import posixpath
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

SAME_ORIGIN = "http://testserver/"
STATIC_PREFIX = "/static/"
# Same-origin scripts that are views rather than files: Django's JavaScript catalog.
SCRIPT_VIEWS = frozenset({"/admin/jsi18n/"})

SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "data", "livescript", "mocha", "jar"})
URL_ATTRIBUTES = frozenset(
    {
        "action",
        "archive",
        "background",
        "cite",
        "classid",
        "codebase",
        "data",
        "dynsrc",
        "formaction",
        "href",
        "icon",
        "imagesrcset",
        "longdesc",
        "lowsrc",
        "manifest",
        "ping",
        "poster",
        "profile",
        "src",
        "srcset",
        "usemap",
        "xlink:href",
        "xml:base",
    }
)
# Comma-separated lists of "URL width" candidates.
SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
FORBIDDEN_ELEMENTS = frozenset(
    {"applet", "base", "embed", "frame", "frameset", "iframe", "object", "portal"}
    # Raw text to a browser, markup to html.parser: what hides inside cannot be judged.
    | {"noscript", "noembed", "noframes", "xmp", "plaintext"}
)
# Text only, to a browser: a tag seen inside means its content was not escaped.
ESCAPED_TEXT_ELEMENTS = frozenset({"title", "textarea"})
HARMLESS_HTTP_EQUIV = frozenset({"content-type", "x-ua-compatible", "content-security-policy"})
STYLESHEET_RELS = frozenset({"stylesheet", "import", "preload", "modulepreload", "prefetch"})
SVG_ANIMATION = frozenset({"animate", "set", "animatemotion", "animatetransform"})
ANIMATION_VALUES = ("values", "to", "from", "by")

# Browsers drop tab, newline and carriage return anywhere in a URL and trim
# C0 controls and spaces around it; dropping all of those anywhere covers
# both. (Other invisible characters, such as U+200B, stay in the scheme and
# make it invalid, so the address is relative and harmless.)
_INVISIBLE = re.compile(r"[\x00-\x20]+")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|$)", re.S)
_CSS_HEX_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
_CSS_ESCAPE = re.compile(r"\\(.)", re.S)
_CSS_DANGERS = (
    ("expression(", "CSS expression()"),
    ("@import", "CSS @import"),
    ("-moz-binding", "CSS -moz-binding"),
    ("behavior:", "CSS behavior"),
    ("behaviour:", "CSS behavior"),
)
_CSS_URL = re.compile(r"(?:url|image|image-set)\(\s*['\"]?([^'\")]*)")


@dataclass(frozen=True)
class Finding:
    """One script-capable thing: what it is, on which tag, and the offending text."""

    rule: str
    tag: str
    detail: str
    line: int

    def __str__(self):
        return f"line {self.line}: <{self.tag}> {self.rule}: {self.detail[:160]!r}"


def _decode(value):
    """An attribute value as a browser might end up reading it, entities undone (repeatedly)."""
    for _ in range(3):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return value


def url_scheme(value):
    """The scheme a browser would see in `value`, lowercased; "" for a relative URL."""
    compact = _INVISIBLE.sub("", _decode(value or "")).lower()
    match = _SCHEME.match(compact)
    return match.group(1) if match else ""


def is_script_url(value):
    return url_scheme(value) in SCRIPT_SCHEMES


def _same_origin_path(value):
    """The path of a same-origin URL, normalized; None for any other origin or a trick."""
    url = urlsplit(urljoin(SAME_ORIGIN, _INVISIBLE.sub("", _decode(value or ""))))
    origin = urlsplit(SAME_ORIGIN)
    if (url.scheme, url.netloc) != (origin.scheme, origin.netloc):
        return None
    if "\\" in url.path or "%2e" in url.path.lower():
        return None
    return posixpath.normpath(url.path) + ("/" if url.path.endswith("/") else "")


def is_static_url(value):
    """True for a same-origin URL under /static/, with no way out of that folder."""
    path = _same_origin_path(value)
    return path is not None and path.startswith(STATIC_PREFIX)


def is_allowed_script_url(value):
    return is_static_url(value) or _same_origin_path(value) in SCRIPT_VIEWS


def css_dangers(css):
    """What in a stylesheet or style attribute could run script or load another stylesheet."""
    text = _decode(css or "")
    text = _CSS_COMMENT.sub("", text)
    text = _CSS_HEX_ESCAPE.sub(lambda match: chr(min(int(match.group(1), 16), 0x10FFFF)), text)
    text = _CSS_ESCAPE.sub(r"\1", text)
    compact = _INVISIBLE.sub("", text).lower()
    found = [label for needle, label in _CSS_DANGERS if needle in compact]
    found += [
        f"url({url})" for url in _CSS_URL.findall(_INVISIBLE.sub("", text)) if is_script_url(url)
    ]
    return found


def _srcset_urls(value):
    return [candidate.strip().split(" ")[0] for candidate in (value or "").split(",")]


class _Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []
        self.json_ld = []
        self._raw_text_tag = None
        self._raw_text = []
        self._raw_text_attrs = {}
        self._escaped_text_tag = None

    def report(self, rule, tag, detail):
        self.findings.append(Finding(rule, tag, str(detail), self.getpos()[0]))

    # Elements and their attributes.

    def handle_starttag(self, tag, attrs):
        self._check_element(tag, attrs)
        if tag in ("script", "style"):
            self._raw_text_tag, self._raw_text, self._raw_text_attrs = tag, [], dict(attrs)
        elif tag in ESCAPED_TEXT_ELEMENTS:
            self._escaped_text_tag = tag

    def handle_startendtag(self, tag, attrs):
        self._check_element(tag, attrs)
        if tag == "script":
            self._check_script(dict(attrs), "")

    def handle_data(self, data):
        if self._raw_text_tag:
            self._raw_text.append(data)

    def handle_endtag(self, tag):
        if tag == self._escaped_text_tag:
            self._escaped_text_tag = None
        elif self._escaped_text_tag:
            self.report(f"markup inside <{self._escaped_text_tag}>", tag, f"</{tag}>")
        if tag == self._raw_text_tag:
            content = "".join(self._raw_text)
            if tag == "script":
                self._check_script(self._raw_text_attrs, content)
            else:
                if "<" in content:
                    self.report("markup inside <style>", tag, content)
                for danger in css_dangers(content):
                    self.report("dangerous <style> content", tag, danger)
            self._raw_text_tag = None

    def close(self):
        super().close()
        if self._raw_text_tag:
            # An unclosed <script> or <style>: the rest of the page is its content,
            # which html.parser keeps back unread.
            self._raw_text.append(self.rawdata)
            self.rawdata = ""
            self.handle_endtag(self._raw_text_tag)

    def _check_element(self, tag, attrs):
        attributes = {name.lower(): value or "" for name, value in attrs}
        if self._escaped_text_tag:
            self.report(f"markup inside <{self._escaped_text_tag}>", tag, self.get_starttag_text())
        if tag in FORBIDDEN_ELEMENTS:
            self.report("forbidden element", tag, self.get_starttag_text())
        for name, value in attributes.items():
            local = name.rsplit(":", 1)[-1]
            if local.startswith("on"):
                self.report("event handler attribute", tag, f"{name}={value}")
            elif name == "srcdoc":
                self.report("srcdoc attribute", tag, value)
            elif name in SRCSET_ATTRIBUTES:
                for url in _srcset_urls(value):
                    if is_script_url(url):
                        self.report("script URL", tag, f"{name}={value}")
            elif name in URL_ATTRIBUTES or local == "href":
                if is_script_url(value):
                    self.report("script URL", tag, f"{name}={value}")
            elif name == "style":
                for danger in css_dangers(value):
                    self.report("dangerous style attribute", tag, danger)
        if tag == "meta" and "http-equiv" in attributes:
            equiv = _INVISIBLE.sub("", attributes["http-equiv"]).lower()
            if equiv not in HARMLESS_HTTP_EQUIV:
                self.report("meta http-equiv", tag, self.get_starttag_text())
        if tag == "link":
            rels = set(attributes.get("rel", "").lower().split())
            if rels & STYLESHEET_RELS and not is_static_url(attributes.get("href", "")):
                self.report("stylesheet or preload from outside /static/", tag, attributes)
        if tag in SVG_ANIMATION:
            target = _INVISIBLE.sub("", attributes.get("attributename", "")).lower()
            target = target.rsplit(":", 1)[-1]
            if target == "href" or target.startswith("on"):
                self.report(f"SVG animation of {target}", tag, self.get_starttag_text())
            for name in ANIMATION_VALUES:
                if any(is_script_url(part) for part in attributes.get(name, "").split(";")):
                    self.report("SVG animation to a script URL", tag, attributes[name])

    def _check_script(self, attrs, content):
        kind = (attrs.get("type") or "").strip().lower()
        if kind == "application/ld+json" and "src" not in attrs:
            self._check_json_ld(content)
        elif kind == "importmap" and "src" not in attrs:
            self._check_import_map(content)
        elif attrs.get("src") is not None:
            if not is_allowed_script_url(attrs["src"]):
                self.report("script from outside /static/", "script", attrs["src"])
            if content.strip():
                self.report("inline code beside src", "script", content)
        else:
            self.report("inline script", "script", f"{attrs} {content}")

    def _parse_json_block(self, kind, content):
        """The JSON in a data <script>, or None (reported) if it is not JSON or can escape."""
        if "</" in content or "<!--" in content:
            self.report(f"{kind} that can end its <script>", "script", content)
        try:
            return json.loads(content)
        except ValueError as error:
            self.report(f"{kind} that is not JSON", "script", f"{error}: {content}")
            return None

    def _check_json_ld(self, content):
        data = self._parse_json_block("JSON-LD", content)
        if data is not None:
            self.json_ld.append(data)

    def _check_import_map(self, content):
        data = self._parse_json_block("import map", content)
        if not isinstance(data, dict):
            return
        mappings = [data.get("imports", {}), *data.get("scopes", {}).values()]
        for mapping in mappings:
            for url in mapping.values():
                if not is_static_url(url):
                    self.report("import map entry outside /static/", "script", url)


def check(page):
    """The page's findings and its JSON-LD blocks, parsed."""
    checker = _Checker()
    checker.feed(page)
    checker.close()
    return checker.findings, checker.json_ld


def script_capable(page):
    """Everything in `page` (HTML text) that could run script; [] for a clean page."""
    return check(page)[0]


class _Inventory(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, [name for name, _ in attrs]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)


def outside_allowlist(fragment, tags, attributes):
    """
    Elements and attributes in `fragment` that the allowlist does not name:
    ["<img>", "<a onclick>", …]. `attributes` maps a tag to its allowed
    attribute names; `rel` on links is the sanitizer's own addition.
    """
    inventory = _Inventory()
    inventory.feed(fragment)
    inventory.close()
    outside = []
    for tag, names in inventory.elements:
        if tag not in tags:
            outside.append(f"<{tag}>")
            continue
        allowed = set(attributes.get(tag, ())) | ({"rel"} if tag == "a" else set())
        outside += [f"<{tag} {name}>" for name in names if name not in allowed]
    return outside
