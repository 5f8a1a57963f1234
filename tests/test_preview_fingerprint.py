"""The preview's digest of a template's inputs (preview/fingerprint.py): equal inputs give equal
digests, and any change a template could print gives another; an input it cannot describe is
refused (the page is then rendered), never guessed."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pickle

import pytest
from markupsafe import Markup

from wenming.mkdocs.preview.fingerprint import Fingerprinter, Unfingerprintable


def digest(value: object) -> bytes:
    return Fingerprinter().digest(value)


@dataclasses.dataclass
class Card:
    title: str
    tags: list[str]


class Slotted:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name


class Plain:
    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)


def test_values_of_different_kinds_never_share_a_digest():
    values = [1, "1", True, 1.0, None, b"1", Markup("1"), dt.date(2026, 1, 1), "2026-01-01", [1], (1,), {1}, {"1": 1},
              [], (), {}, set(), "", [[]], [None], {"": None}]  # fmt: skip
    assert len({digest(value) for value in values}) == len(values)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ({"events": [{"title": "中秋", "date": dt.date(2026, 9, 25)}]}, {"events": [{"title": "中秋", "date": dt.date(2026, 9, 26)}]}),
        (Card("重阳", ["敬老"]), Card("重阳", ["敬老", "志愿"])),
        (Plain(team=Plain(name="学雷锋")), Plain(team=Plain(name="学雷锋服务队"))),
        ([("a", 1)], [("a", 1), ("b", 2)]),
        (frozenset({"甲", "乙"}), frozenset({"甲", "丙"})),
    ],
)
def test_a_change_deep_inside_changes_the_digest_and_equal_values_agree(before, after):
    import copy

    assert digest(before) != digest(after)
    assert digest(before) == digest(copy.deepcopy(before))


def test_functions_are_told_apart_by_what_they_close_over():
    def pager(page: int):  # type: ignore[no-untyped-def]
        return lambda: page

    assert digest(pager(1)) == digest(pager(1))
    assert digest(pager(1)) != digest(pager(2))


def test_inputs_it_cannot_describe_are_refused():
    for value in (Slotted("x"), {"items": (n for n in range(3))}):
        with pytest.raises(Unfingerprintable):
            digest(value)


def test_the_type_cache_does_not_mix_kinds_up():
    """Digests of the same values in another order, after the per-type cache has filled."""
    values = [Markup("<b>中秋</b>"), "<b>中秋</b>", Card("a", []), Plain(a=1), {"a": 1}, 1, True]
    first = [digest(value) for value in values]
    assert [digest(value) for value in reversed(values)] == list(reversed(first))


def test_a_news_pager_is_told_apart_by_its_numbers_and_links_not_by_the_posts_listed():
    """Material's pager prints page numbers and links; the posts a list shows reach its template as
    excerpts, digested there. A post's new title must not make every page of the news list new."""
    import paginate

    def pager(titles: list[str], page: int, per_page: int = 10):  # type: ignore[no-untyped-def]
        return paginate.Page([Plain(title=title) for title in titles], page=page, items_per_page=per_page,
                             url_maker=lambda n: f"../page/{n}/")  # fmt: skip

    titles = [f"新闻{n}" for n in range(95)]
    retitled = ["改过的标题", *titles[1:]]
    assert digest(pager(titles, 3)) == digest(pager(retitled, 3))
    assert digest(pager(titles, 3)) != digest(pager(titles, 4))
    assert digest(pager(titles, 3)) != digest(pager([*titles, "新增"] * 2, 3))  # more pages
    assert digest(pager(titles, 3)) != digest(pager(titles, 3, per_page=20))


def test_plain_values_pickled_whole_are_told_apart_like_walked_ones():
    # Lists, dicts and sets of plain values are pickled in one go (fingerprint._plain_tree); what a
    # template prints differently must still digest differently, and equal values alike.
    told_apart = [
        ["中秋", 1], ["中秋", "1"], ["中秋", 1.0], ["中秋", True], [Markup("中秋"), 1], ("中秋", 1),
        {"title": "中秋"}, {"title": Markup("中秋")}, {"title": ["中秋"]}, [dt.date(2026, 9, 25)], [dt.datetime(2026, 9, 25)],
    ]  # fmt: skip
    assert len({digest(value) for value in told_apart}) == len(told_apart)
    first, second = set(), set()
    for name in ["甲", "乙", "丙", "丁"] * 3:
        first.add(name)
    for name in reversed(["甲", "乙", "丙", "丁"]):
        second.add(name)
    assert digest(first) == digest(second)
    assert digest({"anchors": first, "toc": [{"id": "a", "children": []}]}) == digest(
        {"anchors": second, "toc": [{"id": "a", "children": []}]}
    )
    assert digest([{"id": "a", "level": 2}]) != digest([{"id": "a", "level": 3}])


