"""Real builds of small portals with the 身边好人 section: each page kind, the rules on hidden
records, consent, minors and photos, escaping, related news and the printable 公示 notice."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import THEME_OVERRIDES, write_files
from tests.goodpeople.conftest import DEEDS, nomination, plugins
from tests.search_engine import index_docs, index_files, result_markup
from wenming.core.search_index import search

PNG = (  # a 1×1 white PNG
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
    b"\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
N = "content/data/nominations/"

FILES = {
    N + "wang-xiulan.yml": nomination(
        photo="assets/goodpeople/wang-xiulan.png",
        deeds="**四点半课堂**开在党群服务中心三楼。\n\n" + DEEDS,
        honors=[{"title": "幸福里社区2025年度“身边好人”", "date": "2026-01-15"}],
    ),
    N + "xu-zhigang.yml": nomination(name="徐志刚", gender="男", birth="1976-06", category="见义勇为", ethnicity=None,
                                     summary="徐志刚跳入河中救起落水儿童。"),
    N + "xunluodui.yml": nomination(name="幸福里社区平安巡逻队", group=True, gender=None, birth=None, ethnicity=None,
                                    political_status=None, category="敬业奉献", summary="巡逻队七年坚持夜间巡逻。"),
    N + "lin-yutong.yml": nomination(name="林语桐", birth="2014-05", nominated_on="2026-06-02", category="孝老爱亲",
                                     guardian_consent=True, photo="assets/goodpeople/lin-yutong.png",
                                     summary="林语桐每天陪中风的奶奶做康复训练。"),
    N + "tian-weidong.yml": nomination(name="田卫东", gender="男", birth="1975-03", category="诚实守信", period="2026-10",
                                       nominated_on="2026-10-08", publicity={"start": "2026-10-22", "end": "2026-10-28"},
                                       summary="出租车驾驶员田卫东归还乘客遗落的背包。"),
    N + "lu-zhiqiang.yml": nomination(name="卢志强", gender="男", birth="1968-12", category="诚实守信", status="publicized",
                                      period="2026-11", nominated_on="2026-11-05",
                                      publicity={"start": "2026-11-19", "end": "2026-11-25"},
                                      summary="卢志强十年还清四十多万元欠款。"),
    N + "he-zhiyuan.yml": nomination(name="贺志远", status="nominated", period=None, publicity=None,
                                     photo="assets/goodpeople/he-zhiyuan.png", summary="贺志远扑灭电动车火情。"),
    N + "hou-deming.yml": nomination(name="侯德明", status="withdrawn", period=None, publicity=None,
                                     summary="侯德明常年义务修车。"),
    "content/assets/goodpeople/wang-xiulan.png": PNG,
    "content/assets/goodpeople/lin-yutong.png": PNG,
    "content/assets/goodpeople/he-zhiyuan.png": PNG,
    "content/goodpeople/guide.md": "# 推荐须知\n\n五类好人。\n",
}  # fmt: skip


def soup(built, path: str) -> BeautifulSoup:
    return BeautifulSoup(built.read(path), "html.parser")


def text_of(built, path: str, selector: str = "article") -> str:
    node = soup(built, path).select_one(selector)
    assert node is not None, f"{selector} not in {path}"
    return node.get_text(" ", strip=True)


def build(make_site, files=None, strict=True, **options):
    built = make_site({**FILES, **(files or {})}, strict=strict, plugins=plugins(**options),
                      nav=[{"首页": "index.md"}, {"身边好人": ["goodpeople/index.md", {"推荐须知": "goodpeople/guide.md"}]}])  # fmt: skip
    if strict:
        assert built.error is None, built.warnings
    return built


def test_section_index_shows_publicity_current_roll_categories_and_earlier_rolls(make_site):
    built = build(make_site)
    page = soup(built, "goodpeople/index.html")
    box = page.select_one(".wm-gp-publicity")
    assert box is not None
    assert "关于2026年11月“身边好人”推荐人选的公示" in box.get_text()
    assert "2026年11月19日至11月25日" in box.get_text() and "还剩 3 天" in box.get_text()
    assert [li.select_one(".wm-gp-publicity__person").get_text() for li in box.select("li")] == ["卢志强"]
    current = page.select_one("#wm-gp-current")
    assert current.get_text() == "2026年10月身边好人榜"
    assert [h.get_text(strip=True) for h in page.select(".wm-gp-section .wm-gp-card__name")] == ["田卫东"]
    categories = [
        " ".join(li.get_text(" ", strip=True).split()) for li in page.select(".wm-gp-categories li")
    ]
    assert categories == ["助人为乐 1 位", "见义勇为 1 位", "诚实守信 1 位", "敬业奉献 1 位", "孝老爱亲 1 位"]
    archive = [" ".join(li.get_text(" ", strip=True).split()) for li in page.select(".wm-gp-archive li")]
    assert archive == ["2026年11月身边好人推荐 公示（公示中）", "2026年第二季度身边好人榜 4 人（组） 公示"]
    assert page.select_one('a[href="guide/"]') is not None
    # the index is in the navigation; record pages are not
    home_nav = [a.get("href") for a in soup(built, "index.html").select(".md-nav--primary a")]
    assert "goodpeople/" in home_nav and "goodpeople/guide/" in home_nav
    assert not [
        href for href in home_nav if re.search(r"goodpeople/(people|rolls|category|notice|page)/", href)
    ]


def test_roll_page_cards_with_group_and_photo_rules(make_site):
    built = build(make_site)
    page = soup(built, "goodpeople/rolls/2026-Q2/index.html")
    assert page.select_one("h1").get_text(strip=True) == "2026年第二季度身边好人榜"
    assert "本期入选 4 人（组）" in page.select_one(".wm-gp-meta").get_text()
    cards = {
        card.select_one(".wm-gp-card__name").get_text(strip=True): card for card in page.select(".wm-gp-card")
    }
    assert list(cards) == ["王秀兰", "徐志刚", "幸福里社区平安巡逻队", "林语桐"]  # category order
    assert cards["王秀兰"].select_one("img")["src"] == "../../../assets/goodpeople/wang-xiulan.png"
    assert cards["林语桐"].select_one("img") is None  # a minor's photo is never shown
    assert cards["幸福里社区平安巡逻队"].select_one(".wm-gp-badge--group").get_text() == "集体"
    assert cards["徐志刚"].select_one(".wm-gp-badge").get_text() == "见义勇为"
    assert (
        cards["王秀兰"].select_one(".wm-gp-card__summary").get_text()
        == "退休教师六年如一日义务开办“四点半课堂”。"
    )
    assert cards["王秀兰"].select_one(".wm-gp-card__name a")["href"] == "../../people/wang-xiulan/"


def test_category_page_with_count(make_site):
    built = build(make_site)
    page = soup(built, "goodpeople/category/chengshi-shouxin/index.html")
    assert page.select_one("h1").get_text(strip=True) == "诚实守信"
    assert page.select_one(".wm-gp-meta").get_text() == "历次身边好人榜中的诚实守信好人，共 1 位"
    assert [c.get_text(strip=True) for c in page.select(".wm-gp-card__name")] == [
        "田卫东"
    ]  # 卢志强 is only publicized
    assert page.select_one(".wm-gp-period").get_text() == "2026年10月"


def test_profile_page(make_site):
    post = "---\ndate: 2026-05-15\ncategories:\n  - 好人好事\nnominees:\n  - wang-xiulan\n---\n\n# 身边好人王秀兰\n\n她的故事。\n"
    built = build(make_site, {"content/news/posts/haoren.md": post, "content/news/index.md": "# 新闻\n"},
                  **{})  # fmt: skip
    page = soup(built, "goodpeople/people/wang-xiulan/index.html")
    assert page.select_one("h1").get_text() == "王秀兰"
    facts = dict(zip([dt.get_text() for dt in page.select(".wm-gp-facts dt")],
                     [dd.get_text(strip=True) for dd in page.select(".wm-gp-facts dd")], strict=True))  # fmt: skip
    assert facts == {
        "性别": "女", "出生年月": "1958年3月", "民族": "汉族", "政治面貌": "中共党员", "所在社区": "幸福里社区",
        "身份": "退休教师", "类别": "助人为乐", "推荐单位": "幸福里社区党委", "公示期": "2026年6月22日至6月28日",
        "居民点赞": "368 次",
    }  # fmt: skip
    deeds = page.select_one(".wm-gp-deeds")
    assert deeds.select_one("strong").get_text() == "四点半课堂"  # 事迹 is rendered from Markdown
    assert "居民们都叫她“孩子们的王奶奶”" in deeds.get_text()
    assert [li.get_text(strip=True) for li in page.select(".wm-gp-honours li")] == [
        "幸福里社区2025年度“身边好人”（2026年1月15日）"
    ]
    assert page.select_one(".wm-gp-profile__photo img")["alt"] == "王秀兰的照片"
    assert "入选2026年第二季度身边好人榜" in page.select_one(".wm-gp-tags").get_text()
    # no ethnicity row when none is given
    other = soup(built, "goodpeople/people/xu-zhigang/index.html")
    assert "民族" not in [dt.get_text() for dt in other.select(".wm-gp-facts dt")]
    assert not soup(built, "goodpeople/people/xu-zhigang/index.html").select(".wm-gp-news")
    # the birth month only, never a full date; the profile is found by search
    assert "1958-03" not in built.read("goodpeople/people/wang-xiulan/index.html")
    assert search(index_files(built.site), "四点半课堂", 5)[0] == "goodpeople/people/wang-xiulan/"


def test_related_news_are_listed_and_unknown_ids_are_warnings_naming_the_post(make_site):
    posts = {
        "content/news/index.md": "# 新闻\n",
        "content/news/posts/haoren.md": "---\ndate: 2026-05-15\nnominees: [wang-xiulan]\n---\n\n# 身边好人王秀兰\n\n正文。\n",
        "content/news/posts/jiangtang.md": "---\ndate: 2026-10-20\nnominees:\n  - wang-xiulan\n  - wang-xiuln\n---\n\n# 道德讲堂\n\n正文。\n",
        "content/news/posts/hidden.md": "---\ndate: 2026-10-21\nnominees: [hou-deming]\n---\n\n# 修车\n\n正文。\n",
    }
    blog = {"blog": {"blog_dir": "news", "post_url_format": "{file}"}}
    built = make_site({**FILES, **posts}, plugins=[*plugins(), blog])
    assert built.warnings == [
        "wenming: content/news/posts/jiangtang.md:3: nominees 里的 'wang-xiuln' 不是好人推荐的 id"
        "（应为 data/nominations/ 下的文件名，不带 .yml）"
    ]
    page = soup(built, "goodpeople/people/wang-xiulan/index.html")
    news = [(a.get_text(), a["href"]) for a in page.select(".wm-gp-news a")]
    assert news == [("道德讲堂", "../../../news/jiangtang/"), ("身边好人王秀兰", "../../../news/haoren/")]
    strict = make_site({**FILES, **posts}, strict=True, plugins=[*plugins(), blog])
    assert strict.error is not None


def test_notice_page_is_printable_with_the_office_contact(make_site):
    built = build(make_site)
    page = soup(built, "goodpeople/notice/2026-11/index.html")
    notice = page.select_one(".wm-gp-notice")
    assert notice.select_one(".wm-gp-notice__title").get_text() == "关于2026年11月“身边好人”推荐人选的公示"
    assert "公示时间：2026年11月19日至11月25日。" in notice.get_text()
    rows = [[td.get_text(strip=True) for td in tr.select("td")] for tr in notice.select("tbody tr")]
    assert rows == [["1", "卢志强", "诚实守信", "退休教师，幸福里社区", "卢志强十年还清四十多万元欠款。"]]
    contact = notice.select_one(".wm-gp-notice__contact").get_text(" ", strip=True)
    assert contact == "异议受理：测试社区文明办 联系电话：0571-8888 6001 地址：测试社区党群服务中心一楼"
    assert notice.select_one(".wm-gp-state").get_text() == "公示中"
    # the stylesheet is linked, and it drops header, navigation, search and footer on paper, on A4
    assert page.select_one('link[href*="assets/stylesheets/goodpeople.css?v="]') is not None
    css = built.read("assets/stylesheets/goodpeople.css")
    assert re.search(r"@page\s*\{\s*size:\s*A4", css)
    print_css = css[css.index("@media print") :]
    for selector in (".md-header", ".md-tabs", ".md-sidebar", ".md-search", ".md-footer", ".wm-gp-no-print"):
        assert selector in print_css.split("{", 2)[1], selector
    # past notices stay, marked as ended
    past = soup(built, "goodpeople/notice/2026-Q2/index.html")
    assert past.select_one(".wm-gp-state").get_text() == "已结束"
    assert len(past.select(".wm-gp-notice tbody tr")) == 4


def test_home_block_shows_this_rolls_cards_and_the_publicity_box(make_site):
    many = {N + f"p{i}.yml": nomination(name=f"好人{i}", period="2026-10", nominated_on="2026-10-01",
                                        publicity={"start": "2026-10-22", "end": "2026-10-28"}) for i in range(8)}  # fmt: skip
    built = build(make_site, many)
    home = soup(built, "index.html").select_one(".wm-gp-home")
    assert home.select_one(".wm-gp-meta a").get_text() == "2026年10月身边好人榜"
    assert len(home.select(".wm-gp-card")) == 6
    assert home.select_one(".wm-more a")["href"] == "goodpeople/rolls/2026-10/"
    assert "卢志强" in home.select_one(".wm-gp-publicity").get_text()


def test_hidden_records_are_not_published_anywhere_and_their_photos_stay_out(make_site):
    built = build(make_site)
    outputs = built.outputs()
    assert "goodpeople/people/he-zhiyuan/index.html" not in outputs
    assert (
        "goodpeople/people/lu-zhiqiang/index.html" not in outputs
    )  # publicized: on the notice, no profile yet
    assert "assets/goodpeople/he-zhiyuan.png" not in outputs
    assert "assets/goodpeople/lin-yutong.png" not in outputs  # a minor's photo is not even downloadable
    assert "assets/goodpeople/wang-xiulan.png" in outputs
    for path in outputs:
        if path.endswith((".html", ".json", ".xml")):
            text = built.read(path)
            assert "贺志远" not in text and "侯德明" not in text, path
    assert (
        "wenming: 好人推荐（nominations）：读取 8 = 发布 6 + 不公开 2（已推荐 nominated 1，已撤回 withdrawn 1） + 有错误 0"
        in built.infos
    )


def test_public_record_without_consent_fails_naming_the_file(make_site):
    built = make_site({N + "a.yml": nomination(consent=False)}, strict=True, plugins=plugins())
    assert built.error is not None
    assert built.warnings == [
        "wenming: content/data/nominations/a.yml:19: 状态为 selected（入选） 的记录会公开，必须写 consent: true（本人已同意公开）"
    ]


def test_child_under_14_without_guardian_consent_fails(make_site):
    failed = make_site({N + "a.yml": nomination(name="林语桐", birth="2014-05", nominated_on="2026-06-02")},
                       strict=True, plugins=plugins())  # fmt: skip
    assert failed.error is not None
    assert failed.warnings == [
        "wenming: content/data/nominations/a.yml:3: 被推荐人推荐时未满14周岁（出生年月 2014-05），"
        "公开前必须取得监护人同意并写 guardian_consent: true"
    ]


def test_minor_aged_15_without_guardian_consent_is_surname_tongxue_with_no_photo(make_site):
    teen = nomination(name="欧阳明轩", birth="2011-03", nominated_on="2026-06-02", photo="assets/goodpeople/teen.png",
                      summary="欧阳明轩跳进水塘救起落水的小学生。", deeds="明轩毫不犹豫。" + DEEDS)  # fmt: skip
    built = build(make_site, {N + "ouyang-mingxuan.yml": teen, "content/assets/goodpeople/teen.png": PNG})
    people = [path for path in built.outputs() if path.startswith("goodpeople/people/xuesheng-")]
    assert len(people) == 1
    page = soup(built, people[0])
    assert page.select_one("h1").get_text() == "欧阳同学"
    assert page.select_one(".wm-gp-profile__photo img") is None
    assert "欧阳同学毫不犹豫。" in page.select_one(".wm-gp-deeds").get_text()
    assert "assets/goodpeople/teen.png" not in built.outputs()
    for path in built.outputs():
        if path.endswith((".html", ".json", ".xml")):
            text = built.read(path)
            assert "欧阳明轩" not in text and "明轩" not in text and "ouyang-mingxuan" not in text, path


SCRIPT = "<script>alert(1)</script>"


def test_names_summaries_and_deeds_never_reach_the_page_as_markup(make_site):
    evil = nomination(name=f"张{SCRIPT}", summary=f"摘要{SCRIPT}<img src=x onerror=alert(2)>",
                      deeds=f"事迹{SCRIPT}\n\n[点我](javascript:alert(3)) " + DEEDS,
                      role='"><script>alert(4)</script>', honors=[{"title": SCRIPT}])  # fmt: skip
    publicized = nomination(name=f"李{SCRIPT}", status="publicized", period="2026-11", nominated_on="2026-11-05",
                            publicity={"start": "2026-11-19", "end": "2026-11-25"})  # fmt: skip
    built = build(make_site, {N + "evil.yml": evil, N + "evil-two.yml": publicized})
    checked = 0
    for path in built.outputs():
        if path.endswith(".html"):
            html = built.read(path)
            assert (
                "<script>alert" not in html and "<img src=x" not in html and "javascript:alert" not in html
            ), path
            checked += 1
    assert checked > 10
    page = soup(built, "goodpeople/people/evil/index.html")
    assert page.select_one("h1").get_text() == f"张{SCRIPT}"  # shown as text
    assert f"摘要{SCRIPT}" in page.select_one(".wm-gp-profile__summary").get_text()
    assert page.select_one('meta[name="description"]')["content"].startswith("摘要<script>")
    notice = soup(built, "goodpeople/notice/2026-11/index.html")
    assert f"李{SCRIPT}" in notice.select_one("tbody").get_text()
    assert f"李{SCRIPT}" in soup(built, "index.html").select_one(".wm-gp-publicity").get_text()
    # the index keeps titles and teasers as text; the engine escapes them for Material's result list
    texts = [text for doc in index_docs(built.site) for text in doc[1:] if "<script>" in text]
    assert texts and all("<script>" not in markup for markup in result_markup(texts, "摘要"))


def test_long_lists_are_paginated_and_pages_stay_out_of_the_nav(make_site):
    built = build(make_site, per_page=2, archive_per_page=1)
    outputs = built.outputs()
    assert {"goodpeople/rolls/2026-Q2/index.html", "goodpeople/rolls/2026-Q2/page/2/index.html",
            "goodpeople/page/2/index.html"} <= set(outputs)  # fmt: skip
    assert "goodpeople/rolls/2026-Q2/page/3/index.html" not in outputs
    first = soup(built, "goodpeople/rolls/2026-Q2/index.html")
    assert len(first.select(".wm-gp-card")) == 2
    assert first.select_one('nav.wm-pager a[rel="next"]')["href"] == "page/2/"
    second = soup(built, "goodpeople/rolls/2026-Q2/page/2/index.html")
    assert [c.get_text(strip=True) for c in second.select(".wm-gp-card__name")] == [
        "幸福里社区平安巡逻队",
        "林语桐",
    ]
    assert second.select_one('nav.wm-pager [aria-current="page"]').get_text() == "2"
    assert second.select_one('nav.wm-pager a[rel="prev"]')["href"] == "../../"
    index_two = soup(built, "goodpeople/page/2/index.html")
    assert [
        li.select_one(".wm-gp-archive__title").get_text() for li in index_two.select(".wm-gp-archive li")
    ] == ["2026年第二季度身边好人榜"]
    assert index_two.select_one(".wm-gp-publicity") is None  # page 2 lists earlier rolls only


def test_bad_option_is_a_config_error(make_site):
    built = make_site(FILES, plugins=plugins(per_page=0))
    assert built.error is not None
    assert "plugins.wenming-goodpeople.per_page 应为不小于 1 的整数" in built.errors


def test_templates_escape_every_record_value():
    # MkDocs' Jinja does not autoescape: every nominee field printed in a template is piped through `e`.
    unescaped = []
    for path in [
        *THEME_OVERRIDES.glob("goodpeople/*.html"),
        *THEME_OVERRIDES.glob("partials/goodpeople/*.html"),
    ]:
        for match in re.finditer(r"\{\{\s*(person|honour|item)\.(name|summary|role|community|title|category|ethnicity"
                                 r"|political_status|nominated_by|gender)\b[^}]*\}\}", path.read_text(encoding="utf-8")):  # fmt: skip
            if "| e" not in match.group(0):
                unescaped.append(f"{path.name}: {match.group(0)}")
    assert unescaped == []


def test_write_files_helper_keeps_bytes():
    # guard for the fixtures above: PNG bytes are written as they are
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        write_files(Path(folder), {"a.png": PNG})
        assert (Path(folder) / "a.png").read_bytes() == PNG


def test_a_photo_in_the_data_folder_is_never_published_and_the_build_says_so(make_site):
    files = {N + "wang-xiulan.yml": nomination(photo="data/nominations/wang.png"), N + "wang.png": PNG}
    built = make_site({**FILES, **files}, plugins=plugins())
    assert built.warnings == [
        "wenming: content/data/nominations/wang-xiulan.yml:20: photo 'data/nominations/wang.png' 不在网站文件里"
        "（data/、submissions/ 下的文件不会发布）：请把照片放在 assets/goodpeople/ 下"
    ]
    assert not [path for path in built.outputs() if path.endswith("wang.png")]


INTAKE = {"intake_url": "https://tougao.example.org.cn/"}


def test_with_the_intake_service_address_the_index_and_the_guide_link_to_its_nomination_form(make_site):
    built = build(make_site, portal=INTAKE)
    for path in ("goodpeople/index.html", "goodpeople/guide/index.html"):
        links = soup(built, path).select("a.wm-gp-nominate__link")
        assert [(link.get_text(strip=True), link["href"]) for link in links] == [
            ("我推荐身边好人", "https://tougao.example.org.cn/nominate")
        ], path
    # on the guide, right under the authored title and before the authored text
    article = soup(built, "goodpeople/guide/index.html").select_one("article")
    assert [node.name for node in article.find_all(["h1", "p"])][:2] == ["h1", "p"]
    assert article.find("h1").find_next("p")["class"] == ["wm-gp-nominate"]
    assert article.select_one("h1").get_text(strip=True) == "推荐须知" and "五类好人。" in article.get_text()
    # a later page of the index (earlier rolls only) does not repeat it
    assert not (built.site / "goodpeople/page/2/index.html").exists() or not soup(
        built, "goodpeople/page/2/index.html").select("a.wm-gp-nominate__link")  # fmt: skip


def test_without_the_intake_service_address_there_is_no_link_at_all(make_site):
    built = build(make_site)
    for path in ("goodpeople/index.html", "goodpeople/guide/index.html"):
        page = soup(built, path)
        assert page.select(".wm-gp-nominate") == [] and "/nominate" not in str(page), path
    assert "五类好人。" in text_of(built, "goodpeople/guide/index.html")


def test_a_guide_without_a_title_still_gets_the_link_under_the_page_title(make_site):
    built = build(make_site, files={"content/goodpeople/guide.md": "五类好人。\n"}, portal=INTAKE)
    article = soup(built, "goodpeople/guide/index.html").select_one("article")
    assert article.select_one("h1").get_text(strip=True) == "推荐须知"
    assert article.select_one("h1 + p.wm-gp-nominate a")["href"] == "https://tougao.example.org.cn/nominate"


@pytest.mark.parametrize("address", ["javascript:alert(1)", "tougao.example.org.cn", 'https://x.org/" onclick="x'])
def test_an_intake_address_that_is_not_a_web_address_is_a_config_error(make_site, address):
    built = make_site(FILES, plugins=plugins(portal={"intake_url": address}))
    assert built.error is not None
    assert "mkdocs.yml: plugins.wenming.intake_url 应为投稿服务的网址" in built.errors


def phone_photo() -> bytes:
    """A 4000 × 3000 phone photo taken sideways (EXIF orientation 6) with GPS: shown 3000 × 4000."""
    import io

    from PIL import Image

    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 16.0, 12.5)})
    out = io.BytesIO()
    Image.new("RGB", (4000, 3000), (200, 180, 160)).save(out, "JPEG", exif=exif, quality=60)
    return out.getvalue()


def test_photos_have_their_size_and_a_phone_photo_is_published_at_the_size_shown(make_site):
    files = {
        N + "wang-xiulan.yml": nomination(photo="assets/goodpeople/wang.jpg"),
        "content/assets/goodpeople/wang.jpg": phone_photo(),
        N + "ma-jun.yml": nomination(name="马骏", photo="assets/goodpeople/ma.png", summary="马骏扑灭电动车火情。"),
        "content/assets/goodpeople/ma.png": PNG,
    }
    built = build(make_site, files)
    assert built.error is None, built.warnings
    profile = soup(built, "goodpeople/people/wang-xiulan/index.html").select_one(".wm-gp-profile__photo img")
    assert (profile["width"], profile["height"]) == ("675", "900")
    from PIL import Image

    with Image.open(built.site / "assets/goodpeople/wang.jpg") as published:
        assert published.size == (675, 900)  # upright, shrunk to the largest size it is shown at
        assert not published.getexif()
    assert (built.site / "assets/goodpeople/wang.jpg").stat().st_size < 200_000
    # A small photo is published as it is, with its own size on every card.
    cards = {img["alt"]: (img["width"], img["height"]) for img in soup(built, "goodpeople/rolls/2026-Q2/index.html").select(".wm-gp-card img")}
    assert cards == {"王秀兰的照片": ("675", "900"), "马骏的照片": ("1", "1")}
    assert (built.site / "assets/goodpeople/ma.png").read_bytes() == PNG
