"""Real builds of small portals: raw data stays out, bad records are reported, leaks fail the build."""

from __future__ import annotations

import gc

from bs4 import BeautifulSoup

from tests.conftest import THEME_OVERRIDES, base_config
from wenming.mkdocs.portal import plugin

TEAM = """\
name: 幸福里学雷锋志愿服务队
type: 学雷锋
leader: 张建国
contact: 社区党群服务中心一楼
members: 32
private:
  leader_phone: "13905718823"
  home_address: 幸福里小区12幢2单元301室
"""

NOMINATION_HIDDEN = """\
name: 李桂芳
category: 孝老爱亲
summary: 照顾瘫痪婆婆二十年。
deeds: {deeds}
nominated_by: 居民推荐
nominated_on: 2026-10-10
status: nominated
private:
  id_number: "330105195803121234"
""".format(deeds="她二十年如一日照顾瘫痪在床的婆婆，端水喂饭、擦身按摩，从无怨言。" * 4)


def test_raw_data_is_never_copied_and_the_account_is_logged(make_site):
    built = make_site(
        {
            "content/data/teams/xueleifeng.yml": TEAM,
            "content/data/nominations/li-guifang.yml": NOMINATION_HIDDEN,
            "content/data/notes.txt": "内部备忘",
            "content/submissions/draft.md": "---\ntitle: 草稿\nkind: news\nauthor: 陈思雨\nsubmitted: 2026-11-20\nstatus: pending\n---\n正文",
            "content/submissions/photo.jpg": b"\xff\xd8",
        },
        strict=True,
    )
    assert built.error is None, built.warnings
    outputs = built.outputs()
    assert not [path for path in outputs if path.startswith(("data/", "submissions/"))]
    assert not [path for path in outputs if path.endswith((".yml", ".yaml"))]
    assert "wenming: 志愿服务队（teams）：读取 1 = 发布 1 + 不公开 0 + 有错误 0" in built.infos
    assert "wenming: 好人推荐（nominations）：读取 1 = 发布 0 + 不公开 1（已推荐 nominated 1） + 有错误 0" in built.infos
    assert any(message.startswith("wenming: 隐私检查通过：") for message in built.infos)


def test_strict_build_fails_on_an_invalid_record(make_site):
    built = make_site({"content/data/teams/bad.yml": TEAM.replace("members: 32", "members: 0")}, strict=True)
    assert built.error is not None
    assert "wenming: content/data/teams/bad.yml:5: members（队员人数） '0' 应不小于 1" in built.warnings


def test_plain_build_skips_an_invalid_record_with_a_warning(make_site):
    built = make_site(
        {
            "content/data/teams/bad.yml": TEAM.replace("type: 学雷锋", "type: 雷锋"),
            "content/data/teams/good.yml": TEAM.replace("13905718823", "13905718824"),
        }
    )
    assert built.error is None
    assert built.warnings == [
        "wenming: content/data/teams/bad.yml:2: type（类型） '雷锋' 不是允许的值（可选：学雷锋、党员、青年、巾帼、文化、网络文明传播、其他）"
    ]
    assert "wenming: 志愿服务队（teams）：读取 2 = 发布 1 + 不公开 0 + 有错误 1" in built.infos


def test_audit_fails_on_a_planted_private_value_naming_output_and_record(make_site):
    built = make_site(
        {
            "content/data/teams/xueleifeng.yml": TEAM,
            "content/about.md": "# 关于我们\n\n队长住在幸福里小区12幢2单元301室。\n",
        }
    )
    assert built.error is not None
    message = built.errors
    assert "隐私检查未通过：3 处隐私内容出现在生成的网站中，网站不可发布。" in message
    # the search index's teaser of the page (search/docs/: location, title, teaser), and its copy
    # in the terms bucket that carries the page among its terms' best (search/terms/)
    assert "search/docs/0.json 含有 content/data/teams/xueleifeng.yml (private.home_address)" in message
    assert "search/terms/0.json 含有 content/data/teams/xueleifeng.yml (private.home_address)" in message
    assert "about/index.html 含有 content/data/teams/xueleifeng.yml (private.home_address) 的隐私内容" in message


def test_audit_finds_a_planted_value_in_the_search_index_alone(make_site):
    # The search index keeps the page's teaser (search/docs/) and its words (search/terms/): the
    # audit reads both as JSON.
    built = make_site(
        {
            "content/data/nominations/li-guifang.yml": NOMINATION_HIDDEN,
            "content/notice.md": "# 通知\n\n身份证 330105195803121234 请勿外传。\n",
        }
    )
    assert built.error is not None
    message = built.errors
    assert "notice/index.html 含有 content/data/nominations/li-guifang.yml (private.id_number)" in message
    assert "search/docs/0.json 含有 content/data/nominations/li-guifang.yml (private.id_number)" in message
    assert "search/terms/0.json 含有 content/data/nominations/li-guifang.yml (private.id_number)" in message


def test_mobile_number_typed_into_a_page_fails_the_audit(make_site):
    built = make_site({"content/contact.md": "# 联系\n\n请联系王阿姨 13812345678。\n"})
    assert built.error is not None
    assert "contact/index.html 含有 content/contact.md (手机号) 的隐私内容 13*******78" in built.errors


def test_footer_shows_office_and_icp(make_site):
    built = make_site()
    footer = BeautifulSoup(built.read("index.html"), "html.parser").select_one(".wm-footer")
    assert footer is not None
    text = footer.get_text(" ", strip=True)
    assert "测试社区文明办" in text and "电话：0571-8888 6001" in text
    link = footer.select_one(".wm-footer__beian a")
    assert link.get_text(strip=True) == "测ICP备12345678号-1"
    assert link["href"] == "https://beian.miit.gov.cn/"


