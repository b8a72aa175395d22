"""Hostile strings for the input sweep (issue 15), after the Big List of Naughty Strings, by category.

Every markup and script payload, if it ever ran, would set `window.__hostile` (checked in Chromium afterwards) or
load something from 127.0.0.1:1 (reported by the Content-Security-Policy); every one carries the marker `hostile`
so that an unescaped copy in a page is found by looking for `<hostile`, ` onerror=` … in raw HTML.

`STRINGS` is a list of (category, name, value): value is a str, or bytes for what must go on the wire as it is
(invalid UTF-8). `JSON_WRONG_TYPES` are values of the wrong JSON type for a field."""

import json

HUNDRED_KB = "A" * 100 * 1024

STRINGS = [
    # Script and markup injection
    ("markup", "script tag", "<script>window.__hostile=1</script>"),
    ("markup", "script tag, closing a textarea", "</textarea><script>window.__hostile=2</script>"),
    ("markup", "script tag, closing a title", "</title><script>window.__hostile=3</script>"),
    ("markup", "img onerror", "<img src=x onerror=\"window.__hostile=4\">"),
    ("markup", "svg onload", "<svg/onload=window.__hostile=5>"),
    ("markup", "svg with script", "<svg><script>window.__hostile=6</script></svg>"),
    ("markup", "iframe srcdoc", "<iframe srcdoc=\"<script>parent.__hostile=7</script>\"></iframe>"),
    ("markup", "marker element", "<hostile-tag id=hostile-tag>x</hostile-tag>"),
    ("markup", "external image", "<img src=\"http://127.0.0.1:1/hostile.png\">"),
    ("markup", "style tag", "<style>body{background:url(http://127.0.0.1:1/hostile)}</style>"),
    ("markup", "base href", "<base href=\"http://127.0.0.1:1/hostile/\">"),
    ("markup", "meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:1/hostile\">"),
    ("attribute", "double quote breakout", "\" autofocus onfocus=\"window.__hostile=8\" x=\""),
    ("attribute", "single quote breakout", "' autofocus onfocus='window.__hostile=9' x='"),
    ("attribute", "unquoted breakout", "x onmouseover=window.__hostile=10 "),
    ("attribute", "backtick", "`onerror=window.__hostile=11`"),
    ("url", "javascript: URL", "javascript:window.__hostile=12"),
    ("url", "javascript: URL, mixed case and tab", "JaVaScRiPt\t:window.__hostile=13"),
    ("url", "data: URL", "data:text/html,<script>window.__hostile=14</script>"),
    ("url", "vbscript: URL", "vbscript:msgbox(1)"),
    ("url", "protocol-relative", "//127.0.0.1:1/hostile"),
    ("url", "entity-encoded javascript", "&#106;avascript:window.__hostile=15"),
    ("markup", "HTML entities", "&lt;script&gt;&amp;&quot;&#x27;&#0;"),
    ("markup", "comment and CDATA", "<!-- hostile --><![CDATA[<script>window.__hostile=16</script>]]>"),
    ("markup", "JSON breakout in a script", "</script><script>window.__hostile=17</script><!--"),
    # Templates (Leaf, Mustache, JavaScript template literals, Jinja/Twig)
    ("template", "Leaf tag", "#(x)"),
    ("template", "Leaf extend", "#extend(\"shared/error\")"),
    ("template", "Leaf unsafe", "#unsafeHTML(\"<b>hostile</b>\")"),
    ("template", "Leaf import", "#import(\"content\")"),
    ("template", "mustache", "{{7*7}}"),
    ("template", "template literal", "${7*7}"),
    ("template", "Jinja", "{% for x in range(9) %}x{% endfor %}"),
    ("template", "Ruby/ERB", "<%= 7*7 %>"),
    # SQL
    ("sql", "quote and comment", "' OR '1'='1' --"),
    ("sql", "drop table", "Robert'); DROP TABLE people;--"),
    ("sql", "union", "1 UNION SELECT email, password_hash FROM people--"),
    ("sql", "double quotes", "\" OR \"\"=\""),
    ("sql", "like wildcards", "%_%"),
    ("sql", "semicolon and backslash", "\\'; SELECT 1; --\\"),
    # Format strings
    ("format", "printf", "%s%s%s%n%x%d%p"),
    ("format", "Swift interpolation", "\\(x)"),
    ("format", "Python format", "{0}{1}{__class__}"),
    # Paths
    ("path", "traversal", "../../../../etc/passwd"),
    ("path", "encoded traversal", "..%2f..%2f..%2fetc%2fpasswd"),
    ("path", "Windows traversal", "..\\..\\windows\\win.ini"),
    ("path", "absolute", "/etc/passwd"),
    # Header and line injection
    ("crlf", "CRLF header", "x\r\nSet-Cookie: hostile=1\r\nX-Hostile: 1"),
    ("crlf", "bare LF", "line one\nline two"),
    ("crlf", "mail header", "x@example.org\r\nBcc: hostile@example.org"),
    ("crlf", "CSV formula", "=HYPERLINK(\"http://127.0.0.1:1/\",\"hostile\")"),
    # Control characters
    ("control", "NUL", "before\x00after"),
    ("control", "NUL only", "\x00"),
    ("control", "C0 controls", "".join(chr(c) for c in range(1, 32))),
    ("control", "DEL and C1", "\x7f\x80\x85\x9b\x9f"),
    ("control", "escape sequences", "\x1b[31mred\x1b[0m\x1b]0;title\x07"),
    # Unicode
    ("unicode", "right-to-left override", "photo\u202egnp.exe"),
    ("unicode", "zero-width characters", "Ann\u200bie\u200c\u200d\ufeff"),
    ("unicode", "bidi isolates", "\u2066\u2067\u2068\u2069\u200e\u200f"),
    ("unicode", "emoji and ZWJ", "\U0001F469\u200d\U0001F469\u200d\U0001F467 \U0001F1EC\U0001F1E7 \U0001F4A9"),
    ("unicode", "combining marks", "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e"),
    ("unicode", "astral plane", "\U0001D573\U0001D58A\U0001D598\U0001D599\U00010348"),
    ("unicode", "lone surrogate, escaped", "\\ud800"),
    ("unicode", "fullwidth markup", "\uff1cscript\uff1ewindow.__hostile=18\uff1c/script\uff1e"),
    ("unicode", "non-characters", "\ufffe\uffff\U0010ffff"),
    ("unicode", "right-to-left text", "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627"),
    ("unicode", "line and paragraph separators", "a\u2028b\u2029c\u0085d"),
    ("unicode", "Turkish dotless and ligatures", "\u0131\u0130\ufb01\u00df\u1e9e"),
    # Whitespace
    ("whitespace", "empty", ""),
    ("whitespace", "spaces", "     "),
    ("whitespace", "tabs and newlines", "\t\n\r\n\t"),
    ("whitespace", "unusual spaces", "\u00a0\u2000\u2003\u3000\u205f"),
    # Numbers at the edges
    ("number", "zero", "0"),
    ("number", "negative", "-1"),
    ("number", "Int64 max", "9223372036854775807"),
    ("number", "past Int64", "99999999999999999999999999"),
    ("number", "float", "1.5e308"),
    ("number", "NaN", "NaN"),
    ("number", "Infinity", "-Infinity"),
    ("number", "hex", "0x7fffffff"),
    ("number", "date at the edge", "9999-12-31"),
    ("number", "date impossible", "2026-02-30"),
    ("number", "date far past", "0000-01-01"),
    ("number", "UUID of nothing", "00000000-0000-0000-0000-000000000000"),
    # Long
    ("long", "100 kB", HUNDRED_KB),
    ("long", "5 kB of markup", "<b>hostile</b>" * 400),
    ("long", "2,000 emoji", "\U0001F4A9" * 2000),
    # Invalid UTF-8, sent as bytes on the wire
    ("bytes", "invalid UTF-8", b"caf\xe9 \xff\xfe \xc3\x28 \xa0\xa1"),
    ("bytes", "overlong slash", b"\xc0\xaf\xe0\x80\xaf"),
    ("bytes", "surrogate in UTF-8", b"\xed\xa0\x80\xed\xbf\xbf"),
    ("bytes", "truncated sequence", b"abc\xe2\x82"),
]

