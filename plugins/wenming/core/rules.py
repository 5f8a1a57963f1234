"""Cross-field rules of data format v1: what a single record must satisfy beyond its field types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import PurePosixPath
from stat import S_ISLNK, S_ISREG

from .dates import chinese_date
from .festivals import FestivalError, FestivalInfo, festival
from .limits import describe_special
from .privacy import find_personal_numbers, mask
from .records import RuleContext, Violation
from .schemas import FESTIVALS, Event, Nomination, Submission, Team
from .volunteers import format_hours, person_hours

PUBLIC_NOMINATION_STATUSES = ("publicized", "selected")
GUARDIAN_CONSENT_AGE = 14  # PIPL art. 28/31: a child under 14 needs a guardian's consent
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")

NOMINATION_STATUS_NAMES = {
    "nominated": "已推荐",
    "reviewing": "审核中",
    "publicized": "公示中",
    "selected": "入选",
    "not_selected": "未入选",
    "withdrawn": "已撤回",
}
SUBMISSION_STATUS_NAMES = {"pending": "待审", "approved": "通过", "rejected": "退回"}


def age_on(birth: str, day: dt.date) -> int:
    """Whole years from a ``YYYY-MM`` birth month to ``day``.

    Only the month is known, so the birthday is taken as the month's last day: a child is
    never counted older than they might be (the safe side for the guardian-consent rule).
    """
    year, month = (int(part) for part in birth.split("-"))
    years = day.year - year
    if (day.month, day.day) < (month, 31) and day.month <= month:
        years -= 1
    return years


def nomination_rules(record: Nomination, body: str, context: RuleContext) -> Iterator[Violation]:
    public = record.status in PUBLIC_NOMINATION_STATUSES
    status = f"状态为 {record.status}（{NOMINATION_STATUS_NAMES[record.status]}）"
    if public and not record.consent:
        yield Violation(("consent",), f"{status} 的记录会公开，必须写 consent: true（本人已同意公开）", ("status",))
    if public and record.publicity is None:
        yield Violation(("publicity",), f"{status} 时必须写公示期 publicity: {{start: YYYY-MM-DD, end: YYYY-MM-DD}}", ("status",))
    if record.publicity and record.publicity.end < record.publicity.start:
        yield Violation(
            ("publicity", "end"),
            f"publicity.end '{record.publicity.end}' 早于 publicity.start '{record.publicity.start}'：公示结束日期不能早于开始日期",
        )
    if record.status == "selected" and not record.period:
        yield Violation(("period",), f"{status} 时必须写所属好人榜期次 period，例如 2026-06 或 2026-Q2", ("status",))
    if record.publicity and record.publicity.start < record.nominated_on:
        yield Violation(
            ("publicity", "start"),
            f"publicity.start '{record.publicity.start}' 早于推荐日期 nominated_on '{record.nominated_on}'："
            "先推荐、审核，再公示",
        )
    if record.group:
        for key, value, what in (("gender", record.gender, "性别"), ("birth", record.birth, "出生年月")):
            if value:
                yield Violation((key,), f"集体推荐（group: true）不写 {key}：{what}只用于个人推荐，请删去这一行")
    elif record.birth and record.birth > f"{record.nominated_on:%Y-%m}":
        yield Violation(
            ("birth",),
            f"birth '{record.birth}' 晚于推荐日期 nominated_on '{record.nominated_on}'：请核对出生年月（YYYY-MM）",
        )
    elif record.birth:
        age = age_on(record.birth, record.nominated_on)
        if age < GUARDIAN_CONSENT_AGE and public and not record.guardian_consent:
            yield Violation(
                ("guardian_consent",),
                f"被推荐人推荐时未满{GUARDIAN_CONSENT_AGE}周岁（出生年月 {record.birth}），"
                "公开前必须取得监护人同意并写 guardian_consent: true",
                ("birth",),
            )
    if record.photo:
        yield from _photo_rules(record.photo, context)


def _photo_rules(photo: str, context: RuleContext) -> Iterator[Violation]:
    path = PurePosixPath(photo.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts:
        yield Violation(("photo",), f"photo '{photo}' 必须是 content/ 下的相对路径，不能以 / 开头或包含 ..")
        return
    if path.suffix.lower() not in PHOTO_SUFFIXES:
        yield Violation(("photo",), f"photo '{photo}' 应为 jpg、png 或 webp 图片")
        return
    mode = context.file_mode(context.docs_dir / path)
    if mode is not None and S_ISLNK(mode):
        # A link would publish whatever it points to (evil.png -> /etc/passwd); it is left out of the site.
        yield Violation(("photo",), f"photo '{photo}' {describe_special(context.docs_dir / path)}")
    elif mode is None or not S_ISREG(mode):
        yield Violation(("photo",), f"photo '{photo}' 不存在：请把照片放在 content/{path} 或改正路径")


def team_rules(record: Team, body: str, context: RuleContext) -> Iterator[Violation]:
    for index, service in enumerate(record.records):
        if service.date > context.build_date:
            yield Violation(
                ("records", index, "date"),
                f"records[{index + 1}].date '{service.date}' 晚于今天（{context.build_date}）：只记录已经完成的服务",
            )
    seen: dict[str, int] = {}
    for index, star in enumerate(record.stars):
        if star.name in seen:
            yield Violation(
                ("stars", index, "name"),
                f"stars[{index + 1}].name '{star.name}' 重复：已在 stars[{seen[star.name] + 1}] 出现，同一人只写一次",
            )
        else:
            seen[star.name] = index


def team_warnings(record: Team) -> Iterator[Violation]:
    """What a team file should change but which does not stop the team from being published.

    A mobile number in ``contact`` is a person's number in a public field: the site leaves the
    contact out and the build warns (so ``--strict`` fails) until it is moved under ``private:``.
    """
    if record.contact:
        for number in find_personal_numbers(record.contact):
            yield Violation(
                ("contact",),
                f"contact 含有{number.kind} {mask(number.digits)}：contact 会公开显示，个人手机号请移到 private: 下"
                "（例如 private: {leader_phone: ...}），contact 只写办公电话或地点；改正前网页上不显示联系方式",
            )


def star_hours_warnings(record: Team) -> Iterator[Violation]:
    """A star's cumulative hours above all the person-hours the team has recorded.

    Stars' hours are a person's whole service, which may go back before the team's records on
    the site began: the team page says so. It can only be so if the team existed before its
    first record, so a team without a ``founded`` date earlier than that has a wrong figure.
    """
    if not record.stars:
        return
    first = min((service.date for service in record.records), default=None)
    if record.founded is not None and (first is None or record.founded < first):
        return
    total = person_hours(record.records)
    since = f"（第一条服务记录是 {first}）" if first else "（还没有服务记录）"
    for index, star in enumerate(record.stars):
        if star.hours > total:
            yield Violation(
                ("stars", index, "hours"),
                f"stars[{index + 1}].hours（累计服务时长） {format_hours(star.hours)} 小时，多于本队全部服务记录合计的 "
                f"{format_hours(total)} 人·小时：只算本队的记录，一个人的时长不可能更多，请核对。"
                f"如果其中包括本站开始记录之前的服务，请写上成立日期 founded{since}，"
                "队伍页面会注明累计时长含记录之前的服务，这条提醒也就不再出现",
            )


def event_rules(record: Event, body: str, context: RuleContext) -> Iterator[Violation]:
    if record.date is None and (record.festival is None or record.year is None):
        yield Violation(("date",), "缺少日期：写 date: YYYY-MM-DD，或写节日 festival 和年份 year 由系统推算", ("title",))
    if record.year is not None and record.festival is None:
        yield Violation(("year",), f"year {record.year} 只和 festival 一起使用；普通活动请写 date")
    if record.festival is None:
        return
    info = festival(record.festival)
    if record.date is None and record.year is not None:
        # The date is computed from the festival; only a year it cannot be computed for is wrong.
        try:
            info.date_in(record.year)
        except FestivalError as error:
            yield Violation(("year",), f"year {record.year}：{error}")
    elif record.date is not None:
        if record.year is not None and record.year != record.date.year:
            yield Violation(
                ("year",), f"year {record.year} 与 date '{record.date}' 不是同一年；写了 date 就不必写 year"
            )
        yield from _festival_date_agrees(record.date, info)


def event_warnings(record: Event) -> Iterator[Violation]:
    """An event on a festival's day whose title names the festival but which does not declare it:
    it would be left out of 我们的节日 and the festival's page, which is hardly what was meant."""
    if record.festival is not None or record.date is None:
        return
    for name in FESTIVALS:
        if name not in record.title:
            continue
        try:
            on_the_day = record.date in festival(name).dates_in(record.date.year)
        except FestivalError:
            continue
        if on_the_day:
            yield Violation(
                ("title",),
                f"title（活动名称） '{record.title}' 说的是{name}，date '{record.date}' 也正是{name}，但没有写 festival: {name}："
                f"这样活动不会列在“我们的节日”和{name}页面上。请加一行 festival: {name}（写了这一行，这条提醒就不再出现）",
            )
            return