def test_no_external_fonts_or_scripts(make_site):
    built = make_site()
    soup = BeautifulSoup(built.read("index.html"), "html.parser")
    sources = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href], img[src]")]
    external = [url for url in sources if url and url.startswith(("http://", "https://", "//"))]
    # the canonical link names the site's own address; nothing else may point elsewhere
    assert external == ["https://wenming.test.example/"]
    assert "fonts.googleapis" not in built.read("index.html")


def test_bad_build_date_is_a_clear_config_error(make_site):
    plugins = base_config()["plugins"]
    plugins[1]["wenming"]["build_date"] = "2026-13-01"
    built = make_site(plugins=plugins)
    assert built.error is not None
    assert "build_date '2026-13-01' 不是有效日期（应为 YYYY-MM-DD）" in built.errors


HOOK = """\
from wenming.mkdocs.portal.home import HomeBlock


def on_files(files, config):
    portal = config.plugins["wenming"]
    portal.add_home_block(HomeBlock(order=20, template="partials/wenming/test-block.html", title="第二块", data="乙"))
    portal.add_home_block(HomeBlock(order=10, template="partials/wenming/test-block.html", title="第一块", data="甲"))
"""


def test_sections_fill_home_page_slots_in_order(make_site, tmp_path):
    overrides = tmp_path / "overrides"
    (overrides / "partials/wenming").mkdir(parents=True)
    (overrides / "partials/wenming/test-block.html").write_text('<p class="test-block">{{ block.data }}</p>', encoding="utf-8")
    # The test's own theme folder: the portal's home template plus a block template of the test's.
    (overrides / "home.html").write_text((THEME_OVERRIDES / "home.html").read_text(encoding="utf-8"), encoding="utf-8")
    theme = {"name": "material", "custom_dir": str(overrides), "language": "zh", "font": False}
    built = make_site({"hooks.py": HOOK}, hooks=["hooks.py"], theme=theme)
    assert built.error is None, built.errors
    home = BeautifulSoup(built.read("index.html"), "html.parser")
    blocks = home.select("section.wm-home-block[aria-label]")
    assert [(block["aria-label"], block.get_text(strip=True)) for block in blocks] == [("第一块", "甲"), ("第二块", "乙")]


def test_the_exit_skips_garbage_collection_once_per_process(make_site, monkeypatch):
    """The portal asks for gc.freeze at exit (portal/plugin.py: exit_without_collecting), once
    however many builds one process runs, and nothing else changes during the builds."""
    registered: list[object] = []
    monkeypatch.setattr(plugin.atexit, "register", registered.append)
    plugin.exit_without_collecting.cache_clear()
    for _ in range(2):
        assert make_site().error is None
        assert gc.get_freeze_count() == 0  # still collecting while the process works
    assert registered == [gc.freeze]


FREEZE_PROBE = """\
import gc

seen = []


def on_post_page(output, page, config):
    seen.append(gc.get_freeze_count())
    return output


def on_post_build(config):
    with open(config.config_file_path.rsplit("/", 1)[0] + "/frozen.txt", "w") as out:
        out.write(" ".join(map(str, seen)))
"""


def test_long_lived_objects_are_frozen_during_the_templates_and_given_back_after(make_site, tmp_path):
    """The build's records and pages are kept out of full collections while templates render
    (portal/plugin.py: LongLivedObjects), and nothing stays frozen once the build is over."""
    built = make_site({"hooks.py": FREEZE_PROBE, "content/about.md": "# 关于\n\n社区简介。\n"}, hooks=["hooks.py"])
    assert built.error is None, built.errors
    counts = [int(count) for count in (tmp_path / "frozen.txt").read_text().split()]
    assert len(counts) == 2 and all(count > 1000 for count in counts)  # records, pages, libraries
    assert gc.get_freeze_count() == 0


def test_a_failed_build_leaves_nothing_frozen(make_site):
    # A mobile number typed into a page is a secret of its own: the audit stops the build.
    built = make_site({"content/about.md": "# 关于\n\n联系电话 13912345678。\n"})
    assert built.error is not None and "隐私检查未通过" in built.errors
    assert gc.get_freeze_count() == 0


def test_a_build_after_one_that_froze_objects_starts_with_a_full_collection():
    """`mkdocs serve` (not the preview server): a build's frozen objects are given back at its end,
    all at once; the next build frees them with one full collection at its start, and a build
    after one that froze nothing makes none. The preview's rebuilds leave this to the builder."""
    from wenming.mkdocs.portal.plugin import LongLivedObjects

    full: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2:
            full.append(1)

    def one_build(freezes: bool = True, managed: bool = False) -> int:
        before = len(full)
        objects = LongLivedObjects()
        objects.managed_by_preview = managed
        objects.build_started()
        if freezes:
            objects.records_loaded()
            objects.pages_rendered()
            assert (gc.get_freeze_count() > 0) != managed
        objects.build_ended()
        assert gc.get_freeze_count() == 0
        return len(full) - before

    enabled = gc.isenabled()
    gc.disable()  # only the collections asked for are counted
    gc.callbacks.append(count)
    try:
        one_build()
        assert one_build() == 1  # the last build's objects, at this start
        assert one_build(freezes=False) == 1
        assert one_build(freezes=False) == 0  # the last one froze nothing
        assert one_build(managed=True) == 0  # a preview rebuild: nothing frozen, nothing collected here
        assert one_build() == 0
    finally:
        gc.callbacks.remove(count)
        if enabled:
            gc.enable()
