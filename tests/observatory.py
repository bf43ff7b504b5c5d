"""
The MDN HTTP Observatory's scoring rules, applied to one response.

The Observatory (developer.mozilla.org/observatory) grades a site's HTTP
headers: every site starts at 100, penalties are taken off, and when the
result is still 90 or more the bonuses are added; 100 or more is an A+.
This scores a Django test response by the published table, test by test,
so the suite can hold the site to an A+ without reaching the internet.
`redirects_to_https` is the one input a single response cannot show: the
caller says whether plain HTTP is redirected to HTTPS on the same host.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

SIX_MONTHS = 15_768_000
PRIVATE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRER_POLICIES = {"origin", "origin-when-cross-origin", "unsafe-url"}
KNOWN_REFERRER_POLICIES = {
    *PRIVATE_REFERRER_POLICIES,
    *UNSAFE_REFERRER_POLICIES,
    "no-referrer-when-downgrade",
}
BROAD_SOURCES = {"*", "http:", "https:", "data:", "blob:", "filesystem:"}
SESSION_COOKIE_NAMES = re.compile(r"sess|login", re.IGNORECASE)
CSRF_COOKIE_NAMES = re.compile(r"csrf|xsrf", re.IGNORECASE)


@dataclass
class Score:
    results: dict = field(default_factory=dict)  # test name -> (result, modifier)

    def add(self, test, result, modifier):
        self.results[test] = (result, modifier)

    @property
    def total(self):
        penalties = sum(modifier for _, modifier in self.results.values() if modifier < 0)
        bonuses = sum(modifier for _, modifier in self.results.values() if modifier > 0)
        score = max(100 + penalties, 0)
        return score + bonuses if score >= 90 else score

    @property
    def grade(self):
        for floor, grade in (
            (100, "A+"),
            (90, "A"),
            (85, "A-"),
            (80, "B+"),
            (70, "B"),
            (65, "B-"),
            (60, "C+"),
            (50, "C"),
            (45, "C-"),
            (40, "D+"),
            (30, "D"),
            (25, "D-"),
        ):
            if self.total >= floor:
                return grade
        return "F"

    def __str__(self):
        lines = [f"{self.grade} ({self.total})"]
        lines += [f"  {test}: {result} ({mod:+d})" for test, (result, mod) in self.results.items()]
        return "\n".join(lines)


def parse_csp(header):
    """{directive: [sources]} (sources keep their case), or None if it cannot be parsed."""
    policy = {}
    for part in header.split(";"):
        words = part.strip().split()
        if not words:
            continue
        name = words[0].lower()
        if not re.fullmatch(r"[a-z-]+", name) or name in policy:
            return None
        policy[name] = words[1:]
    return policy


def _effective(policy, directive):
    """A directive's sources, lowercased, falling back to default-src (None if neither)."""
    sources = policy.get(directive, policy.get("default-src"))
    return None if sources is None else [source.lower() for source in sources]


def score_csp(score, response):
    header = response.headers.get("Content-Security-Policy")
    if header is None:
        return score.add("csp", "csp-not-implemented", -25)
    policy = parse_csp(header)
    if policy is None:
        return score.add("csp", "csp-header-invalid", -25)
    scripts = _effective(policy, "script-src")
    objects = _effective(policy, "object-src")
    styles = _effective(policy, "style-src") or []
    if (
        scripts is None
        or objects is None
        or "'unsafe-inline'" in scripts
        or BROAD_SOURCES & set(scripts)
        or BROAD_SOURCES & set(objects)
    ):
        return score.add("csp", "csp-implemented-with-unsafe-inline", -20)
    sources = {source.lower() for sources in policy.values() for source in sources}
    if "http:" in sources or any(source.startswith("http://") for source in sources):
        return score.add("csp", "csp-implemented-with-insecure-scheme", -20)
    if "'unsafe-eval'" in sources:
        return score.add("csp", "csp-implemented-with-unsafe-eval", -10)
    if "'unsafe-inline'" in styles or BROAD_SOURCES & set(styles):
        return score.add("csp", "csp-implemented-with-unsafe-inline-in-style-src-only", 0)
    if _effective(policy, "default-src") == ["'none'"]:
        return score.add("csp", "csp-implemented-with-no-unsafe-default-src-none", 10)
    return score.add("csp", "csp-implemented-with-no-unsafe", 5)


def score_cookies(score, response):
    cookies = response.cookies
    if not cookies:
        return score.add("cookies", "cookies-not-found", 0)
    for name, morsel in cookies.items():
        session = bool(SESSION_COOKIE_NAMES.search(name))
        samesite = morsel["samesite"]
        if not morsel["secure"]:
            if session:
                return score.add("cookies", "cookies-session-without-secure-flag", -40)
            return score.add("cookies", "cookies-without-secure-flag", -20)
        if session and not morsel["httponly"]:
            return score.add("cookies", "cookies-session-without-httponly-flag", -30)
        if samesite and samesite.lower() not in ("strict", "lax"):
            return score.add("cookies", "cookies-samesite-flag-invalid", -20)
        if CSRF_COOKIE_NAMES.search(name) and not samesite:
            return score.add("cookies", "cookies-anticsrf-without-samesite-flag", -20)
    if all(morsel["samesite"] for morsel in cookies.values()):
        return score.add("cookies", "cookies-secure-with-httponly-sessions-and-samesite", 5)
    return score.add("cookies", "cookies-secure-with-httponly-sessions", 0)


