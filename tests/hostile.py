"""Hostile inputs for the trust gate (issue 16), and the check every page must pass.

Each case is Markdown a hostile contributor or a careless paste could put into a title, a
submission, a record's prose or a news post. The expected outcome for every case is the same:
published harmlessly — no element, attribute or URL that can run script survives, which
:func:`unsafe_findings` checks with an HTML parser on the output.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

ALERT = "alert(document.domain)"

# (name, Markdown). Block-level cases stand alone; each is also used inline in titles.
XSS_CASES: list[tuple[str, str]] = [
    ("script tag", "<script>alert(1)</script>"),
    ("script mixed case", "<ScRiPt>alert(2)</sCrIpT>"),
    ("img onerror", "<img src=x onerror=alert(3)>"),
    ("svg onload", "<svg onload=alert(4)></svg>"),
    ("svg xlink javascript", '<svg><a xlink:href="javascript:alert(5)"><text y="20">点我</text></a></svg>'),
    ("math href", '<math><mtext><a href="javascript:alert(6)">数学</a></mtext></math>'),
    ("math mglyph style confusion", "<math><mtext><table><mglyph><style><img src=x onerror=alert(7)>"),
    ("iframe", '<iframe src="javascript:alert(8)"></iframe>'),
    ("iframe srcdoc", '<iframe srcdoc="<script>alert(9)</script>"></iframe>'),
    ("object data", '<object data="data:text/html,<script>alert(10)</script>"></object>'),
    ("embed", '<embed src="javascript:alert(11)">'),
    ("form action", '<form action="javascript:alert(12)"><button>提交</button></form>'),
    ("button formaction", '<button formaction="javascript:alert(13)">按钮</button>'),
    ("meta refresh", '<meta http-equiv="refresh" content="0;url=javascript:alert(14)">'),
    ("style tag", "<style>body{background:url(javascript:alert(15))}</style>"),
    ("base href", '<base href="javascript:alert(16)//">'),
    ("details ontoggle", "<details open ontoggle=alert(17)><summary>x</summary></details>"),
    ("a onmouseover", '<a href="#" onmouseover="alert(18)">悬停</a>'),
    ("markdown link javascript", "[点我](javascript:alert(19))"),
    ("markdown link mixed case", "[点我](JaVaScRiPt:alert(20))"),
    ("markdown link entity colon", "[点我](javascript&#58;alert(21))"),
    ("markdown link entity j", "[点我](&#106;avascript:alert(22))"),
    ("markdown link hex entity", "[点我](&#x6A;avascript&#x3A;alert(23))"),
    ("markdown link target on next line", "[点我](\njavascript:alert(24))"),
    ("markdown link leading space and tab", "[点我]( \tjavascript:alert(25))"),
    ("reference link", "[点我][r]\n\n[r]: javascript:alert(26)"),
    ("reference link entity", "[点我][q]\n\n[q]: &#106;avascript:alert(27)"),
    ("autolink javascript", "<javascript:alert(28)>"),
    ("vbscript link", "[点我](vbscript:msgbox(29))"),
    ("data html link", "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgzMCk8L3NjcmlwdD4=)"),
    ("data image", "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMzEpPjwvc3ZnPg==)"),
    ("image javascript", "![图](javascript:alert(32))"),
    ("attr list on paragraph", "一段话\n{: onfocus=alert(33) autofocus tabindex=1 }"),
    ("attr list on image", "![照片](x.png){: onload=alert(34) onerror=alert(34) }"),
    ("attr list on heading", "## 小标题 {: autofocus tabindex=1 onfocus=alert(35) }"),
    ("attr list on link", "[链接](https://example.org){: onmouseover=alert(36) }"),
    ("attr list href override", "[链接](https://example.org){: href='javascript:alert(37)' }"),
    ("attr list overlay style", "覆盖全页\n{: style='position:fixed;inset:0;z-index:9999;background:#fff;background-image:url(x.png)' }"),
    ("attr list toc label", "## 目录 { data-toc-label='<img src=x onerror=alert(38)>' }"),
    ("md_in_html onclick", '<div markdown="1" onclick="alert(39)">**粗体**</div>'),
    ("entity encoded tag in html", '<a href="&#x6A;&#x61;vascript:alert(40)">实体</a>'),
    ("html comment breakout", "<!--><img src=x onerror=alert(41)>-->"),
    ("noscript confusion", '<noscript><p title="</noscript><img src=x onerror=alert(42)>">'),
    ("meta description breakout", "'\"><img src=x onerror=alert(43)>活动"),
    ("entities in a heading", "## &lt;img src=x onerror=alert(44)&gt;标题 &amp;lt;/title&amp;gt;"),
]

# A hostile title (issue 16's first case) and the meta-description breakout.
HOSTILE_TITLE = "社区冬日送温暖 {: autofocus tabindex=1 onfocus=alert(document.domain) }"
BREAKOUT = "'\"><img src=x onerror=alert(1)>活动"


def hostile_markdown() -> str:
    """Every case in one Markdown text, each between blank lines."""
    return "\n\n".join(f"{name}：\n\n{text}" for name, text in XSS_CASES) + "\n"


_URL_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc")
_BAD_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)
_BAD_STYLE = re.compile(r"position|inset|z-index|background-image|url\(|expression|behavior|content|transform", re.I)
_BAD_TAGS = ("iframe", "object", "embed", "base", "frame", "frameset", "applet")
# Not in content (the theme's own icons are SVG and its search box is a form: whole pages are
# checked for their attributes instead).
_BAD_CONTENT_TAGS = (*_BAD_TAGS, "svg", "math", "form", "button", "meta", "style", "link")
# The theme's own: Material's search "share" button is an <a href="javascript:void(0)">.
_THEME_JAVASCRIPT = {("a", "javascript:void(0)", "search-share")}


def unsafe_findings(page: str, fragment: bool = False) -> list[str]:
    """What in an HTML page could run script or draw over the page; empty when safe.

    ``fragment``: rendered text rather than a whole page, where no <script>, <svg>, <form>…
    may appear at all. In a whole page the theme's own scripts, icons and search form are
    expected: scripts must then be the theme's (every hostile case calls ``alert(``/``msgbox(``).
    """
    soup = BeautifulSoup(page, "html.parser")
    found: list[str] = []
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}={text!r}>")
            theme_own = (element.name, text, element.get("data-md-component")) in _THEME_JAVASCRIPT
            if name.lower() in _URL_ATTRIBUTES and _BAD_URL.match(text) and not theme_own:
                found.append(f"<{element.name} {name}={text!r}>")
            if name.lower() == "style" and _BAD_STYLE.search(text):
                found.append(f"<{element.name} style={text!r}>")
            if name.lower() in ("autofocus", "http-equiv"):
                found.append(f"<{element.name} {name}>")
        if element.name in (_BAD_CONTENT_TAGS if fragment else _BAD_TAGS):
            found.append(f"<{element.name}>")
        if element.name == "meta" and element.get("http-equiv"):
            found.append("<meta http-equiv>")
    for script in soup.find_all("script"):
        if fragment or "alert(" in script.get_text() or "msgbox(" in script.get_text():
            found.append(f"<script>{script.get_text()[:60]}")
    return found
