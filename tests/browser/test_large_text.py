"""长辈模式 at every width (issue 19): every page kind at 360, 390 and 412 px phones and a 1280 px
desktop, at A, A+ and A++. Nothing scrolls sideways, every header control is on screen and at
least 44 px, the site name is readable, and every drawn text is large enough and has enough
contrast against what is behind it, measured in the page (tests/browser/legibility.js says how,
and which text it leaves out). Screenshots go to test-artifacts/large-text/; the figures of every
page to test-artifacts/large-text/figures.json.

Then the font switch on a phone (the 字号 button), and the printed 公示: one A4 page for up to
eight nominees, a category never broken inside its word.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.browser.conftest import choose_font_size
from tests.browser.test_residents import url_of
from tests.conftest import ARTIFACTS, BUILD_DATE, SAMPLE_CONFIG, THEME_OVERRIDES, serve_directory
from tests.goodpeople.conftest import nomination, plugins

LEGIBILITY = (Path(__file__).with_name("legibility.js")).read_text(encoding="utf-8")
SHOTS = ARTIFACTS / "large-text"

PHONES = (360, 390, 412)
DESKTOP = 1280
SIZES = {"A": "0", "A+": "1", "A++": "2"}

# Smallest text (px) and lowest contrast each size must reach. A++ is the large mode: every text
# 16 px and 7:1 (WCAG AAA). At A and A+ the floor catches gross problems (Material's 10–13 px
# labels); contrast there is WCAG AA's 4.5:1. Body text is 18 px at A (checked separately).
FLOORS = {"A": (14.0, 4.5), "A+": (15.0, 4.5), "A++": (16.0, 7.0)}
TARGET = 44  # px, touch targets (WCAG 2.5.5)

# One page of each kind, found in the built sample so the test follows its records.
PAGE_KINDS = {
    "home": "index.html",
    "news-list": "news/index.html",
    "post": "news/2026/09/2026-09-zhongqiu-linli-tuanyuan-yan/index.html",
    "submission-post": "news/*/*/tougao-*/index.html",
    "news-category": "news/category/*/index.html",
    "roll": "goodpeople/rolls/*/index.html",
    "category": "goodpeople/category/*/index.html",
    "profile": "goodpeople/people/*/index.html",
    "notice": "goodpeople/notice/*/index.html",
    "guide": "goodpeople/guide/index.html",
    "events": "events/index.html",
    "month": "events/calendar/2026-*/index.html",
    "event": "events/2026-zhongqiu-*/index.html",
    "festivals": "events/festivals/index.html",
    "festival": "events/festivals/*/index.html",
    "volunteers": "volunteers/index.html",
    "team": "volunteers/teams/*/index.html",
    "leaderboard": "volunteers/leaderboard/index.html",
}
# Looked at by a person after every change (test-artifacts/large-text/): the hardest case, a
# 360 px phone at A++, and the desktop at A, as full pages; the first screen at A and A++ at the
# other widths (A+ lies between them and adds little to look at, so it saves the time).
FULL_PAGE_SHOTS = {(360, "A++"), (DESKTOP, "A")}
SHOT_SIZES = {"A", "A++"}


@pytest.fixture(scope="module")
def pages(sample_site) -> dict[str, str]:
    found = {kind: url_of(sample_site.site, pattern) for kind, pattern in PAGE_KINDS.items()}
    found["404"] = "404.html"
    return found


@pytest.fixture(scope="module")
def viewer(browser):
    """A page at a width and font size, reused for every page kind (one context at a time).

    The size is put in localStorage before the page's own scripts run, as a reader's earlier
    choice would be."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    current: dict[str, object] = {}

    def open_at(width: int, size: str, scheme: str = "light"):
        if current.get("key") != (width, size, scheme):
            if current.get("page"):
                current["page"].context.close()
            phone = width < 800
            context = browser.new_context(
                viewport={"width": width, "height": 800}, is_mobile=phone, has_touch=phone, locale="zh-CN",
                color_scheme=scheme,
            )
            context.add_init_script(script=f"try {{ localStorage.setItem('wm-font-size', '{SIZES[size]}'); }} catch (e) {{}}")
            context.add_init_script(script=LEGIBILITY)
            current.update(key=(width, size, scheme), page=context.new_page())
        return current["page"]

    yield open_at
    if current.get("page"):
        current["page"].context.close()


