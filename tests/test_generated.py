"""Record text is rendered as Markdown but can never inject markup or script links; pagers show
a window of page links."""

from __future__ import annotations

import markdown

from wenming.core.gate import StaffGateExtension
from wenming.mkdocs.generated import GeneratedPage, Pager, escape_markdown_source


def render(text: str) -> str:
    # As the build renders record text: the first layer, then Markdown ending in the trust gate.
    return markdown.markdown(escape_markdown_source(text), extensions=["attr_list", StaffGateExtension()])


def test_script_tags_show_as_text():
    html = render("她说：<script>alert(1)</script> 大家好")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_still_works():
    html = render("**热心肠**的邻居\n\n> 居民说：谢谢她\n\n- 一\n- 二")
    assert "<strong>热心肠</strong>" in html
    assert "<blockquote>" in html and "<li>二</li>" in html


def test_script_links_are_disarmed():
    html = render("[点我](javascript:alert(1)) [正常](https://example.org/)")
    assert "javascript:" not in html
    assert 'href="https://example.org/"' in html


def test_front_matter_survives_any_title():
    page = GeneratedPage("a/b.md", 'x: "y" --- 标题', "page.html", body="正文", meta={"description": "描述"})
    source = page.source()
    assert source.startswith("---\ntitle: 'x: \"y\" --- 标题'\ntemplate: page.html\ndescription: 描述\n---\n\n正文")


URIS = tuple(f"list/page/{number}.md" for number in range(1, 11))  # a list of ten pages


def numbers(pager: Pager) -> list[int | None]:
    return [item[0] if item else None for item in pager.window]


def test_pager_window_shows_first_last_and_two_either_side_with_gaps():
    assert numbers(Pager(6, URIS)) == [1, None, 4, 5, 6, 7, 8, 9, 10]  # 9 alone would be a gap of one
    assert numbers(Pager(4, URIS)) == [1, 2, 3, 4, 5, 6, None, 10]  # 1 is next to 2: no gap
    assert numbers(Pager(5, URIS)) == [1, 2, 3, 4, 5, 6, 7, None, 10]  # "…" never hides one page
    assert Pager(6, URIS).window[1:3] == [None, (4, "list/page/4.md")]


def test_pager_at_either_end():
    first, last = Pager(1, URIS), Pager(10, URIS)
    assert numbers(first) == [1, 2, 3, None, 10]
    assert (first.previous, first.next) == (None, "list/page/2.md")
    assert numbers(last) == [1, None, 8, 9, 10]
    assert (last.previous, last.next) == ("list/page/9.md", None)


def test_pager_of_a_single_page():
    pager = Pager(1, ("list.md",))
    assert pager.count == 1
    assert pager.window == [(1, "list.md")]
    assert (pager.previous, pager.next) == (None, None)


def test_short_list_shows_every_page():
    assert numbers(Pager(3, URIS[:5])) == [1, 2, 3, 4, 5]


def test_front_matter_remembered_equals_front_matter_dumped():
    # The front matter of a record page is dumped once per distinct value (generated._front_matter):
    # values that look alike to a careless key still give their own YAML.
    import datetime as dt

    import yaml

    from wenming.mkdocs.generated import _dump_front_matter

    pages = [
        GeneratedPage("a.md", "中秋", "events/event.html", meta={"hide": ["toc"]}),
        GeneratedPage("b.md", "中秋", "events/event.html", meta={"hide": "toc"}),
        GeneratedPage("c.md", "中秋", "events/event.html", meta={"flag": True}),
        GeneratedPage("d.md", "中秋", "events/event.html", meta={"flag": "True"}),
        GeneratedPage("e.md", "中秋", "events/event.html", meta={"n": 1}),
        GeneratedPage("f.md", "中秋", "events/event.html", meta={"n": 1.0}),
        GeneratedPage("g.md", "中秋", "events/event.html", meta={"date": dt.date(2026, 9, 25)}),
        GeneratedPage("g2.md", "中秋", "events/event.html", meta={"date": dt.datetime(2026, 9, 25)}),
        GeneratedPage("g3.md", "中秋", "events/event.html", meta={"date": "2026-09-25"}),
        GeneratedPage("h.md", "<b>中秋</b>", "events/event.html", search="summary"),
        GeneratedPage("i.md", "中秋", "events/event.html", search=False),
    ]
    for _round in range(2):  # the second round is answered from memory
        texts = [page.source() for page in pages]
        for page, text in zip(pages, texts, strict=True):
            assert (
                text
                == "---\n" + _dump_front_matter(page.title, page.template, page.meta, page.search) + "---\n\n"
            )
        assert len(set(texts)) == len(texts)
        fronts = [yaml.safe_load(text.split("---\n")[1]) for text in texts]
        assert [front.get("hide") for front in fronts[:2]] == [["toc"], "toc"]
        assert [front.get("flag") for front in fronts[2:4]] == [True, "True"]
        assert [type(front.get("n")) for front in fronts[4:6]] == [int, float]
        assert [front["date"] for front in fronts[6:9]] == [dt.date(2026, 9, 25), dt.datetime(2026, 9, 25), "2026-09-25"]
        assert fronts[9]["title"] == "＜b＞中秋＜/b＞" and fronts[9]["search"] == {"summary": True}


def test_front_matter_remembered_for_hostile_titles_is_what_a_fresh_dump_gives():
    # Record titles come from residents: markup, a huge paste, YAML-looking text and nested values
    # go through the remembered front matter as through a fresh dump, twice.
    from mkdocs.utils.meta import get_data

    from wenming.mkdocs.generated import _dump_front_matter

    nested: list[object] = ["底"]
    for _ in range(60):  # deeper than fingerprint's plain bound; plain data all the same
        nested = [nested]
    titles = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>中秋", "---\ntitle: 伪造\n---", "中" * 100_000, "a: b\n- c"]
    pages = [GeneratedPage(f"h{n}.md", title, "events/event.html", meta={"deep": nested}) for n, title in enumerate(titles)]
    for _round in range(2):
        for page in pages:
            text = page.source()
            assert text == "---\n" + _dump_front_matter(page.title, page.template, page.meta, page.search) + "---\n\n"
            body, front = get_data(text)  # as MkDocs reads the page
            assert body == "" and "<" not in front["title"] and front["template"] == "events/event.html"
            assert front["deep"] == nested
