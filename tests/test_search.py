"""Chinese search (issue 20): the right page in the top 3, and nothing downloaded until it is used.

The fixture is the sample portal plus records written here to trap a search that matches single
characters: 刘晓明 beside 刘晓燕 and 王晓明, an event whose place and organiser appear nowhere else.
The queries run through the real search box in chromium (Material's dialog, the portal's worker
and index files served over HTTP); the core's reference search (search_index.search) must agree.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml

from tests.conftest import BUILD_DATE, REPO, THEME_OVERRIDES, run_build, serve_directory, write_files
from tests.search_engine import index_docs, index_files, result_markup, run_engine
from wenming.core.search_index import (
    AHEAD_KB,
    LIKELY_BYTES,
    OWN_KB,
    QUERY_KB,
    IndexBuilder,
    SearchDoc,
    Segmenter,
    answer_key,
    bucket_of,
    fetched_for,
    file_of,
    fitted_terms,
    likely_queries,
    needs_request,
    own_files,
    prefetched_for,
    query_terms,
    record_words,
    scores,
    search,
)

_PERSON = """
name: {name}
gender: 男
birth: 1980-05
community: 幸福里社区
role: {role}
category: {category}
summary: {summary}
deeds: |
  {deeds}
nominated_by: 居民推荐
nominated_on: 2026-08-10
status: selected
publicity:
  start: 2026-09-20
  end: 2026-09-26