@pytest.fixture(scope="module")
def figures():
    """Each page's measured figures, written to test-artifacts/large-text/figures.json."""
    collected: dict[str, dict] = {}
    yield collected
    (SHOTS / "figures.json").write_text(json.dumps(collected, indent=1, ensure_ascii=False), encoding="utf-8")


MEASURE = """() => ({
  scrollWidth: document.scrollingElement.scrollWidth,
  innerWidth: innerWidth,
  font: document.documentElement.getAttribute('data-wm-font') || '0',
  body: parseFloat(getComputedStyle(document.querySelector('.md-content .md-typeset')).fontSize),
  header: wmHeaderControls(),
  name: wmSiteName(),
  controls: wmControls(),
  texts: wmLegibility(),
})"""


def header_problems(found: dict, width: int) -> list[str]:
    problems = []
    names = [control["name"] for control in found["header"]]
    expected = {"站名"}
    if width < 1220:  # Material shows the menu button below 76.25em
        expected.add("菜单")
    expected.add("字号" if width < 720 else "字号按钮 A++")
    expected.add("搜索按钮" if width < 960 else "搜索框")
    missing = expected - set(names)
    if missing:
        problems.append(f"页头缺少 {sorted(missing)}（有 {names}）")
    for control in found["header"]:
        if control["left"] < -0.5 or control["right"] > width + 0.5:
            problems.append(f"页头的{control['name']}超出屏幕：{control['left']:.0f}–{control['right']:.0f} px")
        if control["name"] != "站名" and min(control["width"], control["height"]) < TARGET:
            problems.append(f"页头的{control['name']}只有 {control['width']:.0f}×{control['height']:.0f} px")
    name = found["name"]
    if name["cut"] or name["width"] < 100 or name["fontSize"] < 16:
        problems.append(f"站名看不全或太小：{name}")
    return problems


def check_page(page, url: str, width: int, size: str, figures: dict, name: str) -> list[str]:
    """Everything wrong with the page at ``url`` as drawn at this width and size, in words."""
    page.goto(url, wait_until="load")
    found = page.evaluate(MEASURE)
    assert found["font"] == SIZES[size], "the reader's chosen size is applied"

    problems = []
    if found["scrollWidth"] > width:
        problems.append(f"页面可以左右滑动：宽 {found['scrollWidth']} px，屏幕 {width} px")
    problems += header_problems(found, width)
    for control in found["controls"]:
        if control["height"] < TARGET or control["width"] < TARGET:
            problems.append(f"按钮太小：{control['name']} {control['width']:.0f}×{control['height']:.0f} px")

    smallest, lowest = FLOORS[size]
    if size == "A" and found["body"] < 18:
        problems.append(f"正文字号 {found['body']} px，应至少 18 px")
    texts = found["texts"]
    assert len(texts) > 5, "the walk found the page's text"
    for text in texts:
        if text["size"] < smallest:
            problems.append(f"字太小：{text['size']} px < {smallest}：{text['where']}「{text['text']}」")
        if text["contrast"] is None:
            problems.append(f"对比度无法计算（背景是图片或渐变）：{text['where']}「{text['text']}」")
        elif text["contrast"] < lowest:
            problems.append(f"对比度 {text['contrast']}:1 < {lowest}:1：{text['where']}「{text['text']}」")

    search = next((c for c in found["header"] if c["name"].startswith("搜索")), None)
    figures[name] = {
        "scrollWidth": found["scrollWidth"],
        "searchRight": round(search["right"]) if search else None,
        "siteName": found["name"],
        "minFont": min(text["size"] for text in texts),
        "minContrast": min(text["contrast"] for text in texts if text["contrast"] is not None),
    }
    return sorted(set(problems))


# Every size on every phone; the desktop at A and A++ (A+ between them adds nothing there that
# the phones do not show, and every combination costs a page load for each of 19 pages).
SCREENS = [(width, size) for width in PHONES for size in SIZES] + [(DESKTOP, "A"), (DESKTOP, "A++")]


