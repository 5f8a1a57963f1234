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
    assert lines[0].startswith(
        "site-src/records/events/chongyang.yml:5: organizer 'xueleifen' 看起来是志愿服务队的 id，但 content/data/teams/ 里没有 xueleifen.yml"
    )
    assert lines[1] == (
        "site-src/records/events/chongyang.yml:6: report 'news/posts/none.md' 不存在：应为 content/ 下的新闻文章路径，"
        "例如 news/posts/2026-09-zhongqiu.md"
    )
    assert lines[2].startswith("site-src/records/teams/xueleifeng.yml:4: contact 含有手机号 13*******23：")
