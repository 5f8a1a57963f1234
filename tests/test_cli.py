"""``wenming check``: the problems and the account, without a build."""

from __future__ import annotations

from click.testing import CliRunner

from tests.conftest import write_files
from tests.test_build import TEAM
from wenming.cli import main, read_portal_settings

CONFIG = """\
site_name: 测试
docs_dir: site-src
plugins:
  - search
  - wenming:
      build_date: 2026-11-23
      data_dir: records
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
"""


def test_reads_docs_dir_and_plugin_options_despite_python_tags(tmp_path):
    write_files(tmp_path, {"mkdocs.yml": CONFIG})
    docs_dir, options = read_portal_settings(tmp_path / "mkdocs.yml")
    assert docs_dir == tmp_path / "site-src"
    assert options["data_dir"] == "records"


def test_check_passes_and_prints_the_account(tmp_path, monkeypatch):
    write_files(tmp_path, {"mkdocs.yml": CONFIG, "site-src/records/teams/xueleifeng.yml": TEAM})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert "志愿服务队（teams）：读取 1 = 发布 1 + 不公开 0 + 有错误 0" in result.output
    assert "全部 1 个文件检查通过" in result.output


def test_check_fails_with_problems_named(tmp_path):
    write_files(
        tmp_path,
        {"mkdocs.yml": CONFIG, "site-src/records/teams/bad.yml": TEAM.replace("leader: 张建国\n", "")},
    )
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "site-src/records/teams/bad.yml:1: 缺少必填字段 leader（队长）：队长（公开姓名）" in result.output
    assert "志愿服务队（teams）：读取 1 = 发布 0 + 不公开 0 + 有错误 1" in result.output
    assert "发现 1 个问题" in result.output


def test_check_of_the_sample_portal_passes():
    from tests.conftest import SAMPLE_CONFIG

    result = CliRunner().invoke(main, ["check", "-f", str(SAMPLE_CONFIG), "--build-date", "2026-11-23"])
    assert result.exit_code == 0, result.output


EVENT = """\
title: 重阳敬老
kind: 志愿服务
date: 2026-10-18
location: 社区广场
organizer: xueleifen
report: news/posts/none.md
"""


def test_check_reports_what_only_other_records_can_tell(tmp_path):
    write_files(
        tmp_path,
        {
            "mkdocs.yml": CONFIG,
            "site-src/records/teams/xueleifeng.yml": TEAM.replace("contact: 社区党群服务中心一楼", "contact: 张队长 13905718823"),
            "site-src/records/events/chongyang.yml": EVENT,
        },
    )
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # 2026-10-18 is 重阳 itself: an event named for it on that day without festival: 重阳 is warned.
    assert lines.pop(0) == (
        "site-src/records/events/chongyang.yml:1: title（活动名称） '重阳敬老' 说的是重阳，date '2026-10-18' 也正是重阳，"
        "但没有写 festival: 重阳：这样活动不会列在“我们的节日”和重阳页面上。请加一行 festival: 重阳（写了这一行，这条提醒就不再出现）"
    )
    assert lines[0].startswith(
        "site-src/records/events/chongyang.yml:5: organizer 'xueleifen' 看起来是志愿服务队的 id，但 content/data/teams/ 里没有 xueleifen.yml"
    )
    assert lines[1] == (
        "site-src/records/events/chongyang.yml:6: report 'news/posts/none.md' 不存在：应为 content/ 下的新闻文章路径，"
        "例如 news/posts/2026-09-zhongqiu.md"
    )
    assert lines[2].startswith("site-src/records/teams/xueleifeng.yml:4: contact 含有手机号 13*******23：")


ENGLISH_FROM_CLICK = ("Usage:", "Options:", "Commands:", "Show this message", "Error:", "Try '", "No such", "Missing", "[default", "[required", "TEXT", "INTEGER", "FILE")


def _all_commands(command, path=()):
    yield path
    for name, sub in getattr(command, "commands", {}).items():
        yield from _all_commands(sub, (*path, name))


def test_every_help_is_in_chinese():
    paths = list(_all_commands(main))
    assert len(paths) >= 9  # wenming, check, new (3 kinds), review (3), schema
    for path in paths:
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, path
        assert result.output.startswith("用法:"), result.output
        assert "显示这段说明并退出。" in result.output
        for english in ENGLISH_FROM_CLICK:
            assert english not in result.output, (path, english, result.output)