@pytest.mark.parametrize("kind", [*PAGE_KINDS, "404"])
@pytest.mark.parametrize(("width", "size"), SCREENS)
def test_page_fits_the_screen_and_every_text_reads(viewer, site_url, pages, figures, width, size, kind):
    page = viewer(width, size)
    problems = check_page(page, site_url + pages[kind], width, size, figures, f"{width} {size} {kind}")
    if size in SHOT_SIZES:
        page.screenshot(path=str(SHOTS / f"{width}-{size}-{kind}.png"), full_page=(width, size) in FULL_PAGE_SHOTS)
    assert not problems, f"{kind} at {width} px, {size}:\n" + "\n".join(problems)


@pytest.mark.parametrize("kind", [*PAGE_KINDS, "404"])
@pytest.mark.parametrize(("width", "size"), [(390, "A++"), (DESKTOP, "A")])
def test_dark_scheme_reads(viewer, site_url, pages, figures, width, size, kind):
    """A phone or computer in dark mode gets Material's dark scheme: the same floors hold (at A++
    16 px and 7:1), on a phone at the largest size and on a desktop at the standard size."""
    page = viewer(width, size, "dark")
    problems = check_page(page, site_url + pages[kind], width, size, figures, f"{width} {size} dark {kind}")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.screenshot(path=str(SHOTS / f"{width}-{size}-dark-{kind}.png"))
    assert not problems, f"{kind} at {width} px, {size}, dark:\n" + "\n".join(problems)


@pytest.mark.parametrize("size", ["A", "A++"])
def test_search_results_read_on_a_phone(viewer, site_url, size):
    """Material's search results (12.8 px grey snippets before) on a 360 px phone. ``?q=`` opens
    the search with the query, as a shared search link does."""
    page = viewer(360, size)
    page.goto(site_url + "?q=志愿", wait_until="load")
    page.wait_for_selector(".md-search-result__item")
    # Results can now arrive within Material's opening animation (the overlay grows 45-fold for
    # 0.4 s), which widens the page while it runs: the layout a resident reads is the one after.
    page.evaluate("Promise.all(document.getAnimations().map(animation => animation.finished))")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    smallest, lowest = FLOORS[size]
    results = [text for text in page.evaluate("wmLegibility()") if "search-result" in text["where"]]
    assert len(results) > 10
    small = [(text["where"], text["size"]) for text in results if text["size"] < max(smallest, 16)]
    faint = [(text["where"], text["contrast"]) for text in results if (text["contrast"] or 0) < lowest]
    assert small == [] and faint == []
    page.screenshot(path=str(SHOTS / f"360-{size}-search.png"))


def test_a_long_site_name_wraps_and_the_header_still_fits(browser, make_site):
    """A community's name can be long: it takes more lines, never the search button's place."""
    theme = yaml.safe_load(SAMPLE_CONFIG.read_text(encoding="utf-8").split("\nplugins:")[0])["theme"]
    theme["custom_dir"] = str(THEME_OVERRIDES)  # the sample's palette: light/dark and the font switch
    built = make_site(site_name="清河街道幸福里社区新时代文明实践站志愿服务网", theme=theme)
    assert built.error is None
    with serve_directory(built.site) as url:
        context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
        context.add_init_script(script="localStorage.setItem('wm-font-size', '2')")
        context.add_init_script(script=LEGIBILITY)
        page = context.new_page()
        page.goto(url, wait_until="load")
        found = page.evaluate(MEASURE)
        page.screenshot(path=str(SHOTS / "360-A++-long-name.png"))
        context.close()
    assert found["scrollWidth"] <= 360
    assert header_problems(found, 360) == []
    assert found["name"]["lines"] >= 2 and not found["name"]["cut"]


