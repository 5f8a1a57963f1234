"""Cross-field rules of the v1 formats, each with its exact message."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import write_files
from tests.core.test_records import BUILD_DATE, load, messages
from wenming.core.events import resolve_date
from wenming.core.rules import NOMINATION_STATUS_NAMES, age_on, team_warnings
from wenming.core.schemas import Team
from wenming.core.site_data import collections, load_site

NOMINATIONS = next(c for c in collections() if c.name == "nominations")
TEAMS = next(c for c in collections() if c.name == "teams")
SUBMISSIONS = next(c for c in collections() if c.name == "submissions")

DEEDS = "退休后她在社区开设“四点半课堂”，每周为双职工家庭的孩子免费辅导功课。" * 4
SELECTED = f"""\
name: 王秀兰
gender: 女
birth: 1958-03
category: 助人为乐
summary: 退休教师义务辅导社区孩子功课十年。
deeds: {DEEDS}
nominated_by: 居民推荐
nominated_on: 2026-05-10
status: selected
publicity:
  start: 2026-06-20
  end: 2026-06-26
period: 2026-Q2
consent: true
"""


def nomination(**changes: str) -> str:
    text = SELECTED
    for old, new in changes.items():
        text = text.replace(old, new)
    return text


def test_selected_nomination_is_published(tmp_path):
    loaded = load(tmp_path, {"wang-xiulan.yml": SELECTED}, NOMINATIONS)
    assert messages(loaded) == []
    assert loaded.records[0].period == "2026-Q2"


@pytest.mark.parametrize(
    ("status", "reason"),
    [("nominated", "nominated"), ("reviewing", "reviewing"), ("not_selected", "not_selected"), ("withdrawn", "withdrawn")],
)
def test_non_public_statuses_are_hidden_with_their_reason(tmp_path, status, reason):
    loaded = load(tmp_path, {"a.yml": nomination(**{"status: selected": f"status: {status}"})}, NOMINATIONS)
    assert loaded.records == []
    assert dict(loaded.hidden) == {reason: 1}
    assert loaded.account() == f"好人推荐（nominations）：读取 1 = 发布 0 + 不公开 1（{NOMINATION_STATUS_NAMES[reason]} {reason} 1） + 有错误 0"


def test_public_status_needs_consent(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{"consent: true": "consent: false"})}, NOMINATIONS)
    assert messages(loaded) == [
        "content/data/nominations/a.yml:14: 状态为 selected（入选） 的记录会公开，必须写 consent: true（本人已同意公开）"
    ]


def test_publicity_end_before_start(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{"end: 2026-06-26": "end: 2026-06-19"})}, NOMINATIONS)
    assert messages(loaded) == [
        "content/data/nominations/a.yml:12: publicity.end '2026-06-19' 早于 publicity.start '2026-06-20'：公示结束日期不能早于开始日期"
    ]


def test_selected_needs_period_and_period_format_is_checked(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{"period: 2026-Q2\n": ""}), "b.yml": nomination(**{"2026-Q2": "2026-Q5"})}, NOMINATIONS)
    assert messages(loaded) == [
        "content/data/nominations/a.yml:9: 状态为 selected（入选） 时必须写所属好人榜期次 period，例如 2026-06 或 2026-Q2",
        "content/data/nominations/b.yml:13: period（好人榜期次） '2026-Q5' 格式不对：所属好人榜期次：月榜 2026-06 或季度榜 2026-Q2；入选时必填",
    ]


def test_summary_length_limit(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{"退休教师义务辅导社区孩子功课十年。": "好" * 141})}, NOMINATIONS)
    assert messages(loaded) == ["content/data/nominations/a.yml:5: summary（一句话事迹） 有 141 个字，最多 140 个字"]


def test_minor_without_guardian_consent_may_not_be_published(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{"birth: 1958-03": "birth: 2012-06"})}, NOMINATIONS)
    assert messages(loaded) == [
        "content/data/nominations/a.yml:3: 被推荐人推荐时未满14周岁（出生年月 2012-06），公开前必须取得监护人同意并写 guardian_consent: true"
    ]
    ok = load(tmp_path, {"a.yml": nomination(**{"birth: 1958-03": "birth: 2012-06"}) + "guardian_consent: true\n"}, NOMINATIONS)
    assert messages(ok) == []


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [("2012-05", dt.date(2026, 5, 31), 14), ("2012-05", dt.date(2026, 5, 30), 13), ("2012-06", dt.date(2026, 5, 10), 13),
     ("2012-04", dt.date(2026, 5, 10), 14), ("1958-03", dt.date(2026, 5, 10), 68)],
)
def test_age_counts_the_birth_month_conservatively(birth, day, age):
    assert age_on(birth, day) == age


@pytest.mark.parametrize(
    ("photo", "message"),
    [
        ("../secret/x.jpg", "photo '../secret/x.jpg' 必须是 content/ 下的相对路径，不能以 / 开头或包含 .."),
        ("/etc/x.jpg", "photo '/etc/x.jpg' 必须是 content/ 下的相对路径，不能以 / 开头或包含 .."),
        ("images/x.gif", "photo 'images/x.gif' 应为 jpg、png 或 webp 图片"),
        ("images/none.jpg", "photo 'images/none.jpg' 不存在：请把照片放在 content/images/none.jpg 或改正路径"),
    ],
)
def test_photo_paths(tmp_path, photo, message):
    loaded = load(tmp_path, {"a.yml": SELECTED + f"photo: {photo}\n"}, NOMINATIONS)
    assert messages(loaded) == [f"content/data/nominations/a.yml:15: {message}"]


def test_team_record_after_build_date_and_duplicate_star(tmp_path):
    team = (
        "name: 队\ntype: 学雷锋\nleader: 张三\nmembers: 5\n"
        "records:\n  - {date: 2026-12-01, title: 清洁, hours: 2, volunteers: 3}\n"
        "stars:\n  - {name: 李四, hours: 120}\n  - {name: 李四, hours: 20}\n"
    )
    loaded = load(tmp_path, {"t.yml": team}, TEAMS)
    assert messages(loaded) == [
        f"content/data/teams/t.yml:6: records[1].date '2026-12-01' 晚于今天（{BUILD_DATE}）：只记录已经完成的服务",
        "content/data/teams/t.yml:9: stars[2].name '李四' 重复：已在 stars[1] 出现，同一人只写一次",
    ]


@pytest.mark.parametrize(("hours", "message"), [("0", "应大于 0"), ("25", "应不大于 24")])
def test_service_hours_bounds(tmp_path, hours, message):
    team = f"name: 队\ntype: 学雷锋\nleader: 张三\nmembers: 5\nrecords:\n  - {{date: 2026-01-01, title: 清洁, hours: {hours}, volunteers: 3}}\n"
    loaded = load(tmp_path, {"t.yml": team}, TEAMS)
    assert messages(loaded) == [f"content/data/teams/t.yml:6: records[1].hours（服务时长） '{hours}' {message}"]


TEAM_HEAD = "name: 队\ntype: 学雷锋\nleader: 张三\nmembers: 5\n"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ("{date: 2026-01-01, title: 清洁, hours: 2, volunteers: 0}", "records[1].volunteers（志愿者人数） '0' 应不小于 1"),
        ("{date: 2026-02-30, title: 清洁, hours: 2, volunteers: 3}",
         "records[1].date（服务日期） '2026-02-30' 不是有效日期（应为 YYYY-MM-DD，例如 2026-09-25）"),
        ("{date: 2026-01-01, title: 清洁, hours: -1, volunteers: 3}", "records[1].hours（服务时长） '-1' 应大于 0"),
    ],
)  # fmt: skip
def test_service_record_volunteers_and_dates(tmp_path, record, message):
    loaded = load(tmp_path, {"t.yml": TEAM_HEAD + f"records:\n  - {record}\n"}, TEAMS)
    assert messages(loaded) == [f"content/data/teams/t.yml:6: {message}"]


def test_service_hours_limits_are_inclusive_of_24(tmp_path):
    records = "records:\n  - {date: 2026-01-01, title: 值守, hours: 24, volunteers: 1}\n  - {date: 2026-11-23, title: 清洁, hours: 0.5, volunteers: 2}\n"
    loaded = load(tmp_path, {"t.yml": TEAM_HEAD + records}, TEAMS)
    assert messages(loaded) == []
    assert [record.hours for record in loaded.records[0].data.records] == [24, 0.5]


def test_team_needs_at_least_one_member(tmp_path):
    loaded = load(tmp_path, {"t.yml": TEAM_HEAD.replace("members: 5", "members: 0")}, TEAMS)
    assert messages(loaded) == ["content/data/teams/t.yml:4: members（队员人数） '0' 应不小于 1"]


def test_unknown_checklist_key_names_the_nearest_key_and_all_nine(tmp_path):
    station = "station:\n  location: 服务站\n  checklist:\n    fixed_site: true\n    singage: true\n"
    loaded = load(tmp_path, {"t.yml": TEAM_HEAD + station}, TEAMS)
    assert messages(loaded) == [
        "content/data/teams/t.yml:9: station.checklist（九个有） 里的未知字段 'singage'，是不是想写 signage（有标识标牌）？"
        "（可用字段：fixed_site, person_in_charge, team, projects, schedule, signage, rules, publicity, records）"
    ]
    assert loaded.problems[0].field == "station.checklist.singage"


def test_checklist_values_are_true_or_false(tmp_path):
    station = "station:\n  checklist:\n    rules: 有\n"
    loaded = load(tmp_path, {"t.yml": TEAM_HEAD + station}, TEAMS)
    assert messages(loaded) == ["content/data/teams/t.yml:7: station.checklist.rules（有管理制度） '有' 应为 true 或 false"]


def test_mobile_number_in_contact_is_a_warning_that_keeps_the_team(tmp_path):
    loaded = load(tmp_path, {"t.yml": TEAM_HEAD + "contact: 张队长 13905718823\n"}, TEAMS)
    assert messages(loaded) == []  # still published; the plugin warns and leaves the contact out
    [record] = loaded.records
    [warning] = list(team_warnings(record.data))
    problem = record.source.problem(warning.loc, warning.message, "contact")
    assert str(problem) == (
        "content/data/teams/t.yml:5: contact 含有手机号 13*******23：contact 会公开显示，个人手机号请移到 private: 下"
        "（例如 private: {leader_phone: ...}），contact 只写办公电话或地点；改正前网页上不显示联系方式"
    )
    assert problem.field == "contact"


@pytest.mark.parametrize("contact", ["0571-8888 6001", "社区党群服务中心一楼", "4008123123", "139057188230"])
def test_office_phones_and_places_in_contact_are_fine(contact):
    team = Team(name="队", type="学雷锋", leader="张三", members=5, contact=contact)
    assert list(team_warnings(team)) == []


def test_event_needs_a_date_or_festival_and_year(tmp_path):
    event = "title: 活动\nkind: 其他\nlocation: 广场\norganizer: 居委会\n"
    loaded = load(tmp_path, {"a.yml": event, "b.yml": event + "year: 2027\n"})
    assert messages(loaded) == [
        "content/data/events/a.yml:1: 缺少日期：写 date: YYYY-MM-DD，或写节日 festival 和年份 year 由系统推算",
        "content/data/events/b.yml:1: 缺少日期：写 date: YYYY-MM-DD，或写节日 festival 和年份 year 由系统推算",
        "content/data/events/b.yml:5: year 2027 只和 festival 一起使用；普通活动请写 date",
    ]


SUBMISSION = """\
---
title: 志愿者为独居老人送温暖
kind: news
author: 陈思雨
submitted: 2026-11-10
status: approved
reviewer: 李红梅
---

