"""The 身边好人 core: periods and their titles, the current roll, publicity as of the build date,
how minors are named and pictured, categories, notices and pagination."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tests.goodpeople.conftest import nomination
from wenming.core.goodpeople import (
    birth_text,
    build_good_people,
    count_label,
    display_name,
    nominee,
    paginate,
    parse_period,
    photo_files,
    surname,
)
from wenming.core.records import Record, RememberedDerivations
from wenming.core.schemas import Nomination
from wenming.core.source import SourceRef, parse_mapping

TODAY = dt.date(2026, 11, 23)


def record(record_id: str = "wang-xiulan", **fields) -> Record[Nomination]:
    data, _ = parse_mapping(nomination(**fields), f"{record_id}.yml")
    return Record(
        record_id, Nomination.model_validate(data), SourceRef(Path(f"{record_id}.yml"), f"{record_id}.yml")
    )


@pytest.mark.parametrize(
    ("key", "title", "start", "end"),
    [
        ("2026-06", "2026年6月身边好人榜", dt.date(2026, 6, 1), dt.date(2026, 6, 30)),
        ("2026-Q2", "2026年第二季度身边好人榜", dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        ("2026-Q4", "2026年第四季度身边好人榜", dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
        ("2028-02", "2028年2月身边好人榜", dt.date(2028, 2, 1), dt.date(2028, 2, 29)),
        ("2026-12", "2026年12月身边好人榜", dt.date(2026, 12, 1), dt.date(2026, 12, 31)),
    ],
)
def test_period_titles_and_dates(key, title, start, end):
    period = parse_period(key)
    assert (period.roll_title, period.start, period.end) == (title, start, end)


@pytest.mark.parametrize("key", ["2026-13", "2026-Q5", "2026-6", "26-Q1", "2026Q1"])
def test_bad_period_is_refused(key):
    with pytest.raises(ValueError, match=f"period '{key}' 格式不对"):
        parse_period(key)


def test_a_month_that_ends_after_a_quarter_is_newer():
    assert sorted(parse_period(k) for k in ["2026-10", "2026-Q3", "2026-Q2", "2026-06"]) == [
        parse_period("2026-Q2"), parse_period("2026-06"), parse_period("2026-Q3"), parse_period("2026-10"),
    ]  # fmt: skip


def test_birth_is_shown_as_year_and_month():
    assert birth_text("1958-03") == "1958年3月"
    assert birth_text("2014-11") == "2014年11月"


@pytest.mark.parametrize(
    ("name", "expected"), [("林语桐", "林"), ("欧阳明轩", "欧阳"), ("司马光", "司马"), ("王五", "王")]
)
def test_surname_knows_compound_surnames(name, expected):
    assert surname(name) == expected


def test_minor_without_guardian_consent_is_surname_plus_tongxue_everywhere():
    person = nominee(record("lin-yutong", name="林语桐", birth="2011-03", nominated_on="2026-06-02",
                            summary="林语桐每天陪奶奶做康复训练。", deeds="语桐放学就回家。" + "她很懂事。" * 30,
                            photo="assets/x.png"))  # fmt: skip
    assert person.minor
    assert person.name == "林同学"
    assert person.summary == "林同学每天陪奶奶做康复训练。"
    assert person.deeds.startswith("林同学放学就回家。")
    assert "林语桐" not in person.deeds + person.summary and "语桐" not in person.deeds
    assert person.photo is None
    # the id is the name in pinyin: the page's address must not give it away
    assert person.slug.startswith("xuesheng-") and "yutong" not in person.slug
    assert (
        person.slug
        == nominee(record("lin-yutong", name="林语桐", birth="2011-03", nominated_on="2026-06-02")).slug
    )


def test_minor_with_guardian_consent_is_named_but_never_pictured():
    person = nominee(record("lin-yutong", name="林语桐", birth="2014-05", nominated_on="2026-06-02",
                            guardian_consent=True, photo="assets/goodpeople/lin.png"))  # fmt: skip
    assert (person.name, person.slug, person.minor, person.photo) == ("林语桐", "lin-yutong", True, None)


def test_adult_keeps_name_and_photo_and_the_age_is_taken_on_the_nomination_day():
    adult = record(name="顾晨阳", birth="2008-05", nominated_on="2026-06-01", photo="assets/gu.png")
    assert display_name(adult.data) == "顾晨阳"
    assert nominee(adult).photo == "assets/gu.png"
    # 17 on the day of nomination (born May 2009, the last day of May is taken): a minor
    assert display_name(record(name="顾晨阳", birth="2009-05", nominated_on="2026-05-30").data) == "顾同学"


def test_group_entry_has_no_person_fields_and_is_counted_as_ren_zu():
    group = nominee(record("xunluodui", name="幸福里平安巡逻队", group=True, gender=None, birth=None))
    assert group.group and not group.minor and group.name == "幸福里平安巡逻队"
    single = nominee(record())
    assert count_label([single]) == "1 人"
    assert count_label([single, group]) == "2 人（组）"


def sample() -> list[Record[Nomination]]:
    return [
        record("a", name="甲", period="2026-Q2", category="孝老爱亲"),
        record("b", name="乙", period="2026-Q2", category="助人为乐"),
        record("c", name="丙", period="2026-10", category="见义勇为", nominated_on="2026-09-30",
               publicity={"start": "2026-10-22", "end": "2026-10-28"}),
        # entered ahead of its period: not the current roll yet
        record("d", name="丁", period="2026-12", nominated_on="2026-11-01",
               publicity={"start": "2026-11-20", "end": "2026-11-26"}),
        record("e", name="戊", status="publicized", period=None, nominated_on="2026-11-05",
               publicity={"start": "2026-11-19", "end": "2026-11-23"}),
        record("f", name="己", status="publicized", period="2026-11", nominated_on="2026-11-05",
               publicity={"start": "2026-11-24", "end": "2026-11-30"}),
    ]  # fmt: skip


def test_rolls_newest_first_in_category_order_and_the_current_one_has_begun():
    good = build_good_people(sample(), TODAY)
    assert [(roll.key, roll.title) for roll in good.rolls] == [
        ("2026-12", "2026年12月身边好人榜"), ("2026-10", "2026年10月身边好人榜"), ("2026-Q2", "2026年第二季度身边好人榜"),
    ]  # fmt: skip
    assert [person.name for person in good.rolls[-1].people] == ["乙", "甲"]  # 助人为乐 before 孝老爱亲
    assert good.current is not None and good.current.key == "2026-10"
    assert [person.id for person in good.profiles] == ["a", "b", "c", "d"]


@pytest.mark.parametrize(
    ("today", "in_publicity"),
    [
        (dt.date(2026, 11, 18), []),
        (dt.date(2026, 11, 19), [("2026-11", ["戊"])]),
        (dt.date(2026, 11, 23), [("2026-12", ["丁"]), ("2026-11", ["戊"])]),
        (dt.date(2026, 11, 24), [("2026-12", ["丁"]), ("2026-11", ["己"])]),
        (dt.date(2026, 12, 1), []),
    ],
)
def test_publicity_is_relative_to_the_build_date(today, in_publicity):
    good = build_good_people(sample(), today)
    assert [(notice.key, [p.name for p in notice.people]) for notice in good.in_publicity] == in_publicity


def test_notice_groups_by_period_or_publicity_month_and_counts_days_left():
    good = build_good_people(sample(), TODAY)
    notices = {notice.key: notice for notice in good.notices}
    # 戊 has no period: the notice of the month its publicity starts
    assert [p.name for p in notices["2026-11"].people] == ["戊", "己"]
    november = notices["2026-11"]
    assert (november.title, november.dates) == (
        "关于2026年11月“身边好人”推荐人选的公示",
        "2026年11月19日至11月30日",
    )
    assert not november.uniform and notices["2026-10"].uniform
    assert november.state(TODAY) == "公示中" and notices["2026-10"].state(TODAY) == "已结束"
    now = {notice.key: notice for notice in good.in_publicity}
    assert now["2026-11"].days_left(TODAY) == 1 and now["2026-12"].days_left(TODAY) == 4


def test_categories_count_selected_people_newest_roll_first():
    good = build_good_people(sample(), TODAY)
    counts = {
        category.name: (category.slug, [p.name for p in category.people]) for category in good.categories
    }
    assert counts == {
        "助人为乐": ("zhuren-weile", ["丁", "乙"]),
        "见义勇为": ("jianyi-yongwei", ["丙"]),
        "诚实守信": ("chengshi-shouxin", []),
        "敬业奉献": ("jingye-fengxian", []),
        "孝老爱亲": ("xiaolao-aiqin", ["甲"]),
    }


def test_archive_lists_every_period_but_the_current_roll():
    rows = build_good_people(sample(), TODAY).archive()
    assert [(row.key, row.roll is not None, row.notice is not None) for row in rows] == [
        ("2026-12", True, True), ("2026-11", False, True), ("2026-Q2", True, True),
    ]  # fmt: skip


def test_no_rolls_at_all():
    good = build_good_people([], TODAY)
    assert (good.current, good.rolls, good.in_publicity, good.archive()) == (None, (), (), ())


def test_paginate():
    assert paginate([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert paginate([], 2) == [[]]
    with pytest.raises(ValueError):
        paginate([1], 0)


def test_photos_not_shown_are_listed_for_removal():
    shown = record("a", photo="assets/a.png")
    minor = record("m", name="林语桐", birth="2014-05", guardian_consent=True, photo="assets/m.png")
    hidden = record("h", status="withdrawn", photo="assets\\h.png")
    people = [nominee(shown), nominee(minor)]
    assert photo_files([shown, minor, hidden], people) == {"assets/m.png", "assets/h.png"}


def test_remembered_nominees_are_the_same_objects_while_their_records_are():
    """The preview server's nominees: the same Nominee object for the same Record object, build
    after build, so that it is digested once; another record object (an edited file, or the same
    file read again) gives a new one; what a build did not ask for is let go."""
    remembered = RememberedDerivations(nominee)
    first, second = record("wang-xiulan"), record("li-ming", name="李明")
    remembered.start()
    good = build_good_people([first, second], TODAY, remembered)
    assert remembered.made == 2 and good.nominees == build_good_people([first, second], TODAY).nominees
    kept = {person.id: person for person in good.nominees}

    remembered.start()
    again = build_good_people([first, second], TODAY, remembered)
    assert remembered.made == 0
    assert all(person is kept[person.id] for person in again.nominees)
    assert set(remembered.lasting()) == set(kept.values())

    # The file edited, or read again: another record object, equal or not, is derived again.
    edited, reread = record("wang-xiulan", summary="改过的事迹简介"), record("li-ming", name="李明")
    remembered.start()
    changed = {person.id: person for person in build_good_people([edited, reread], TODAY, remembered).nominees}
    assert remembered.made == 2
    assert changed["wang-xiulan"].summary == "改过的事迹简介"
    assert changed["li-ming"] == kept["li-ming"] and changed["li-ming"] is not kept["li-ming"]

    # A build that asks for one record lets the other go; one that asks for none lets nothing go.
    remembered.start()
    remembered(edited)
    remembered.start()
    remembered.start()
    assert remembered(edited) is changed["wang-xiulan"] and remembered.made == 0
    assert remembered(reread) is not changed["li-ming"] and remembered.made == 1