def test_on_a_phone_the_sizes_open_under_the_header_from_one_button(browser, site_url, pages):
    context = browser.new_context(viewport={"width": 360, "height": 800}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(site_url + pages["event"], wait_until="load")
    toggle = page.get_by_role("button", name="字号")
    choices = page.locator(".wm-fontsize__choices")
    assert toggle.is_visible() and not choices.is_visible()
    assert toggle.get_attribute("aria-controls") == choices.get_attribute("id")

    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true" and choices.is_visible()
    header = page.locator(".md-header").bounding_box()
    for name in ("A", "A+", "A++"):
        box = page.get_by_role("button", name=name, exact=True).bounding_box()
        assert box["width"] >= 48 and box["height"] >= 48, name
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, name
        assert box["y"] >= header["y"] + header["height"] - 1, f"{name} is under the header's row"
    # A tap elsewhere closes the row without choosing.
    page.locator("article h1").first.click()
    assert not choices.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.documentElement.getAttribute('data-wm-font')") is None

    # Choosing a size closes the row, applies the size, and keeps the keyboard on 字号.
    toggle.click()
    page.get_by_role("button", name="A++").click()
    assert page.evaluate("document.documentElement.getAttribute('data-wm-font')") == "2"
    assert not choices.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('wm-fontsize__toggle')")
    assert page.locator('.wm-fontsize__button[data-wm-font="2"]').get_attribute("aria-pressed") == "true"

    # By keyboard: Enter opens, Escape closes and leaves the focus on 字号.
    toggle.focus()
    page.keyboard.press("Enter")
    assert choices.is_visible()
    page.keyboard.press("Escape")
    assert not choices.is_visible()
    assert page.evaluate("document.activeElement.textContent.trim()") == "字号"

    # The choice holds on the next page; the header still fits.
    page.goto(site_url + pages["team"], wait_until="load")
    assert page.evaluate("document.documentElement.getAttribute('data-wm-font')") == "2"
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    context.close()


def test_on_a_wide_screen_the_three_sizes_sit_in_the_header(browser, site_url):
    context = browser.new_context(viewport={"width": DESKTOP, "height": 800})
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    assert not page.locator(".wm-fontsize__toggle").is_visible()
    choose_font_size(page, "A+")
    assert page.evaluate("document.documentElement.getAttribute('data-wm-font')") == "1"
    assert all(page.get_by_role("button", name=name, exact=True).is_visible() for name in ("A", "A+", "A++"))
    context.close()


# --- the printed 公示 -----------------------------------------------------------------------------

PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b(?!s)")
A4_CONTENT_WIDTH = 673  # px: A4's 210 mm less the notice's 16 mm side margins (goodpeople.css @page)

CELLS = """() => [...document.querySelectorAll('.wm-gp-notice__table tbody tr')].map(row => {
  const lines = cell => { const range = document.createRange(); range.selectNodeContents(cell);
    return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size; };
  const cell = label => row.querySelector(`td[data-label="${label}"]`);
  return { category: cell('类别').textContent.trim(), categoryLines: lines(cell('类别')),
           name: cell('姓名').textContent.trim(),
           storyShare: cell('主要事迹').getBoundingClientRect().width / row.getBoundingClientRect().width };
})"""


def printed_pages(browser, url: str, size: str = "0") -> tuple[int, list[dict]]:
    """The number of A4 pages chromium prints, and the table's rows laid out as on paper."""
    context = browser.new_context(viewport={"width": A4_CONTENT_WIDTH, "height": 1000})
    context.add_init_script(script=f"try {{ localStorage.setItem('wm-font-size', '{size}'); }} catch (e) {{}}")
    page = context.new_page()
    page.goto(url, wait_until="load")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    page.emulate_media(media="print")  # after the PDF: emulating a medium would print with it
    rows = page.evaluate(CELLS)
    context.close()
    return len(PAGE_OBJECT.findall(pdf)), rows


def assert_prints_on_one_page(browser, url: str, nominees: int, size: str = "0") -> list[dict]:
    count, rows = printed_pages(browser, url, size)
    assert len(rows) == nominees
    assert count == 1, f"{nominees} nominees print on {count} pages"
    broken = [(row["name"], row["category"]) for row in rows if row["categoryLines"] != 1]
    assert broken == [], "a category is broken inside its word"
    squeezed = [(row["name"], round(row["storyShare"], 2)) for row in rows if row["storyShare"] < 0.4]
    assert squeezed == [], "主要事迹 keeps at least 40% of the table's width"
    return rows


def test_page_counter_counts_pages(browser, site_url, pages):
    """The counter used below sees more than one page in a long page: it counts pages."""
    count, _ = printed_pages(browser, site_url + pages["team"])
    assert count > 1


@pytest.mark.parametrize("size", ["0", "2"])
def test_sample_notices_print_on_one_a4_page(browser, site_url, sample_site, size):
    notices = sorted(sample_site.site.glob("goodpeople/notice/*/index.html"))
    assert len(notices) >= 2
    for notice in notices:
        html = notice.read_text(encoding="utf-8")
        nominees = html.count('data-label="类别"')
        url = site_url + notice.parent.relative_to(sample_site.site).as_posix() + "/"
        assert_prints_on_one_page(browser, url, nominees, size)


# Eight nominees, the most a notice is meant to hold on one page, with stories of the longest
# length the sample has (about 60 characters) and a group whose name is twenty characters long.
EIGHT = [
    ("wang-xiulan", "王秀兰", "助人为乐", False, "退休教师", "退休教师王秀兰六年如一日义务开办社区“四点半课堂”，分文不取，为双职工家庭的孩子辅导功课，被居民称为“孩子们的王奶奶”。"),
    ("liu-jianjun", "欧阳建军", "助人为乐", False, "外卖骑手", "外卖骑手欧阳建军五年来利用送餐间隙为社区独居老人义务代买菜品、代取药品，风雨无阻，被老人们称为“编外儿子”。"),
    ("xu-zhigang", "徐志刚", "见义勇为", False, "物业维修工", "物业维修工徐志刚发现电动车库起火，第一时间拿起灭火器冲进浓烟扑救，并逐户敲门疏散居民，避免了一场重大火灾。"),
    ("guo-changshun", "郭长顺", "诚实守信", False, "旧物回收个体户", "旧物回收师傅郭长顺在收来的旧棉衣夹层里发现两万元现金，冒雨骑车三次上门寻找，将钱如数归还老人家属。"),
    ("chen-lixin", "陈立新", "敬业奉献", False, "社区卫生服务站全科医生", "全科医生陈立新扎根社区二十余年，签约服务居民一千五百余人，坚持每周上门为卧床老人巡诊，被居民称为“家门口的好医生”。"),
    ("zhou-xiaofang", "周小芳", "孝老爱亲", False, "个体经营户", "好儿媳周小芳十三年悉心照顾中风瘫痪的婆婆，端水喂饭、翻身擦洗从不间断，婆婆卧床多年从未生过褥疮。"),
    ("xunluodui", "幸福里社区老党员平安巡逻暨邻里守望志愿服务队", "敬业奉献", True, "社区志愿服务队伍", "由退休党员和热心居民组成的巡逻队七年来坚持夜间巡逻、排查隐患，守护社区平安，累计巡逻两千余次，劝阻电动车违规充电三百余起。"),
    ("song-jia", "宋佳", "敬业奉献", False, "社区网格员", "社区网格员宋佳八年走遍网格内六百余户，记下厚厚十二本民情日记，暴雨夜连续值守转移受困老人，被称为居民的“贴心人”。"),
]


def test_eight_nominees_and_a_long_group_name_print_on_one_a4_page(browser, make_site):
    person = {"group": None}
    group = {"group": True, "gender": None, "birth": None, "ethnicity": None, "political_status": None}
    files = {
        f"content/data/nominations/{slug}.yml": nomination(
            name=name, category=category, role=role, summary=summary, status="publicized", period=None,
            nominated_on="2026-11-10", publicity={"start": "2026-11-19", "end": "2026-11-25"}, **(group if is_group else person),
        )  # fmt: skip
        for slug, name, category, is_group, role, summary in EIGHT
    }
    built = make_site(files, strict=True, plugins=plugins())
    assert built.error is None, built.warnings
    assert BUILD_DATE == "2026-11-23"  # the notice is 公示中 on the build date
    with serve_directory(built.site) as url:
        rows = assert_prints_on_one_page(browser, url + "goodpeople/notice/2026-11/", nominees=8)
    group = next(row for row in rows if row["name"].startswith("幸福里社区老党员"))
    assert group["storyShare"] >= 0.4
