"""Cross-field rules of the v1 formats, each with its exact message."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.core.test_records import BUILD_DATE, load, messages
from wenming.core.rules import age_on
from wenming.core.site_data import collections

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
    assert loaded.account() == f"好人推荐（nominations）: read 1 = published 0 + hidden 1 ({reason} 1) + invalid 0"


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
        "content/data/nominations/b.yml:13: period '2026-Q5' 格式不对（所属好人榜期次：月榜 2026-06 或季度榜 2026-Q2；入选时必填）",
    ]


def test_summary_length_limit(tmp_path):
    loaded = load(tmp_path, {"a.yml": nomination(**{"退休教师义务辅导社区孩子功课十年。": "好" * 141})}, NOMINATIONS)
    assert messages(loaded) == ["content/data/nominations/a.yml:5: summary 有 141 个字，最多 140 个字"]


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
    assert messages(loaded) == [f"content/data/teams/t.yml:6: records[1].hours '{hours}' {message}"]


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
        "content/submissions/a.md:6: status 'done' 不是允许的值（可选：pending、approved、rejected）"
    ]


def test_approved_submission_needs_enough_text_and_only_approved_ones_are_public(tmp_path):
    loaded = load(
        tmp_path,
        {
            "short.md": SUBMISSION.format(body="太短了。"),
            "ok.md": SUBMISSION.format(body="冬至前夕，网络文明传播志愿者走进独居老人家中，送去饺子和棉被。" * 2),
            "wait.md": SUBMISSION.replace("status: approved\nreviewer: 李红梅", "status: pending").format(body="稿件"),
        },
        SUBMISSIONS,
    )
    assert messages(loaded) == ["content/submissions/short.md:6: 正文只有 4 个字，至少要 50 个字才能发布"]
    assert [record.id for record in loaded.records] == ["ok"]
    assert "独居老人" in loaded.records[0].body
    assert dict(loaded.hidden) == {"pending": 1}


def test_submission_without_front_matter(tmp_path):
    loaded = load(tmp_path, {"a.md": "# 标题\n正文\n"}, SUBMISSIONS)
    assert messages(loaded) == [
        "content/submissions/a.md:1: 文件开头缺少元数据块：第一行应为 ---，随后写 title、author 等字段，再以 --- 结束"
    ]