def test_equal_values_digest_alike_whichever_of_their_strings_are_one_object():
    # A file parsed and the same file remembered hold equal strings, shared differently: pickle's
    # memo wrote the second use of one object as a reference, and the digests differed.
    title = "".join(["重阳", "敬老"])
    twin = "".join(["重阳", "敬", "老"])
    assert title == twin and title is not twin
    assert digest([title, title]) == digest([title, twin])
    assert digest({"a": title, "b": title}) == digest({"a": title, "b": twin})
    assert digest(Card(title, [title])) == digest(Card(title, [twin]))


def test_a_list_holding_itself_is_digested_with_the_cycle_named():
    loop: list[object] = []
    loop.append(loop)
    assert digest(loop) == digest(loop) != digest([[]])


def test_a_table_of_contents_is_told_apart_by_its_headings_deep_down():
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    def toc(deep_title: str, level: int = 3) -> TableOfContents:
        top = AnchorLink("重阳", "chongyang", 2)
        top.children = [AnchorLink(deep_title, "jinglao", level)]
        return TableOfContents([top])

    assert digest(toc("敬老")) == digest(toc("敬老"))
    assert len({digest(toc("敬老")), digest(toc("敬老院")), digest(toc("敬老", 4))}) == 3
    marked = toc("敬老")
    marked.items[0].active = True  # what get_toc marks: a template may read it
    assert digest(marked) != digest(toc("敬老"))


def test_a_pages_own_fields_pickled_together_are_told_apart_by_kind_and_place():
    """A page's plain fields go into one pickle, its sets and its table of contents into two
    others: a set, a list, a table of contents and the same values in another field all differ."""
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page
    from mkdocs.structure.toc import AnchorLink, TableOfContents

    def page(**fields: object) -> Page:
        made = Page("重阳", File("events/chongyang.md", "/docs", "/site", True), {})  # type: ignore[arg-type]
        vars(made).update(fields)
        return made

    def own(made: Page) -> bytes:
        return Fingerprinter().page_own_digest(made)

    toc = TableOfContents([AnchorLink("敬老", "jinglao", 2)])
    heading = {"title": "敬老", "id": "jinglao", "level": 2, "children": []}
    variants = [
        page(anchors={"a", "b"}), page(anchors=["a", "b"]), page(anchors=("a", "b")), page(other={"a", "b"}),
        page(toc=toc), page(toc={"items": [heading]}), page(toc=[heading]),
        page(content="<p>敬老</p>"), page(content=Markup("<p>敬老</p>")), page(content="<p>敬老院</p>"),
        page(meta={"title": "重阳"}), page(meta={"title": "重阳", "template": "events/event.html"}),
    ]  # fmt: skip
    assert len({own(made) for made in variants}) == len(variants)
    assert own(page(anchors={"b", "a"}, toc=toc)) == own(page(anchors={"a", "b"}, toc=TableOfContents([AnchorLink("敬老", "jinglao", 2)])))


def test_records_kept_from_the_last_build_are_digested_by_reference_and_checked_in_the_tests_mode():
    """The preview server hands out an unchanged record as the same object build after build
    (RememberedReadings): inside another value (an event of a list) it is digested once and
    written by reference. A record changed in place would then go unseen: the tests' mode
    (check_settled) digests it again and fails."""
    from pathlib import Path

    from wenming.core.events import EventItem
    from wenming.core.records import Record
    from wenming.core.schemas import Event
    from wenming.core.source import SourceRef
    from wenming.mkdocs.preview.fingerprint import LastingDigests

    def record(title: str) -> Record:
        data = Event.model_construct(title=title, kind="志愿服务", date=dt.date(2026, 9, 25), location="社区广场")
        return Record("zhongqiu-2026", data, SourceRef(Path("content/data/events/zhongqiu-2026.yml"), "content/data/events/zhongqiu-2026.yml"))

    def item(kept: Record) -> EventItem:
        return EventItem(kept.id, "中秋", "志愿服务", dt.date(2026, 9, 25), "upcoming", "社区广场", "学雷锋", record=kept)

    def build(lasting: LastingDigests, kept: Record, verify: bool = False) -> bytes:
        lasting.start([kept, kept.data], verify=verify)
        try:
            return Fingerprinter(lasting).digest([item(kept), {"team": kept.data}])
        finally:
            lasting.end()

    lasting = LastingDigests()
    kept = record("中秋游园")
    first = build(lasting, kept)
    assert build(lasting, kept) == first
    assert build(lasting, record("中秋游园")) == first  # the same record read again: the same digest
    assert build(lasting, record("中秋游园会")) != first
    # The reference is much shorter than the record: the record is not written again.
    lasting.start([kept, kept.data])
    assert len(lasting.pickled(item(kept))) < len(pickle.dumps(item(kept))) / 2
    lasting.end()

    build(lasting, kept)
    object.__setattr__(kept.data, "title", "改了")  # what no plugin may do
    assert build(lasting, kept) == first  # unseen in the server
    build(lasting, kept)
    object.__setattr__(kept.data, "title", "又改了")
    with pytest.raises(AssertionError, match="changed in place"):
        build(lasting, kept, verify=True)
