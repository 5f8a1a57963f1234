"""Every kind of bad record file gives one exact, plain message naming file, line and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import write_files
from wenming.core.records import Collection, LoadedCollection, RuleContext, load_collection
from wenming.core.schemas import Event, Team
from wenming.core.site_data import collections

BUILD_DATE = dt.date(2026, 11, 23)
EVENTS: Collection[Event] = next(c for c in collections() if c.name == "events")
TEAMS: Collection[Team] = next(c for c in collections() if c.name == "teams")

GOOD_EVENT = """\
title: 中秋邻里团圆宴
kind: 我们的节日
festival: 中秋
date: 2026-09-25
time: "18:00-20:30"
location: 幸福里小区中心广场
organizer: 幸福里社区居委会
"""


def load(tmp_path: Path, files: dict[str, str | bytes], collection: Collection = EVENTS) -> LoadedCollection:
    write_files(tmp_path, {f"content/{collection.folder}/{name}": text for name, text in files.items()})
    return load_collection(collection, tmp_path / "content", RuleContext(BUILD_DATE, tmp_path / "content"), tmp_path)


def messages(loaded: LoadedCollection) -> list[str]:
    return [str(problem) for problem in loaded.problems]


def test_valid_record_is_published_with_its_public_fields(tmp_path):
    loaded = load(tmp_path, {"zhongqiu.yml": GOOD_EVENT})
    assert messages(loaded) == []
    [record] = loaded.records
    assert record.id == "zhongqiu"
    assert record.title == "中秋邻里团圆宴"
    assert record.date == dt.date(2026, 9, 25)
    assert record.time == "18:00-20:30"
    assert record.status == "planned"
    assert loaded.account() == "活动（events）：读取 1 = 发布 1 + 不公开 0 + 有错误 0"


def test_invalid_date_names_file_line_field_value_and_format(tmp_path):
    loaded = load(tmp_path, {"zhongqiu.yml": GOOD_EVENT.replace("2026-09-25", "2026-02-30")})
    assert messages(loaded) == [
        "content/data/events/zhongqiu.yml:4: date（日期） '2026-02-30' 不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）"
    ]
    assert loaded.problems[0].field == "date"
    assert loaded.records == []


def test_number_is_not_taken_for_a_date(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT.replace("2026-09-25", "20260925")})
    assert messages(loaded) == [
        "content/data/events/a.yml:4: date（日期） '20260925' 不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）"
    ]


def test_yaml_syntax_error_gives_line_and_hint(tmp_path):
    loaded = load(tmp_path, {"a.yml": 'title: "中秋\nkind: 我们的节日\n'})
    [problem] = loaded.problems
    assert problem.file == "content/data/events/a.yml"
    assert problem.line == 3
    assert problem.message == "YAML 格式错误：引号或括号没有成对，文件就结束了"


def test_tab_indentation_is_named(tmp_path):
    loaded = load(tmp_path, {"a.yml": "title: x\nrecords:\n\t- a\n"})
    [problem] = loaded.problems
    assert problem.line == 3
    assert problem.message == "YAML 格式错误：这一行用了 Tab（制表符）；YAML 里缩进和分隔只能用空格，请把 Tab 改成空格"


def test_non_utf8_file_names_the_line_of_the_first_bad_byte(tmp_path):
    loaded = load(tmp_path, {"gbk.yml": "title: ok\nlocation: 广场\n".encode("gbk")})
    assert messages(loaded) == [
        "content/data/events/gbk.yml:2: 文件不是 UTF-8 编码，无法读取（看起来是 GBK/ANSI 编码，常见于用记事本保存的文件）；"
        "请用编辑器“另存为 UTF-8”后再提交"
    ]


def test_utf8_bom_is_tolerated(tmp_path):
    loaded = load(tmp_path, {"bom.yml": b"\xef\xbb\xbf" + GOOD_EVENT.encode("utf-8")})
    assert messages(loaded) == []
    assert len(loaded.records) == 1


def test_empty_file(tmp_path):
    loaded = load(tmp_path, {"empty.yml": "# 只有注释\n"})
    assert messages(loaded) == ["content/data/events/empty.yml:1: 文件是空的：应写一条记录，每行一个“字段: 值”"]


def test_list_where_a_mapping_is_expected(tmp_path):
    loaded = load(tmp_path, {"list.yml": "- title: 一\n- title: 二\n"})
    assert messages(loaded) == [
        "content/data/events/list.yml:1: 文件内容是列表（以 - 开头的若干项），应为一条记录：每行一个“字段: 值”（一个文件只放一条记录）"
    ]


def test_unknown_key_suggests_the_close_field(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT + "locaton: 二楼\n"})
    assert messages(loaded) == [
        "content/data/events/a.yml:8: 未知字段 'locaton'，是不是想写 location（地点）？（可用字段：title, kind, festival, date, "
        "year, time, location, organizer, description, capacity, signup, status, report, private）"
    ]


def test_unknown_key_in_a_nested_list_item(tmp_path):
    team = "name: 队\ntype: 学雷锋\nleader: 张三\nmembers: 5\nrecords:\n  - date: 2026-01-01\n    title: 清洁\n    hours: 2\n    volunteers: 3\n    note: x\n"
    loaded = load(tmp_path, {"t.yml": team}, TEAMS)
    assert messages(loaded) == [
        "content/data/teams/t.yml:10: records[1]（服务记录） 里的未知字段 'note'（可用字段：date, title, hours, volunteers）"
    ]


def test_wrong_type(tmp_path):
    team = "name: 队\ntype: 学雷锋\nleader: 张三\nmembers: 很多\n"
    loaded = load(tmp_path, {"t.yml": team}, TEAMS)
    assert messages(loaded) == ["content/data/teams/t.yml:4: members（队员人数） '很多' 应为整数"]


def test_list_expected(tmp_path):
    team = "name: 队\ntype: 学雷锋\nleader: 张三\nmembers: 5\nservices: 扶老助残\n"
    loaded = load(tmp_path, {"t.yml": team}, TEAMS)
    assert messages(loaded) == [
        "content/data/teams/t.yml:5: services（服务领域） 应为列表（每项另起一行，以“- ”开头），实际是 '扶老助残'"
    ]


def test_bad_enum_lists_the_allowed_values(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT.replace("kind: 我们的节日", "kind: 节日活动")})
    assert messages(loaded) == [
        "content/data/events/a.yml:2: kind（类型） '节日活动' 不是允许的值（可选：我们的节日、道德讲堂、志愿服务、文体活动、宣讲、其他）"
    ]


def test_missing_required_field_says_what_it_means(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT.replace("location: 幸福里小区中心广场\n", "")})
    assert messages(loaded) == ["content/data/events/a.yml:1: 缺少必填字段 location（地点）"]


def test_duplicate_key_in_one_mapping(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT + "title: 又一个标题\n"})
    assert messages(loaded) == [
        "content/data/events/a.yml:8: 字段 'title' 在同一层写了两次（第 1 行和第 8 行），请删掉其中一个"
    ]


def test_duplicate_ids_across_subfolders_and_suffixes(tmp_path):
    loaded = load(tmp_path, {"2026/zhongqiu.yml": GOOD_EVENT, "zhongqiu.yaml": GOOD_EVENT})
    assert messages(loaded) == [
        "content/data/events/2026/zhongqiu.yml: id 'zhongqiu' 重复：content/data/events/zhongqiu.yaml "
        "已经用了这个 id，同一类记录的文件名不能相同"
    ]
    assert [record.id for record in loaded.records] == ["zhongqiu"]
    assert loaded.account() == "活动（events）：读取 2 = 发布 1 + 不公开 0 + 有错误 1"


@pytest.mark.parametrize("name", ["Zhongqiu.yml", "中秋.yml", "zhong qiu.yml", "-zhongqiu.yml", "zhong_qiu.yml"])
def test_id_must_be_a_slug(tmp_path, name):
    loaded = load(tmp_path, {name: GOOD_EVENT})
    assert messages(loaded) == [
        f"content/data/events/{name}: 文件名 '{name}' 不能用作 id：只能用小写英文字母、数字和连字符（-），"
        "且以字母或数字开头，例如 zhongqiu-2026.yml"
    ]


def test_time_of_day_is_not_read_as_a_sexagesimal_number(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT.replace('"18:00-20:30"', "09:30")})
    assert messages(loaded) == []
    assert loaded.records[0].time == "09:30"


def test_bad_time(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT.replace('"18:00-20:30"', "25:00")})
    assert messages(loaded) == [
        "content/data/events/a.yml:5: time（时间） '25:00' 不是有效时间（应为 HH:MM 或 HH:MM-HH:MM，例如 09:00-11:30）"
    ]


def test_private_fields_are_stripped_from_the_public_record_and_remembered(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT + "private:\n  contact: 李阿姨\n  phone: '13905718823'\n"})
    [record] = loaded.records
    assert "private" not in record.data.model_dump()
    assert not hasattr(record.data, "private")
    assert {secret.value: secret.origin for secret in loaded.secrets} == {
        "13905718823": "content/data/events/a.yml (private.phone)",
        # Under a name key, 2-3 Chinese characters are audited as a name (see core/privacy.py).
        "李阿姨": "content/data/events/a.yml (private.contact)",
    }


def test_a_personal_number_in_a_public_field_is_a_problem_in_any_spelling(tmp_path):
    event = GOOD_EVENT.replace("title: ", "title: 报名请打139-1234-5678 ")
    loaded = load(tmp_path, {"a.yml": event, "b.yml": GOOD_EVENT.replace("title: ", "title: 咨询0571-8888 6001 ")})
    assert [record.id for record in loaded.records] == ["b"]  # a landline is an office's number: fine
    [problem] = loaded.problems
    assert (problem.file, problem.field) == ("content/data/events/a.yml", "title")
    assert problem.line == event.splitlines().index(next(line for line in event.splitlines() if "139-" in line)) + 1
    assert problem.message.startswith("title 含有手机号 13*******78：这个字段会公开发布")


def test_private_must_be_a_mapping(tmp_path):
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT + "private: 13905718823\n", "b.yml": GOOD_EVENT + 'private: "13912345678"\n'})
    # The number is the private value itself: the log shows it masked.
    assert messages(loaded) == [
        "content/data/events/a.yml:8: private（不公开的个人信息） 应为“字段: 值”的映射，下一行缩进后逐项写（例如 phone: ...），实际是一个值 13*******23",
        "content/data/events/b.yml:8: private（不公开的个人信息） 应为“字段: 值”的映射，下一行缩进后逐项写（例如 phone: ...），实际是一个值 13*******78",
    ]


def test_an_empty_tagged_private_value_is_reported_not_a_traceback(tmp_path):
    # Found by the fuzz test: `!` is an empty YAML tag, so the value is the empty text.
    loaded = load(tmp_path, {"a.yml": GOOD_EVENT + "private: !\n"})
    assert messages(loaded) == [
        "content/data/events/a.yml:8: private（不公开的个人信息） 应为“字段: 值”的映射，下一行缩进后逐项写（例如 phone: ...），实际是一个值 （空）",
    ]


def test_every_file_is_counted_once(tmp_path):
    loaded = load(
        tmp_path,
        {"a.yml": GOOD_EVENT, "b.yml": "", "c.yml": GOOD_EVENT.replace("2026-09-25", "x"), ".hidden.yml": "x"},
    )
    assert loaded.read == 3  # dotfiles are editors' backups, not records
    assert len(loaded.records) + sum(loaded.hidden.values()) + len(loaded.invalid_files) == loaded.read