{body}
"""


def test_submissions_front_matter_lines_count_from_the_top_of_the_file(tmp_path):
    loaded = load(tmp_path, {"a.md": SUBMISSION.replace("status: approved", "status: done").format(body="正文" * 30)}, SUBMISSIONS)
    assert messages(loaded) == [
        "content/submissions/a.md:6: status（状态） 'done' 不是允许的值（可选：pending、approved、rejected）"
    ]


def test_approved_submission_needs_enough_text_and_only_approved_ones_are_public(tmp_path):
    write_files(
        tmp_path,
        {
            "content/submissions/short.md": SUBMISSION.format(body="太短了。电话 13905718823"),
            "content/submissions/ok.md": SUBMISSION.format(body="冬至前夕，网络文明传播志愿者走进独居老人家中，送去饺子和棉被。" * 2),
            "content/submissions/wait.md": SUBMISSION.replace("status: approved\nreviewer: 李红梅", "status: pending").format(body="稿件"),
        },
    )
    loaded = load_site(tmp_path / "content", BUILD_DATE, display_root=tmp_path)["submissions"]
    # Too short, and its other problems too: one run says everything.
    assert messages(loaded) == [
        "content/submissions/short.md:10: 正文只有 17 个字，至少要 50 个字",
        "content/submissions/short.md:10: 正文第 8 个字处有未打码的手机号 13*******23：个人信息不能发布，请删除或打码（如 138****5678）",
    ]
    assert [record.id for record in loaded.records] == ["ok"]
    assert "独居老人" in loaded.records[0].body
    assert dict(loaded.hidden) == {"pending": 1}


def test_invalid_approved_submission_still_reports_its_article_problems(tmp_path):
    write_files(
        tmp_path,
        {"content/submissions/a.md": SUBMISSION.replace("reviewer: 李红梅\n", "").format(body="太短了。")},
    )
    loaded = load_site(tmp_path / "content", BUILD_DATE, display_root=tmp_path)["submissions"]
    assert messages(loaded) == [
        "content/submissions/a.md:6: 状态为 approved 时必须写审核人 reviewer",
        "content/submissions/a.md:9: 正文只有 4 个字，至少要 50 个字",
    ]


def test_submission_without_front_matter(tmp_path):
    loaded = load(tmp_path, {"a.md": "# 标题\n正文\n"}, SUBMISSIONS)
    assert messages(loaded) == [
        "content/submissions/a.md:1: 文件开头缺少元数据块：第一行应为 ---，随后写 title、author 等字段，再以 --- 结束"
    ]


EVENT = "title: 中秋赏月诗会\nkind: 我们的节日\nlocation: 中心广场\norganizer: 居委会\n"


def test_festival_and_year_without_date_is_valid_and_gets_its_date(tmp_path):
    loaded = load(tmp_path, {"zhongqiu.yml": EVENT + "festival: 中秋\nyear: 2026\n"})
    assert messages(loaded) == []
    [record] = loaded.records
    assert resolve_date(record.data) == dt.date(2026, 9, 25)


def test_festival_and_date_must_agree_naming_both_dates(tmp_path):
    loaded = load(tmp_path, {"a.yml": EVENT + "festival: 中秋\ndate: 2026-09-24\n"})
    assert messages(loaded) == [
        "content/data/events/a.yml:6: date '2026-09-24' 与 festival 中秋 不一致：2026年的中秋是 2026年9月25日（2026-09-25）；"
        "请改正日期，或去掉 festival（节前节后的活动不写 festival）"
    ]
    assert loaded.problems[0].field == "date"


def test_festival_date_in_a_year_without_that_festival(tmp_path):
    loaded = load(tmp_path, {"a.yml": EVENT + "festival: 腊八\ndate: 2023-01-18\n"})
    assert messages(loaded) == [
        "content/data/events/a.yml:6: date '2023-01-18' 与 festival 腊八 不一致：2023年没有腊八"
        "（前后两次是 2022-12-30 和 2024-01-18）；请改正日期，或去掉 festival"
    ]


def test_either_laba_of_a_year_with_two_is_accepted(tmp_path):
    loaded = load(tmp_path, {"a.yml": EVENT + "festival: 腊八\ndate: 2022-01-10\n", "b.yml": EVENT + "festival: 腊八\ndate: 2022-12-30\n"})
    assert messages(loaded) == []


def test_year_without_a_single_festival_date_asks_for_the_date(tmp_path):
    loaded = load(tmp_path, {"a.yml": EVENT + "festival: 腊八\nyear: 2022\n", "b.yml": EVENT + "festival: 腊八\nyear: 2023\n"})
    assert messages(loaded) == [
        "content/data/events/a.yml:6: year 2022：2022年（公历）有两个腊八（2022-01-10 和 2022-12-30），请直接写 date 说明是哪一天",
        "content/data/events/b.yml:6: year 2023：2023年（公历）没有腊八：前后两次是 2022-12-30 和 2024-01-18，请直接写 date",
    ]


def test_festival_year_outside_the_supported_range(tmp_path):
    loaded = load(tmp_path, {"a.yml": EVENT + "festival: 中秋\nyear: 2095\n", "b.yml": EVENT + "festival: 中秋\nyear: 2100\n"})
    assert messages(loaded) == [
        # The schema's bound is the festival range: no year passes it that has no festival dates.
        "content/data/events/a.yml:6: year（年份） '2095' 应不大于 2088",
        "content/data/events/b.yml:6: year（年份） '2100' 应不大于 2088",
    ]


def test_a_festival_day_of_a_leap_month_is_not_the_festival(tmp_path):
    # 2028 has 闰五月: 端午 is 五月初五 (05-28); 06-27 is 闰五月初五, not 端午.
    loaded = load(tmp_path, {"a.yml": EVENT + "festival: 端午\nyear: 2028\n", "b.yml": EVENT + "festival: 端午\ndate: 2028-06-27\n",
                             "c.yml": EVENT + "festival: 端午\ndate: 2028-05-28\n"})
    assert messages(loaded) == [
        "content/data/events/b.yml:6: date '2028-06-27' 与 festival 端午 不一致：2028年的端午是 2028年5月28日（2028-05-28）；"
        "请改正日期，或去掉 festival（节前节后的活动不写 festival）"
    ]
    assert resolve_date(next(r for r in loaded.records if r.id == "a").data) == dt.date(2028, 5, 28)


def test_festival_date_outside_the_supported_range(tmp_path):
    loaded = load(tmp_path, {"a.yml": EVENT + "festival: 中秋\ndate: 2095-09-15\n"})
    assert messages(loaded) == [
        "content/data/events/a.yml:6: date '2095-09-15'：2095年超出节日日期推算的范围（1901–2088年），无法核对 festival 中秋 的日期"
    ]


def test_year_beside_a_date_must_be_the_same_year(tmp_path):
    loaded = load(tmp_path, {"a.yml": EVENT + "festival: 中秋\ndate: 2026-09-25\nyear: 2025\n"})
    assert messages(loaded) == ["content/data/events/a.yml:7: year 2025 与 date '2026-09-25' 不是同一年；写了 date 就不必写 year"]


def test_publicity_may_not_start_before_the_nomination(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{"nominated_on: 2026-05-10": "nominated_on: 2026-06-21"})}, NOMINATIONS)
    assert messages(loaded) == [
        "content/data/nominations/a.yml:11: publicity.start '2026-06-20' 早于推荐日期 nominated_on '2026-06-21'：先推荐、审核，再公示"
    ]


def test_group_entry_has_no_gender_or_birth(tmp_path):
    loaded = load(tmp_path, {"a.yml": SELECTED + "group: true\n"}, NOMINATIONS)
    assert messages(loaded) == [
        "content/data/nominations/a.yml:2: 集体推荐（group: true）不写 gender：性别只用于个人推荐，请删去这一行",
        "content/data/nominations/a.yml:3: 集体推荐（group: true）不写 birth：出生年月只用于个人推荐，请删去这一行",
    ]


def test_birth_after_the_nomination_date(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{"birth: 1958-03": "birth: 2026-06"})}, NOMINATIONS)
    assert messages(loaded) == [
        "content/data/nominations/a.yml:3: birth '2026-06' 晚于推荐日期 nominated_on '2026-05-10'：请核对出生年月（YYYY-MM）"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birth", "1958-3", "birth（出生年月） '1958-3' 不是有效的年月（应为 YYYY-MM，例如 1958-03）"),
        ("category", "好人", "category（类别） '好人' 不是允许的值（可选：助人为乐、见义勇为、诚实守信、敬业奉献、孝老爱亲）"),
        ("status", "published", "status（状态） 'published' 不是允许的值（可选：nominated、reviewing、publicized、selected、not_selected、withdrawn）"),
        ("endorsements", "-1", "endorsements（点赞数） '-1' 应不小于 0"),
    ],
)
def test_nomination_field_values(tmp_path, field, value, message):
    text = "\n".join(f"{field}: {value}" if line.startswith(f"{field}:") else line for line in SELECTED.splitlines())
    if f"{field}:" not in SELECTED:
        text += f"\n{field}: {value}"
    loaded = load(tmp_path, {"a.yml": text + "\n"}, NOMINATIONS)
    [problem] = messages(loaded)
    assert problem.endswith(f": {message}")


def test_deeds_need_at_least_100_characters(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{DEEDS: "好人好事。"})}, NOMINATIONS)
    assert messages(loaded) == ["content/data/nominations/a.yml:6: deeds（事迹全文） 只有 5 个字，至少要 100 个字"]


def test_publicized_needs_publicity_dates(tmp_path):
    text = nomination(**{"status: selected": "status: publicized", "publicity:\n  start: 2026-06-20\n  end: 2026-06-26\n": ""})
    loaded = load(tmp_path, {"a.yml": text}, NOMINATIONS)
    assert messages(loaded) == [
        "content/data/nominations/a.yml:9: 状态为 publicized（公示中） 时必须写公示期 publicity: {start: YYYY-MM-DD, end: YYYY-MM-DD}"
    ]


def test_unknown_nomination_field_suggests_the_right_one(tmp_path):
    loaded = load(tmp_path, {"a.yml": SELECTED + "guardian_concent: true\n"}, NOMINATIONS)
    [problem] = messages(loaded)
    assert problem.startswith("content/data/nominations/a.yml:15: 未知字段 'guardian_concent'，是不是想写 guardian_consent（监护人同意公开）？")
