"""Cross-field rules of data format v1: what a single record must satisfy beyond its field types."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import PurePosixPath

from .records import RuleContext, Violation
from .schemas import Event, Nomination, Submission, Team

PUBLIC_NOMINATION_STATUSES = ("publicized", "selected")
GUARDIAN_CONSENT_AGE = 14  # PIPL art. 28/31: a child under 14 needs a guardian's consent
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")
MIN_SUBMISSION_BODY = 50

NOMINATION_STATUS_NAMES = {
    "nominated": "已推荐",
    "reviewing": "审核中",
    "publicized": "公示中",
    "selected": "入选",
    "not_selected": "未入选",
    "withdrawn": "已撤回",
}


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
    if record.birth and not record.group:
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
    elif not (context.docs_dir / path).is_file():
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


def event_rules(record: Event, body: str, context: RuleContext) -> Iterator[Violation]:
    if record.date is None and (record.festival is None or record.year is None):
        yield Violation(("date",), "缺少日期：写 date: YYYY-MM-DD，或写节日 festival 和年份 year 由系统推算", ("title",))
    if record.year is not None and record.festival is None:
        yield Violation(("year",), f"year {record.year} 只和 festival 一起使用；普通活动请写 date")


def submission_rules(record: Submission, body: str, context: RuleContext) -> Iterator[Violation]:
    if record.status in ("approved", "rejected") and not record.reviewer:
        yield Violation(("reviewer",), f"状态为 {record.status} 时必须写审核人 reviewer", ("status",))
    if record.status == "rejected" and not record.review_note:
        yield Violation(("review_note",), "退回（rejected）时必须写退回理由 review_note", ("status",))
    length = len("".join(body.split()))
    if record.status == "approved" and length < MIN_SUBMISSION_BODY:
        yield Violation(("status",), f"正文只有 {length} 个字，至少要 {MIN_SUBMISSION_BODY} 个字才能发布")


def nomination_hidden(record: Nomination) -> str | None:
    return None if record.status in PUBLIC_NOMINATION_STATUSES else record.status


def submission_hidden(record: Submission) -> str | None:
    return None if record.status == "approved" else record.status
