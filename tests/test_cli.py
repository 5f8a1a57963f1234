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
    assert "志愿服务队（teams）: read 1 = published 1 + hidden 0 + invalid 0" in result.output
    assert "全部 1 个文件检查通过" in result.output


def test_check_fails_with_problems_named(tmp_path):
    write_files(
        tmp_path,
        {"mkdocs.yml": CONFIG, "site-src/records/teams/bad.yml": TEAM.replace("leader: 张建国\n", "")},
    )
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "site-src/records/teams/bad.yml:1: 缺少必填字段 leader（队长（公开姓名））" in result.output
    assert "志愿服务队（teams）: read 1 = published 0 + hidden 0 + invalid 1" in result.output
    assert "发现 1 个问题" in result.output


def test_check_of_the_sample_portal_passes():
    from tests.conftest import SAMPLE_CONFIG

    result = CliRunner().invoke(main, ["check", "-f", str(SAMPLE_CONFIG), "--build-date", "2026-11-23"])
    assert result.exit_code == 0, result.output