def test_command_line_mistakes_are_answered_in_chinese(tmp_path):
    cases = [
        (["check", "--bogus"], "错误：没有选项 '--bogus'。 是不是想写 '--jobs'？"),
        (["check", "-j", "0"], "错误：'--jobs' / '-j' 的值不对：0 不在 x>=1 范围内。"),
        (["check", "-f", str(tmp_path / "nope.yml")], "的值不对：文件 '"),
        (["check", "--build-date", "2026-02-30", "-f", str(tmp_path / "mkdocs.yml")], "错误：--build-date 的值不对：build_date '2026-02-30' 不是有效日期（应为 YYYY-MM-DD）"),
        (["nope"], "错误：没有命令 'nope'。"),
        (["new", "team"], "错误：缺少参数 'ID'。"),
        (["new", "team", "Xue Lei Feng", "-f", str(tmp_path / "mkdocs.yml")], "不能用作 id"),
        (["review", "approve", "x"], "错误：缺少选项 '--reviewer'。"),
    ]
    write_files(tmp_path, {"mkdocs.yml": CONFIG})
    for arguments, expected in cases:
        result = CliRunner().invoke(main, arguments, prog_name="wenming")
        assert result.exit_code == 2, (arguments, result.output)
        assert expected in result.output, (arguments, result.output)
        assert "运行 'wenming" in result.output and "Error" not in result.output and "Usage" not in result.output


def test_a_broken_mkdocs_yml_is_named_in_chinese_not_a_traceback(tmp_path):
    write_files(tmp_path, {"mkdocs.yml": "site_name: 测试\nplugins:\n  - wenming：\n      office: {}\n"})
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.splitlines()[0] == (
        "mkdocs.yml:3: YAML 格式错误：“- wenming：”用了中文冒号“：”；字段名后面要用英文冒号加一个空格，应写成 wenming:"
    )


def test_office_settings_in_mkdocs_yml_are_checked(tmp_path):
    config = CONFIG.replace("      data_dir: records\n", "      data_dir: records\n      office:\n        phone: 88886001\n        fax: x\n      icpp: 浙ICP备1号\n")
    write_files(tmp_path, {"mkdocs.yml": config})
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert result.output.splitlines()[:3] == [
        "mkdocs.yml:9: plugins.wenming.office.phone（电话） 应为文字，实际是整数 '88886001'（写成文字：加引号，例如 \"0571-8888 6001\"）",
        "mkdocs.yml:10: plugins.wenming.office 里的未知设置 'fax'（可用：name, address, phone, email, hours）",
        "mkdocs.yml:11: plugins.wenming 里的未知设置 'icpp'，是不是想写 icp（ICP 备案号）？（可用：enabled, data_dir, "
        "submissions_dir, build_date, office, icp, icp_link, police_beian, intake_url, home_news_count, fast_excerpts, template_cache, "
        "cache_dir, privacy_audit, uploads_dir, staff_html）",
    ]


def test_a_past_event_still_planned_is_a_reminder_that_does_not_fail_the_check(tmp_path):
    past = "title: 冬季消防入户检查\nkind: 志愿服务\ndate: 2026-11-20\nlocation: 各楼栋\norganizer: 居委会\nstatus: planned\n"
    write_files(tmp_path, {"mkdocs.yml": CONFIG, "site-src/records/events/xiaofang.yml": past})
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[:2] == [
        "提醒（1 条，不影响发布，可以稍后处理）：",
        "site-src/records/events/xiaofang.yml:6: status（状态） 还是 planned（计划中），但活动日期 2026-11-20 已经过去："
        "办完了请写 status: done（已举办），取消了请写 status: cancelled（已取消）；改了之后这条提醒就不再出现",
    ]
    assert "全部 1 个文件检查通过" in result.output
    done = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml"), "--build-date", "2026-11-19"])
    assert "提醒" not in done.output


def test_the_settings_check_knows_every_option_of_the_wenming_plugin():
    # The check names options in Chinese from its own table: an option the plugin gains must be
    # in it, or `wenming check` would call a valid setting unknown.
    from wenming.core.settings_check import PORTAL_OPTIONS
    from wenming.mkdocs.portal.config import PortalConfig

    assert set(PORTAL_OPTIONS) == {name for name, _ in PortalConfig._schema}
