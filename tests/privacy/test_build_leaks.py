"""Hostile cases first: private data published in a spelling the old audit did not see, in real builds.

Each case plants a private value of a record in a page, spelled the way staff paste it from
WeChat or Word; the build must fail naming the output file, the record and field, with the value
masked. The same site without the planted page builds and passes the audit.
"""

from __future__ import annotations

import pytest

from tests.conftest import base_config, with_plugin

VOLUNTEERS = with_plugin(base_config()["plugins"], "wenming-volunteers")

TEAM = """\
name: 幸福里学雷锋志愿服务队
type: 学雷锋
leader: 张建国
contact: 社区党群服务中心一楼
members: 32
private:
  leader_phone: "13912345678"
  id_number: "110101199003077777"
  home_address: 幸福里小区12幢2单元301室
  contact_person: 卞建国
"""
RECORD = "content/data/teams/xueleifeng.yml"
PHONE = f"{RECORD} (private.leader_phone) 的隐私内容 13*******78"
ID = f"{RECORD} (private.id_number) 的隐私内容 1101**********7777"
ADDRESS = f"{RECORD} (private.home_address) 的隐私内容 幸福里*********01室"
NAME = f"{RECORD} (private.contact_person) 的隐私内容 卞**"

SPELLINGS = {
    "hyphens": ("队长电话 139-1234-5678", PHONE),
    "spaces": ("队长电话 139 1234 5678", PHONE),
    "full-width": ("队长电话 １３９１２３４５６７８", PHONE),
    "soft hyphens": ("队长电话 139\u00ad1234\u00ad5678", PHONE),
    "word joiners": ("队长电话 139\u20601234\u20605678", PHONE),
    "NBSP and ideographic space": ("队长电话 139\u00a01234\u30005678", PHONE),
    "em dashes": ("队长电话 139—1234—5678", PHONE),
    "ID in groups": ("身份证 110101 19900307 7777", ID),
    "split over two table cells": ("| 区号 | 号码 |\n|---|---|\n| 139 | 1234 5678 |", PHONE),
    "percent-encoded map link": (
        "[地图](https://map.example.com/?q=%E5%B9%B8%E7%A6%8F%E9%87%8C%E5%B0%8F%E5%8C%BA12%E5%B9%A22"
        "%E5%8D%95%E5%85%83301%E5%AE%A4)",
        ADDRESS,
    ),
    "3-character name": ("感谢卞建国同志的帮助。", NAME),
}


@pytest.mark.parametrize("case", list(SPELLINGS))
def test_a_private_value_published_in_another_spelling_fails_the_build(make_site, case):
    text, expected = SPELLINGS[case]
    built = make_site({RECORD: TEAM, "content/notice.md": f"# 通知\n\n{text}\n"})
    assert built.error is not None, case
    assert "隐私检查未通过" in built.errors
    assert f"notice/index.html 含有 {expected}" in built.errors
    assert "13912345678" not in built.errors and "110101199003077777" not in built.errors


def test_the_same_site_without_the_leak_passes(make_site):
    notice = "# 通知\n\n活动时间 2026-11-23 12:00，电话 0571-8888 6001。王芳芳、建国七十七周年、卞建国庆活动。\n"
    built = make_site({RECORD: TEAM, "content/notice.md": notice}, strict=True)
    assert built.error is None, built.errors
    assert any(message.startswith("wenming: 隐私检查通过：") for message in built.infos)


def test_a_phone_in_a_public_team_field_is_a_warning_naming_file_line_and_field(make_site):
    team = TEAM.replace("contact: 社区党群服务中心一楼", "contact: 队长手机 139-1234-5678")
    built = make_site({RECORD: team}, strict=True, plugins=VOLUNTEERS)
    assert built.error is not None
    assert [warning for warning in built.warnings if RECORD in warning] == [
        f"wenming: {RECORD}:4: contact 含有手机号 13*******78：contact 会公开显示，个人手机号请移到 private: 下"
        "（例如 private: {leader_phone: ...}），contact 只写办公电话或地点；改正前网页上不显示联系方式"
    ]
    assert "139-1234-5678" not in built.read("volunteers/teams/xueleifeng/index.html")


def test_a_landline_in_a_public_team_field_is_fine(make_site):
    team = TEAM.replace("contact: 社区党群服务中心一楼", "contact: 办公电话 0571-8888 6001")
    built = make_site({RECORD: team}, strict=True, plugins=VOLUNTEERS)
    assert built.error is None, built.warnings


def test_a_mobile_in_another_public_field_keeps_the_record_off_the_site(make_site):
    team = TEAM.replace("members: 32", "members: 32\nservices:\n  - 报名请联系 139 1234 5678")
    built = make_site({RECORD: team})
    assert f"wenming: {RECORD}:7: services[1] 含有手机号 13*******78：这个字段会公开发布，个人手机号、身份证号请移到 private: 下（例如 private: {{phone: ...}}）" in built.warnings
    assert "wenming: 志愿服务队（teams）: read 1 = published 0 + hidden 0 + invalid 1" in built.infos
    assert built.error is None


def test_wenming_check_names_phones_in_public_fields_in_any_spelling(tmp_path):
    from click.testing import CliRunner

    from tests.conftest import write_files
    from tests.test_cli import CONFIG
    from wenming.cli import main

    write_files(tmp_path, {
        "mkdocs.yml": CONFIG,
        "site-src/records/teams/contact.yml": TEAM.replace("contact: 社区党群服务中心一楼", "contact: 队长手机 139-1234-5678"),
        "site-src/records/teams/services.yml": TEAM.replace("members: 32", "members: 32\nservices:\n  - 身份证 110101 19900307 7777"),
        "site-src/records/teams/office.yml": TEAM.replace("contact: 社区党群服务中心一楼", "contact: 办公电话 0571-8888 6001"),
    })  # fmt: skip
    result = CliRunner().invoke(main, ["check", "-f", str(tmp_path / "mkdocs.yml")])
    assert result.exit_code == 1
    assert "site-src/records/teams/contact.yml:4: contact 含有手机号 13*******78：contact 会公开显示" in result.output
    assert "site-src/records/teams/services.yml:7: services[1] 含有身份证号 1101**********7777：这个字段会公开发布" in result.output
    assert "office.yml" not in result.output.replace("read 3", "")
    assert "13912345678" not in result.output and "139-1234-5678" not in result.output