def _festival_date_agrees(day: dt.date, info: FestivalInfo) -> Iterator[Violation]:
    """A dated festival event must fall on the festival (its date in the same Gregorian year)."""
    try:
        days = info.dates_in(day.year)
    except FestivalError as error:
        yield Violation(("date",), f"date '{day}'：{error}，无法核对 festival {info.name} 的日期")
        return
    if day in days:
        return
    if days:
        listed = " 或 ".join(f"{chinese_date(d)}（{d}）" for d in days)
        yield Violation(
            ("date",),
            f"date '{day}' 与 festival {info.name} 不一致：{day.year}年的{info.name}是 {listed}；"
            "请改正日期，或去掉 festival（节前节后的活动不写 festival）",
        )
    else:
        before, after = info.nearest(day.year)
        yield Violation(
            ("date",),
            f"date '{day}' 与 festival {info.name} 不一致：{day.year}年没有{info.name}"
            f"（前后两次是 {before} 和 {after}）；请改正日期，或去掉 festival",
        )


def submission_rules(record: Submission, body: str, context: RuleContext) -> Iterator[Violation]:
    if record.status in ("approved", "rejected") and not record.reviewer:
        yield Violation(("reviewer",), f"状态为 {record.status} 时必须写审核人 reviewer", ("status",))
    if record.status == "rejected" and not record.review_note:
        yield Violation(("review_note",), "退回（rejected）时必须写退回理由 review_note", ("status",))
    # The body (its length, numbers, images, HTML) is checked with the submission review
    # (:func:`wenming.core.submissions.review_problems`), which names the line of each problem.


def nomination_hidden(record: Nomination) -> str | None:
    return None if record.status in PUBLIC_NOMINATION_STATUSES else record.status


def submission_hidden(record: Submission) -> str | None:
    return None if record.status == "approved" else record.status