CATEGORIES = sorted({c for c, _, _ in STRINGS})

# Values of the wrong JSON type for a field (the field's right type is left out when it matches).
JSON_WRONG_TYPES = [
    ("type", "number", 7),
    ("type", "negative number", -1),
    ("type", "huge number", 10 ** 30),
    ("type", "float", 0.5),
    ("type", "true", True),
    ("type", "false", False),
    ("type", "null", None),
    ("type", "array of strings", ["<script>window.__hostile=19</script>", "x"]),
    ("type", "array of numbers", [1, 2, 3]),
    ("type", "empty array", []),
    ("type", "object", {"$gt": "", "__proto__": {"hostile": 1}}),
    ("type", "empty object", {}),
    ("type", "nested arrays", json.loads("[" * 30 + "1" + "]" * 30)),
]

# Markers an unescaped payload leaves in raw HTML. Each is matched case-insensitively in a page's HTML body.
UNESCAPED_MARKERS = ["<script>window.__hostile", "<hostile-tag", "onerror=\"window.__hostile", "<svg/onload",
                     "<img src=x onerror", "onfocus=\"window.__hostile", "onfocus='window.__hostile",
                     "<iframe srcdoc", "<base href=\"http://127.0.0.1:1",
                     "<meta http-equiv=\"refresh\" content=\"0;url=http://127.0.0.1:1",
                     "<img src=\"http://127.0.0.1:1", "<style>body{background:url(http://127.0.0.1:1",
                     "href=\"javascript:", "href=\"JaVaScRiPt", "src=\"javascript:", "<b>hostile</b>"]


def as_text(value) -> str:
    """A hostile value as the server would see it once decoded (bytes as UTF-8 with replacements)."""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else value