def score_cors(score, response):
    allowed = response.headers.get("Access-Control-Allow-Origin")
    if allowed is None:
        return score.add("cors", "cross-origin-resource-sharing-not-implemented", 0)
    if allowed.strip() == "*" and response.headers.get("Access-Control-Allow-Credentials"):
        return score.add(
            "cors", "cross-origin-resource-sharing-implemented-with-universal-access", -50
        )
    return score.add("cors", "cross-origin-resource-sharing-implemented-with-public-access", 0)


def score_hsts(score, response):
    header = response.headers.get("Strict-Transport-Security")
    if header is None:
        return score.add("hsts", "hsts-not-implemented", -20)
    match = re.search(r"max-age=(\d+)", header, re.IGNORECASE)
    if match is None:
        return score.add("hsts", "hsts-header-invalid", -20)
    if int(match.group(1)) < SIX_MONTHS:
        return score.add("hsts", "hsts-implemented-max-age-less-than-six-months", -10)
    # Being on the browsers' preload list (+5) is not something a response shows.
    return score.add("hsts", "hsts-implemented-max-age-at-least-six-months", 0)


def score_redirection(score, redirects_to_https):
    if redirects_to_https:
        return score.add("redirection", "redirection-to-https", 0)
    return score.add("redirection", "redirection-missing", -20)


def score_referrer_policy(score, response):
    header = response.headers.get("Referrer-Policy")
    if header is None:
        return score.add("referrer-policy", "referrer-policy-not-implemented", 0)
    # Browsers use the last policy they understand.
    policies = [p.strip().lower() for p in header.split(",") if p.strip()]
    known = [p for p in policies if p in KNOWN_REFERRER_POLICIES]
    if not known:
        return score.add("referrer-policy", "referrer-policy-header-invalid", -5)
    if known[-1] in PRIVATE_REFERRER_POLICIES:
        return score.add("referrer-policy", "referrer-policy-private", 5)
    return score.add("referrer-policy", "referrer-policy-unsafe", -5)


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.sources = []
        self.integrity = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            attributes = dict(attrs)
            if attributes.get("src"):
                self.sources.append(attributes["src"])
                self.integrity.append(bool(attributes.get("integrity")))


def score_sri(score, response, host):
    if "html" not in response.headers.get("Content-Type", ""):
        return score.add("sri", "sri-not-implemented-response-not-html", 0)
    scripts = _Scripts()
    scripts.feed(response.content.decode(errors="replace"))
    if not scripts.sources:
        return score.add("sri", "sri-not-implemented-but-no-scripts-loaded", 0)
    external = [
        (src, has_integrity)
        for src, has_integrity in zip(scripts.sources, scripts.integrity, strict=True)
        if urlsplit(src).netloc not in ("", host)
    ]
    if not external:
        return score.add("sri", "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0)
    insecure = any(urlsplit(src).scheme == "http" for src, _ in external)
    if all(has_integrity for _, has_integrity in external):
        if insecure:
            return score.add("sri", "sri-implemented-but-external-scripts-not-loaded-securely", -20)
        return score.add("sri", "sri-implemented-and-external-scripts-loaded-securely", 5)
    if insecure:
        return score.add("sri", "sri-not-implemented-and-external-scripts-not-loaded-securely", -50)
    return score.add("sri", "sri-not-implemented-but-external-scripts-loaded-securely", -5)


def score_content_type_options(score, response):
    header = response.headers.get("X-Content-Type-Options")
    if header is None:
        return score.add("x-content-type-options", "x-content-type-options-not-implemented", -5)
    if header.strip().lower() != "nosniff":
        return score.add("x-content-type-options", "x-content-type-options-header-invalid", -5)
    return score.add("x-content-type-options", "x-content-type-options-nosniff", 0)


def score_frame_options(score, response):
    policy = parse_csp(response.headers.get("Content-Security-Policy", "")) or {}
    ancestors = policy.get("frame-ancestors")
    if ancestors is not None and not BROAD_SOURCES & {source.lower() for source in ancestors}:
        return score.add("x-frame-options", "x-frame-options-implemented-via-csp", 5)
    header = response.headers.get("X-Frame-Options")
    if header is None:
        return score.add("x-frame-options", "x-frame-options-not-implemented", -20)
    value = header.strip().lower()
    if value in ("deny", "sameorigin"):
        return score.add("x-frame-options", "x-frame-options-sameorigin-or-deny", 0)
    if value.startswith("allow-from "):
        return score.add("x-frame-options", "x-frame-options-allow-from-origin", 0)
    return score.add("x-frame-options", "x-frame-options-header-invalid", -20)


def score_corp(score, response):
    header = response.headers.get("Cross-Origin-Resource-Policy")
    if header is None:
        return score.add("corp", "corp-not-implemented", 5)
    value = header.strip().lower()
    if value == "same-origin":
        return score.add("corp", "corp-implemented-with-same-origin", 0)
    if value == "same-site":
        return score.add("corp", "corp-implemented-with-same-site", 0)
    if value == "cross-origin":
        return score.add("corp", "corp-implemented-with-cross-origin", -20)
    return score.add("corp", "corp-header-invalid", -20)


def observatory_score(response, *, host="testserver", redirects_to_https):
    """The Observatory's score for `response` (see the module docstring)."""
    score = Score()
    score_content_type_options(score, response)
    score_cookies(score, response)
    score_corp(score, response)
    score_cors(score, response)
    score_csp(score, response)
    score_frame_options(score, response)
    score_hsts(score, response)
    score_redirection(score, redirects_to_https)
    score_referrer_policy(score, response)
    score_sri(score, response, host)
    return score