period: 2026-Q3
consent: true
"""

FIXTURE_RECORDS = {
    "content/data/nominations/liu-xiaoming.yml": _PERSON.format(
        name="刘晓明", role="小区保安", category="助人为乐",
        summary="保安刘晓明深夜巡查时发现电动车起火，第一时间扑灭明火，保住了整栋楼的安全。",
        deeds="刘晓明是幸福里小区的保安。一天深夜巡查时，他发现车棚里一辆电动车冒出浓烟，立刻拿起灭火器冲上前去，"
        "几分钟就扑灭了明火，又挨家挨户敲门提醒住户。居民们说，有他在，大家睡得踏实。" * 2,
    ),
    "content/data/nominations/liu-xiaoyan.yml": _PERSON.format(
        name="刘晓燕", role="退休护士", category="孝老爱亲",
        summary="退休护士刘晓燕照顾瘫痪在床的婆婆十二年，还常为邻居老人测血压。",
        deeds="刘晓燕退休前是一名护士。婆婆中风瘫痪后，她每天为老人翻身、擦洗、喂饭，十二年如一日。"
        "她还把护理经验教给邻居，常常上门为独居老人量血压、讲用药，大家都叫她“刘护士”。" * 2,
    ),
    "content/data/nominations/wang-xiaoming.yml": _PERSON.format(
        name="王晓明", role="出租车司机", category="诚实守信",
        summary="出租车司机王晓明捡到乘客遗落的背包，连夜送还失主。",
        deeds="出租车司机王晓明收车时发现后座有一个背包，里面有现金和证件。他没有回家，而是按证件上的地址"
        "一路打听，深夜把背包送到失主手中，失主要给他酬谢，他一分没收。" * 2,
    ),
    "content/data/events/2026-falv-zixun.yml": """
        title: 法律咨询进社区
        kind: 宣讲
        date: 2026-12-12
        time: "09:00-11:00"
        location: 彩虹桥广场
        organizer: 清河街道司法所
        description: |
          律师现场解答居民关于婚姻家庭、物业纠纷、劳动合同等方面的法律问题，并发放普法宣传资料。
        status: planned
    """,
}

# (query, the page a resident means): names sharing characters with other names and words,
# two-character words, phrases without spaces, the examples, lists and record fields.
QUERIES = [
    ("中秋", "events/festivals/zhongqiu/"),
    ("志愿", "volunteers/"),
    ("刘晓明", "goodpeople/people/liu-xiaoming/"),
    ("张建国", "volunteers/teams/xueleifeng/"),
    ("包饺子", "events/2026-dongzhi-bao-jiaozi/"),
    ("孝老爱亲", "goodpeople/category/xiaolao-aiqin/"),
    ("刘晓燕", "goodpeople/people/liu-xiaoyan/"),
    ("王晓明", "goodpeople/people/wang-xiaoming/"),
    ("刘建军", "goodpeople/people/liu-jianjun/"),
    ("王秀兰", "goodpeople/people/wang-xiulan/"),
    ("陈立新", "goodpeople/people/chen-lixin/"),
    ("马骏", "goodpeople/people/ma-jun/"),
    ("韩磊", "goodpeople/people/han-lei/"),
    ("宋佳", "goodpeople/people/song-jia/"),
    ("叶子涵", "goodpeople/people/ye-zihan/"),
    ("卢志强", "goodpeople/notice/2026-11/"),
    ("潘丽娜", "goodpeople/notice/2026-11/"),
    ("一张课桌", "news/2026/06/tougao-sidianban-ketang-de-xiatian/"),
    ("四点半课堂", "volunteers/teams/sidianban-ketang/"),
    ("医疗健康", "volunteers/teams/yiliao-jiankang/"),
    ("平安巡逻队", "volunteers/teams/pingan-xunluo/"),
    ("端午", "events/festivals/duanwu/"),
    ("重阳", "events/festivals/chongyang/"),
    ("腊八", "events/festivals/laba/"),
    ("七夕", "events/festivals/qixi/"),
    ("包粽子", "events/2026-duanwu-bao-zongzi/"),
    ("心肺复苏", "events/2025-xinfei-fusu-peixun/"),
    ("露天电影", "events/2026-xiaye-lutian-dianying/"),
    ("防溺水", "events/2026-shuqian-fangnishui/"),
    ("护学岗", "events/2026-kaixue-huxuegang/"),
    ("旱地龙舟", "events/2026-duanwu-qinzi-songdu/"),
    ("读书分享会", "events/2026-shijie-dushuri-fenxianghui/"),
    ("见义勇为", "goodpeople/category/jianyi-yongwei/"),
    ("诚实守信", "goodpeople/category/chengshi-shouxin/"),
    ("服务时长榜", "volunteers/leaderboard/"),
    ("第三季度身边好人榜", "goodpeople/rolls/2026-Q3/"),
    ("活动日历", "events/calendar/"),
    ("2026年10月活动日历", "events/calendar/2026-10/"),
    ("我们的节日", "events/festivals/"),
    ("推荐须知", "goodpeople/guide/"),
    ("彩虹桥广场", "events/2026-falv-zixun/"),
    ("司法所", "events/2026-falv-zixun/"),
    ("拾金不昧", "news/2026/07/2026-07-kuaidiyuan-shijin-bumei/"),
    ("冬至", "events/2026-dongzhi-bao-jiaozi/"),
    ("义诊", "events/2026-xiaji-jiankang-yizhen/"),
    ("香囊", "events/2025-duanwu-zuo-xiangnang/"),
    ("电信诈骗", "events/2025-fangfan-dianxin-zhapian/"),
    ("小区保安", "goodpeople/people/liu-xiaoming/"),
    ("退休护士", "goodpeople/people/liu-xiaoyan/"),
    ("好人", "goodpeople/"),
]


@pytest.fixture(scope="module")
def search_site(tmp_path_factory: pytest.TempPathFactory):
    """The sample portal with the fixture records, built once."""
    root = tmp_path_factory.mktemp("search")
    shutil.copytree(REPO / "content", root / "content")
    write_files(root, FIXTURE_RECORDS)
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(THEME_OVERRIDES)
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "wenming" in entry:
            entry["wenming"]["build_date"] = BUILD_DATE
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    built = run_build(root / "mkdocs.yml", strict=True)
    assert built.error is None, f"{built.error}\n" + "\n".join(built.warnings)
    return built


def test_reference_search_finds_the_expected_pages(search_site):
    files = index_files(search_site.site)
    misses = [(query, expected, search(files, query, 3)) for query, expected in QUERIES]
    misses = [miss for miss in misses if miss[1] not in miss[2]]
    assert len(misses) <= len(QUERIES) * 0.05, misses


def requests_settled(page, requested: list[str], quiet_ms: int = 700, limit_ms: int = 15_000) -> None:  # type: ignore[no-untyped-def]
    """Until no request has come for ``quiet_ms``. Not wait_for_load_state("networkidle"): once
    the page has loaded, that returns at once, before the engine's fetches ahead were seen (on a
    busy CI machine one came after and was counted against the next step)."""
    waited = 0
    while waited < limit_ms:
        seen = len(requested)
        page.wait_for_timeout(quiet_ms)
        waited += quiet_ms
        if len(requested) == seen:
            return


def load_events_page(page, base: str) -> str:  # type: ignore[no-untyped-def]
    """A page loaded as a resident opens it, with all it requests done; the text Material's
    result list shows before anything is found (to tell when a query's list has come)."""
    page.goto(base + "events/")
    page.wait_for_load_state("networkidle")
    return str(page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations['search.result.placeholder']"))


def test_search_box_finds_the_expected_pages_in_chromium(search_site, browser):
    """Typed into Material's search box; the result list is Material's markup with page titles."""
    assert len(QUERIES) >= 40
    page = browser.new_page(viewport={"width": 390, "height": 844})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with serve_directory(search_site.site) as base:
        placeholder = load_events_page(page, base)
        assert not [url for url in requested if "/search/" in url or "wenming-search" in url or "sitemap" in url]
        page.keyboard.press("/")  # Material's shortcut opens the dialog and focuses the box
        box = page.locator(".md-search__input")
        assert box.evaluate("element => element === document.activeElement")
        misses = []
        for query, expected in QUERIES:
            box.fill("")
            page.keyboard.press("End")
            page.wait_for_function("text => document.querySelector('.md-search-result__meta').textContent.trim() === text", arg=placeholder)
            # The whole query at once, as an input method commits it: type() would send "2", "20"…
            # for digits and race their results. Chinese input fires no keyup; End does, as Material needs.
            box.fill(query)
            page.keyboard.press("End")
            page.wait_for_function("text => document.querySelector('.md-search-result__meta').textContent.trim() !== text", arg=placeholder)
            items = page.locator(".md-search-result__item")
            top = [
                items.nth(i).locator("a.md-search-result__link").first.get_attribute("href") or ""
                for i in range(min(3, items.count()))
            ]
            locations = [href.split("?")[0].replace(base, "") for href in top]
            titles = [items.nth(i).locator("h1").inner_text() for i in range(min(3, items.count()))]
            assert all(titles), f"{query}: every result shows its page title in its heading"
            if expected not in locations:
                misses.append((query, expected, locations))
        # A query with markup is searched as words and shown as text.
        box.fill("")
        page.keyboard.press("End")
        page.wait_for_function("text => document.querySelector('.md-search-result__meta').textContent.trim() === text", arg=placeholder)
        box.fill('<img src=x onerror="window.pwned=1">中秋')
        page.keyboard.press("End")
        page.wait_for_function("text => document.querySelector('.md-search-result__meta').textContent.trim() !== text", arg=placeholder)
        assert page.evaluate("window.pwned") is None
        assert page.locator(".md-search-result img").count() == 0
        # Keyboard: arrow down moves to the first result, Enter opens it.
        box.fill("")
        # When the result list last changed: a resident reads the list before pressing a key.
        page.evaluate(
            "() => { window.wmListChanged = performance.now(); new MutationObserver(() => { window.wmListChanged ="
            " performance.now(); }).observe(document.querySelector('.md-search-result'), {childList: true, subtree: true}); }"
        )
        box.type("王秀兰")  # typed: Chinese characters fire no keyup, the End key does
        page.keyboard.press("End")
        # The list of the whole name (not that of 王 or 王秀 typed before it, answered locally and
        # so possibly first), settled for 300 ms: Material may draw it again as it arrives, and a
        # link focused by the arrow key is then gone (CI: focus on <body>, Enter opened nothing).
        page.wait_for_function(
            "() => { const title = document.querySelector('.md-search-result__item h1');"
            " return title !== null && title.textContent.includes('王秀兰') && performance.now() - window.wmListChanged > 300; }"
        )
        page.keyboard.press("ArrowDown")
        assert page.evaluate("() => document.activeElement.matches('.md-search-result__link')")
        page.keyboard.press("Enter")
        page.wait_for_url("**/goodpeople/people/wang-xiulan/")
    page.close()
    assert len(misses) <= len(QUERIES) * 0.05, misses
    fetched = [url for url in requested if "/search/" in url]
    assert not [url for url in fetched if "search_index.json" in url]


def test_text_committed_without_a_key_is_searched_and_earlier_queries_cost_no_request(search_site, browser):
    """A word pasted, dictated or committed by an input method changes the box without a key
    release (Material searches on keyup only): it is searched as it arrives, so each character a
    resident commits fetches its files ahead of the next. A query searched before, or one whose
    files are already fetched, makes no request (the engine keeps what it fetched)."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    with serve_directory(search_site.site) as base:
        placeholder = load_events_page(page, base)
        page.keyboard.press("/")
        meta = ".md-search-result__meta"
        first = ".md-search-result__item a.md-search-result__link"
        page.keyboard.insert_text("刘晓")  # no key pressed or released
        page.wait_for_function(f"text => document.querySelector('{meta}').textContent.trim() !== text", arg=placeholder)
        # The caret at the end, where a resident's is: in 1 run in 8 (before issue 20's later-query
        # work too) the dialog, opened by "/" just before, had put it back at the start, and 明
        # went before 刘晓 (the list of 刘晓 still showing 刘晓明 first hid it until the next step).
        page.keyboard.press("End")
        page.keyboard.insert_text("明")
        page.wait_for_function(f"() => (document.querySelector('{first}') || {{}}).href?.includes('/goodpeople/people/liu-xiaoming/')")
        requests_settled(page, requested)  # the files fetched ahead for 刘晓明 too
        fetched = len(requested)
        page.keyboard.press("End")
        page.keyboard.press("Backspace")  # back to 刘晓: its files were fetched while typing
        page.wait_for_timeout(300)
        page.keyboard.press("End")
        page.keyboard.insert_text("明")
        page.wait_for_function(f"() => (document.querySelector('{first}') || {{}}).href?.includes('/goodpeople/people/liu-xiaoming/')")
        page.wait_for_timeout(300)
        search_files = [url for url in requested[:fetched] if "/search/" in url]
        assert requested[fetched:] == [], f"earlier: {search_files}"
        # A word committed at once: its bucket carries its results, one round trip.
        page.locator(".md-search__input").fill("")
        page.wait_for_function(f"text => document.querySelector('{meta}').textContent.trim() === text", arg=placeholder)
        fetched = len(requested)
        page.keyboard.insert_text("中秋")
        page.wait_for_function(f"() => (document.querySelector('{first}') || {{}}).href?.includes('/events/festivals/zhongqiu/')")
        requests_settled(page, requested)
        assert requested[fetched:] and all("/search/terms/" in url for url in requested[fetched:]), requested[fetched:]
    page.close()


def test_refined_shortened_and_repeated_queries_make_no_request(search_site, browser):
    """After answering a query the engine fetches ahead the files its refinements need (the next
    character's pairs and words, the query less a character or two) and keeps all it fetched: a
    word committed at once and then refined by a character, shortened by Backspace, or searched
    again after another query is answered from the files at hand, with no request (on a phone
    each request is a round trip, 0.4 s or more). Requests counted as Playwright sees them, the
    engine's (in Material's worker) included."""
    files = index_files(search_site.site)
    page = browser.new_page(viewport={"width": 390, "height": 844})
    requested: list[str] = []
    in_flight: set[object] = set()
    page.on("request", lambda request: (requested.append(request.url), in_flight.add(request)))
    page.on("requestfinished", lambda request: in_flight.discard(request))
    page.on("requestfailed", lambda request: in_flight.discard(request))

    def settled() -> None:  # nothing in flight for 0.3 s: the files fetched ahead have arrived
        quiet = 0
        for _ in range(200):
            page.wait_for_timeout(100)
            quiet = quiet + 1 if not in_flight else 0
            if quiet == 3:
                return
        raise AssertionError(f"requests still in flight: {in_flight}")

    shown_js = """(expected) => JSON.stringify([...document.querySelectorAll(
        '.md-search-result__item > a.md-search-result__link')].map((link) => new URL(link.href).pathname.slice(1)))
        === JSON.stringify(expected)"""

    def shows(query: str) -> None:  # the list is the query's own (the core's reference search)
        expected = search(files, query)
        assert expected, query
        page.wait_for_function(shown_js, arg=expected)

    with serve_directory(search_site.site) as base:
        load_events_page(page, base)
        settled()
        loaded = len(requested)
        page.keyboard.press("/")
        box = page.locator(".md-search__input")
        # (how the box changes, the text it adds or leaves, what the step may request): "fetch" its
        # files; "ahead" nothing it needs, only files fetched ahead for the next query; "none" nothing.
        steps = [
            ("insert", "中秋", "ahead"),  # a festival: its answer came with likely.json, on opening the box
            ("insert", "节", "ahead"),  # refined by a character: 秋节 and ~中秋节 are in 秋's file
            ("Backspace", "中秋", "none"),  # shortened: searched before, its files fetched ahead long ago
            ("fill", "刘晓明", "fetch"),  # a name: its files, one round trip
            ("Backspace", "刘晓", "ahead"),  # shortened: 刘晓 and 刘 were fetched ahead
            ("Backspace", "刘", "ahead"),
            ("fill", "包饺子", "fetch"),  # another new word
            ("Backspace", "包饺", "ahead"),
            ("fill", "孝老爱亲", "ahead"),  # a category: in likely.json
            ("fill", "中秋节", "none"),  # repeated after other queries
        ]
        settled()  # opening the box fetched the engine, the manifest and likely.json, nothing else
        opened = sorted(url.split("/")[-1].split("?")[0] for url in requested[loaded:])
        assert opened == ["likely.json", "manifest.json", "wenming-search.js"]
        manifest = json.loads(files["manifest.json"])
        for action, text, allowed in steps:
            settled()
            page.keyboard.press("End")  # the caret where a resident's is (see the test above)
            have = {url.split("/search/")[-1].split("?")[0] for url in requested if "/search/" in url}
            before = len(requested)
            if action == "insert":
                page.keyboard.insert_text(text)  # an input method's commit: no key pressed
            elif action == "fill":
                box.fill(text)
                page.keyboard.press("End")
            else:
                page.keyboard.press(action)
            query = box.input_value()
            assert query.endswith(text)
            shows(query)
            settled()
            made = [url.split("/search/")[-1].split("?")[0] for url in requested[before:] if "wenming-search.js" not in url]
            if allowed == "fetch":
                assert set(fetched_for(files, query)) <= set(made) <= {"manifest.json", *fetched_for(files, query), *prefetched_for(query, manifest)}
            elif allowed == "ahead":  # what the answer needed was at hand; the rest is for the next query
                assert not needs_request(files, query, have), query
                assert set(made) <= set(prefetched_for(query, manifest)), (query, made)
            else:
                assert requested[before:] == [], (query, requested[before:])
    page.close()


def test_top_results_come_with_the_query_terms(search_site):
    """The buckets of a query's terms carry the documents of its best results: no second round
    trip for the groups (0.4 s on a phone) for nearly every query; the groups hold the rest."""
    files = index_files(search_site.site)
    two_trips = [query for query, _ in QUERIES if any(name.startswith("docs/") for name in fetched_for(files, query, 3))]
    assert len(two_trips) <= len(QUERIES) * 0.1, two_trips
    manifest = json.loads(files["manifest.json"])
    assert fetched_for(files, "中秋", 10) == [file_of("中秋", manifest)]  # one file


def test_no_page_downloads_the_sitemap_or_a_search_index(search_site):
    html = search_site.read("events/index.html")
    assert 'rel="alternate"' not in html  # Material would fetch sitemap.xml for it
    assert 'rel="feed alternate" type="application/rss+xml"' in html  # feed readers still find the feed
    assert not (search_site.site / "search" / "search_index.json").exists()
    assert 'name="search"' not in html  # Material fetches the whole index for a form named search


def test_lists_are_indexed_once_by_title_and_description(search_site):
    files = index_files(search_site.site)
    locations = [doc[0] for doc in index_docs(search_site.site)]
    assert len(locations) == len(set(locations)), "one document per page"
    assert "events/calendar/2026-10/" in locations and "volunteers/leaderboard/" in locations
    assert not [location for location in locations if "/page/" in location], "later pages of lists are left out"
    # A list's body repeats its records: 刘晓明 is found on his page and the notice, never on a roll.
    assert not [location for location in search(files, "刘晓明", 20) if "/rolls/" in location or "/category/" in location]


def test_record_fields_printed_by_templates_are_searchable(search_site):
    files = index_files(search_site.site)
    assert search(files, "清河街道司法所", 1) == ["events/2026-falv-zixun/"]  # organiser
    assert "volunteers/teams/xueleifeng/" in search(files, "便民服务", 5)  # a team's service area


def test_query_terms_cover_every_character():
    """Material's worker dropped the last character (中秋 was searched as 中*)."""
    assert query_terms("中秋") == (["中秋"], [])
    assert query_terms("包饺子") == (["包饺", "饺子"], ["~包饺子"])
    assert query_terms("孝老爱亲") == (["孝老", "爱亲"], ["~孝老爱亲"])
    assert query_terms("张") == (["张"], [])
    assert query_terms("２０２６年 ABC") == (["2026", "年", "abc"], [])
    assert query_terms("  ，。<script>") == (["script"], [])


def test_bucket_hash_matches_javascript():
    terms = ["中秋", "~刘晓明", "2026", "𠀀字", "abc"]
    hashed = run_engine("console.log(JSON.stringify(JSON.parse(argv[0]).map(t => self.wenmingSearch.bucketOf(t, 4096))))", json.dumps(terms))
    assert hashed == [bucket_of(term, 4096) for term in terms]


# A manifest with split characters (their parts' sizes in KB; at 10,000 records 社 has 21 parts)
# and the buckets' sizes, for the file rules below.
SPLIT_MANIFEST = {"buckets": 64, "split": {"社": [12] * 11, "区": [10] * 4, "中": [9, 9]}, "bucket_kb": [3] * 64}


def test_a_refinement_needs_only_the_files_fetched_ahead():
    """Pairs live in the file of their first character, "~" words in that of their last but one:
    the terms one more character adds are in the file of the character before it, which the
    engine fetched ahead after the shorter query; so are those of the query less a character or two."""
    manifest = SPLIT_MANIFEST
    for query, longer in [("中秋", "中秋节"), ("志愿", "志愿者"), ("包饺", "包饺子"), ("重阳敬", "重阳敬老"), ("孝老爱", "孝老爱亲")]:
        required, words = query_terms(longer)
        assert {file_of(term, manifest) for term in required + words} <= set(prefetched_for(query, manifest)) | {
            file_of(term, manifest) for term in sum(query_terms(query), [])
        }, (query, longer)
    for query in ["孝老爱亲", "党群服务中心", "刘晓明"]:
        for shorter in (query[:-1], query[:-2]):
            required, words = query_terms(shorter)
            assert {file_of(term, manifest) for term in required + words} <= set(prefetched_for(query, manifest))
    # Bounded: 社 (11 parts, 132 KB) is not fetched ahead whole (only the part of its own term); 区's
    # 4 parts (40 KB) are, as the last character.
    assert len([name for name in prefetched_for("社", manifest) if name.startswith(f"terms/{bucket_of('社', 64)}-")]) == 1
    assert len([name for name in prefetched_for("社区", manifest) if name.startswith(f"terms/{bucket_of('区', 64)}-")]) == 4
    assert prefetched_for("", manifest) == prefetched_for("abc 2026", manifest) == []
    # What is fetched beyond the query's own files fits in AHEAD_KB, by the manifest's sizes.
    for query in ["社区志愿者坚持多年义务服务为独居老人送去温暖" * 20, "社区志愿者", "中", "区中社"]:
        own = {file_of(term, manifest) for term in sum(query_terms(query), [])}
        extra = [name for name in prefetched_for(query, manifest) if name not in own]
        sizes = {f"terms/{bucket_of(key, 64)}-{part}.json": kb for key, parts in manifest["split"].items() for part, kb in enumerate(parts)}
        assert sum(sizes.get(name, 3) for name in extra) <= AHEAD_KB, query


def test_file_names_match_javascript():
    """The engine names the same files as the core, for hostile words too: a word of letters is its
    own key, and "constructor" or "__proto__" must not find the JavaScript object's own properties
    in the manifest's split characters (it would name terms/N-undefined.json or fail)."""
    queries = ["中秋", "中秋节", "社区志愿者", "孝老爱亲", "2026年10月", "abc", "constructor", "__proto__", "toString 社区",
               "hasOwnProperty", "𠀀社区", "中秋 ", "<script>社</script>", "社区志愿者坚持多年义务服务为独居老人送去温暖" * 5]
    found = run_engine(
        "const m=JSON.parse(argv[0]);const qs=JSON.parse(argv[1]);console.log(JSON.stringify(qs.map((q)=>{"
        "const t=self.wenmingSearch.queryTerms(q);const f=self.wenmingSearch.fittedTerms(q,m);"
        "return [t.required.concat(t.words).map((x)=>self.wenmingSearch.fileOf(x,m)),"
        "self.wenmingSearch.prefetchedFor(q,m),f.required.concat(f.words)];})))",
        json.dumps(SPLIT_MANIFEST), json.dumps(queries),
    )
    expected = [
        [[file_of(term, SPLIT_MANIFEST) for term in sum(query_terms(query), [])], prefetched_for(query, SPLIT_MANIFEST),
         sum(fitted_terms(query, SPLIT_MANIFEST), [])]
        for query in queries
    ]  # fmt: skip
    assert found == expected
    assert all(re.fullmatch(r"terms/\d+(-\d+)?\.json", name) for pair in found for names in pair[:2] for name in names)


def test_a_query_costs_at_most_its_bound_whatever_is_pasted():
    """A pasted paragraph's eight terms weighed 110 KB at 10,000 records, and with the files fetched
    ahead and what opening the box fetched, 181 KB raw as a first query (issue 20: 150 KB). The
    terms whose files do not fit in OWN_KB are left out (its first ones still find its pages), and
    what is fetched ahead fits, with them, in QUERY_KB: by the manifest's sizes, whatever the files."""
    manifest = {"buckets": 64, "split": {"社": [12] * 11, "区": [10] * 4, "志": [14] * 6, "愿": [9] * 3}, "bucket_kb": [9] * 64}
    sizes = {f"terms/{number}.json": kb for number, kb in enumerate(manifest["bucket_kb"])}
    sizes.update({f"terms/{bucket_of(key, 64)}-{part}.json": kb for key, parts in manifest["split"].items() for part, kb in enumerate(parts)})
    for query in ["社区志愿者坚持多年义务服务为独居老人送去温暖", "社区志愿者坚持多年义务服务为独居老人送去温暖" * 20,
                  "中秋", "志愿服务社区", "区社志愿"]:  # fmt: skip
        required, words = fitted_terms(query, manifest)
        assert required and required[0] == query_terms(query)[0][0]
        own = own_files(query, manifest)
        assert sum(own.values()) <= OWN_KB, query
        assert sum(sizes[name] for name in prefetched_for(query, manifest)) <= QUERY_KB, query
    assert fitted_terms("中秋晚会", manifest) == query_terms("中秋晚会")  # a typed query keeps every term
    long = "社区志愿者坚持多年义务服务为独居老人送去温暖"
    assert len(sum(fitted_terms(long, manifest), [])) < len(sum(query_terms(long), []))


def test_every_file_a_term_may_name_exists():
    """Buckets and parts no term fell into are written too: a query for a word no page has gets an
    empty file, not a 404 (and a server's error log line) for each such term."""
    builder = IndexBuilder()
    for number in range(40):  # 1,200 pairs 社X, each carrying its pages: 社 is split
        text = "".join("社" + chr(0x4E00 + number * 7 + k) for k in range(30))
        builder.add(SearchDoc(f"p{number}/", f"社区第{number}号", text, "社" * 60))
    files = builder.files()
    manifest = json.loads(files["manifest.json"])
    assert list(manifest["split"]) == ["社"]
    # The manifest gives each terms file's size in KB, rounded up (what the engine fetches ahead is counted by them).
    sizes = {f"terms/{number}.json": kb for number, kb in enumerate(manifest["bucket_kb"])}
    sizes |= {f"terms/{bucket_of('社', manifest['buckets'])}-{part}.json": kb for part, kb in enumerate(manifest["split"]["社"])}
    assert sizes == {name: -(-len(data) // 1024) for name, data in files.items() if name.startswith("terms/")}
    names = {f"terms/{number}.json" for number in range(manifest["buckets"])}
    names |= {f"terms/{bucket_of(key, manifest['buckets'])}-{part}.json" for key, parts in manifest["split"].items() for part in range(len(parts))}
    assert names == {name for name in files if name.startswith("terms/")}
    assert search(files, "社区第7号", 1) == ["p7/"]


def test_likely_queries_are_answered_as_the_engine_would(search_site):
    """likely.json (fetched on opening the box) holds the answers to the records' vocabulary:
    each is the core's own answer (count, top 10, their documents), within LIKELY_BYTES."""
    files = index_files(search_site.site)
    likely = json.loads(files["likely.json"])
    assert len(files["likely.json"]) <= LIKELY_BYTES
    assert {answer_key(query) for query in ["中秋", "孝老爱亲", "重阳", "学雷锋"]} <= set(likely["answers"])
    for query in likely_queries():
        if answer_key(query) in likely["answers"]:
            count, best = likely["answers"][answer_key(query)]
            assert [likely["#docs"][str(number)][0] for number in best] == search(files, query), query
            assert count == len(scores(files, query))


def test_the_engine_answers_a_likely_query_from_likely_json_alone():
    """No terms file is served: the answer comes from likely.json, escaped as any other (a title
    with markup stays text), and equals the core's."""
    builder = IndexBuilder(likely=["中秋", "重阳"])
    builder.add(SearchDoc("zhongqiu/", '<img src=x onerror="alert(1)">中秋', "中秋节赏月", "中秋 & <b>"))
    builder.add(SearchDoc("other/", "社区活动", "中秋晚会", ""))
    files = builder.files()
    assert search(files, "中秋") == ["zhongqiu/", "other/"]
    served = {name: files[name] for name in ("manifest.json", "likely.json")}
    found = run_engine(
        "self.wenmingSearch.prepare().then(()=>self.wenmingSearch.search(argv[0])).then((result)=>console.log("
        "JSON.stringify([result.total,result.items.map((group)=>[group[0].location,group[0].title,group[0].text])])))",
        "中秋", files=served,
    )
    assert found == [2, [
        ["zhongqiu/", '&lt;img src=x onerror=&quot;alert(1)&quot;&gt;<mark>中秋</mark>', "<p><mark>中秋</mark> &amp; &lt;b&gt;</p>"],
        ["other/", "社区活动", ""],
    ]]


def test_a_pasted_paragraph_fetches_a_few_buckets_only():
    paragraph = "社区志愿者坚持多年义务服务为独居老人送去温暖邻里之间互帮互助" * 50
    required, words = query_terms(paragraph)
    assert len(required) == 8 and len(words) == 1
    assert query_terms("中秋 " * 1000) == (["中秋"], [])


def test_query_terms_match_javascript():
    queries = ["中秋", "包饺子", "孝老爱亲", "２０２６年 ABC", "  ，。<script>", "张", "社区志愿者坚持多年义务服务为独居老人送去温暖" * 20]
    found = run_engine("console.log(JSON.stringify(JSON.parse(argv[0]).map(q => self.wenmingSearch.queryTerms(q))))", json.dumps(queries))
    assert found == [dict(zip(("required", "words"), query_terms(query), strict=True)) for query in queries]


def test_names_from_records_are_whole_words():
    builder = IndexBuilder(Segmenter(["刘晓明", "彩虹桥广场"]))
    builder.add(SearchDoc("a/", "刘晓明", "保安刘晓明在彩虹桥广场巡逻"))
    builder.add(SearchDoc("b/", "刘晓东", "刘晓东和王晓明"))
    files = builder.files()
    # b/ has 刘晓 and 晓明 but never 刘晓明: found by the pairs, ranked below the whole name.
    assert search(files, "刘晓明") == ["a/", "b/"]
    assert search(files, "彩虹桥广场") == ["a/"]
    assert sorted(search(files, "刘晓")) == ["a/", "b/"]


def test_hostile_text_is_escaped_in_results_and_index():
    """Titles and teasers go into Material's result list as HTML (innerHTML): the index keeps them
    as plain text (JSON strings) and the engine escapes them before marking the query."""
    title = '<script>alert(1)</script>中秋<img src=x onerror=alert(1)>"'
    builder = IndexBuilder()
    builder.add(SearchDoc("x/", title, "中秋 & <b>"))
    assert json.loads(builder.files()["docs/0.json"])[0][1] == title
    markup = result_markup([title, "<mark>中秋</mark>", "中&lt;秋"], "中秋")
    assert markup == [
        "&lt;script&gt;alert(1)&lt;/script&gt;<mark>中秋</mark>&lt;img src=x onerror=alert(1)&gt;&quot;",
        "&lt;mark&gt;<mark>中秋</mark>&lt;/mark&gt;",
        "中&amp;lt;秋",
    ]
    # A marked run is escaped too (the engine only marks runs of Han, letters and digits anyway).
    assert result_markup(["a<b>c"], "<b>") == ["a<mark>&lt;b&gt;</mark>c"]


def test_a_title_like_the_documents_key_is_a_plain_title():
    """Buckets carry documents under "#docs": a page titled "#docs" (or a query for it) is a word
    "docs" like any other, never the carried documents; the engine in node agrees with the core."""
    builder = IndexBuilder()
    builder.add(SearchDoc("hash/", "#docs", "页面 #docs"))
    builder.add(SearchDoc("other/", "中秋", "中秋 docs"))
    files = builder.files()
    assert search(files, "#docs") == ["hash/", "other/"]
    assert search(files, "__proto__ #docs") == []  # "proto" is in no page
    found = run_engine(
        "Promise.all(argv.map((q)=>self.wenmingSearch.search(q))).then((results)=>console.log(JSON.stringify("
        "results.map((result)=>result.items.map((group)=>[group[0].location,group[0].title])))));",
        "#docs", "__proto__ #docs", files=files,
    )
    assert found == [[["hash/", "#<mark>docs</mark>"], ["other/", "中秋"]], []]


def test_record_words_include_names_places_and_organisers(sample_site):
    from wenming.core.site_data import load_site

    site = load_site(REPO / "content", __import__("datetime").date(2026, 11, 23), "data", "submissions")
    words = set(record_words(site))
    assert {"王秀兰", "张建国", "卢志强", "幸福里学雷锋志愿服务队", "孝老爱亲"} <= words


def test_article_text_is_what_a_reader_sees():
    from wenming.mkdocs.portal.search import article_text

    page = (
        '<header>页头 搜索</header><div class="md-content"><article class="md-content__inner md-typeset">'
        "<h1>刘晓明</h1><p>保安<strong>刘</strong>晓明 &lt;b&gt; &amp; 居民</p>"
        "<script>var 隐藏 = 1;</script><style>.x{}</style><svg><text>图表标签</text></svg>"
        '<dl><dt>地点</dt><dd>彩虹桥广场</dd></dl><nav class="wm-pager"><a rel="next">下一页</a></nav>'
        "</article></div><footer>页脚</footer>"
    )
    assert article_text(page) == "刘晓明 保安刘晓明 <b> & 居民 地点 彩虹桥广场"
    assert article_text("<p>没有正文区域</p>") == ""
    # an article that never closes is read to the end of the page, once
    assert article_text('<article class="md-content__inner">文字<svg>' + "<p>" * 10000) == "文字"


def test_a_page_can_stay_out_of_search_and_a_plain_site_gets_the_index(make_site):
    built = make_site(
        {
            "content/hidden.md": "---\nsearch:\n  exclude: true\n---\n# 内部说明\n\n不进搜索的页面。\n",
            "content/about.md": "# 关于我们\n\n幸福里社区新时代文明实践站。\n",
        },
        strict=True,
    )
    assert built.error is None, built.errors
    locations = [doc[0] for doc in index_docs(built.site)]
    assert "about/" in locations and "hidden/" not in locations
    assert search(index_files(built.site), "文明实践站", 3) == ["about/"]
