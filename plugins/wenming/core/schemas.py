"""Record schemas (data format v1, ``shared/spec/data-format.md``): one pydantic model per record type.

Each model describes the *public* fields of a file. ``private:`` is taken off before validation
(see :mod:`wenming.core.records`), so no model here has a private field and nothing built from
a model can show one. The same models give the JSON Schema for editors, the ``wenming new``
scaffolds and the CMS forms, so descriptions are written for the people filling the files in.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .festivals import FIRST_YEAR, LAST_YEAR
from .fields import IsoDate, Text, TimeOfDay, YearMonth, choice

CATEGORIES = ("助人为乐", "见义勇为", "诚实守信", "敬业奉献", "孝老爱亲")
NOMINATION_STATUSES = ("nominated", "reviewing", "publicized", "selected", "not_selected", "withdrawn")
TEAM_TYPES = ("学雷锋", "党员", "青年", "巾帼", "文化", "网络文明传播", "其他")
EVENT_KINDS = ("我们的节日", "道德讲堂", "志愿服务", "文体活动", "宣讲", "其他")
FESTIVALS = ("春节", "元宵", "清明", "端午", "七夕", "中秋", "重阳", "腊八", "除夕")
EVENT_STATUSES = ("planned", "cancelled", "done")
SUBMISSION_KINDS = ("news", "story")
SUBMISSION_STATUSES = ("pending", "approved", "rejected")
# The "九个有" of a volunteer service station, in the order the guidelines list them.
CHECKLIST_NAMES = {
    "fixed_site": "有固定场所",
    "person_in_charge": "有负责人",
    "team": "有志愿服务队伍",
    "projects": "有服务项目",
    "schedule": "有活动计划/时间",
    "signage": "有标识标牌",
    "rules": "有管理制度",
    "publicity": "有宣传阵地",
    "records": "有服务记录",
}
CHECKLIST_KEYS = tuple(CHECKLIST_NAMES)

Category = Annotated[Literal[CATEGORIES], choice(CATEGORIES)]  # type: ignore[valid-type]
NominationStatus = Annotated[Literal[NOMINATION_STATUSES], choice(NOMINATION_STATUSES)]  # type: ignore[valid-type]
TeamType = Annotated[Literal[TEAM_TYPES], choice(TEAM_TYPES)]  # type: ignore[valid-type]
EventKind = Annotated[Literal[EVENT_KINDS], choice(EVENT_KINDS)]  # type: ignore[valid-type]
Festival = Annotated[Literal[FESTIVALS], choice(FESTIVALS)]  # type: ignore[valid-type]
EventStatus = Annotated[Literal[EVENT_STATUSES], choice(EVENT_STATUSES)]  # type: ignore[valid-type]
SubmissionKind = Annotated[Literal[SUBMISSION_KINDS], choice(SUBMISSION_KINDS)]  # type: ignore[valid-type]
SubmissionStatus = Annotated[Literal[SUBMISSION_STATUSES], choice(SUBMISSION_STATUSES)]  # type: ignore[valid-type]
Gender = Annotated[Literal["男", "女"], choice(("男", "女"))]


class Schema(BaseModel):
    # Unknown keys are errors (a typo must not pass silently); numbers typed into text fields
    # are taken as text (``role: 2024届毕业生`` and ``title: 2026`` both mean what they say).
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Publicity(Schema):
    start: IsoDate = Field(title="公示开始日期", description="公示开始日期")
    end: IsoDate = Field(title="公示结束日期", description="公示结束日期（不早于开始日期）")


class Honor(Schema):
    title: Text = Field(title="荣誉名称", description="荣誉名称，例如 2025年度区级“最美家庭”")
    date: IsoDate | None = Field(None, title="获得日期", description="获得日期")


class Nomination(Schema):
    """好人推荐：一个文件一位被推荐人（或一个集体）。"""

    name: Text = Field(title="姓名", description="被推荐人姓名，或集体名称（如 幸福里巡逻队）")
    group: bool = Field(False, title="集体推荐", description="集体（人（组））推荐时写 true")
    gender: Gender | None = Field(None, title="性别", description="性别：男 / 女")
    birth: YearMonth | None = Field(None, title="出生年月", description="出生年月 YYYY-MM（只写到月，不写具体日期）")
    ethnicity: Text | None = Field(None, title="民族", description="民族，不填则不显示")
    political_status: Text | None = Field(None, title="政治面貌", description="政治面貌，例如 中共党员、群众")
    community: Text | None = Field(None, title="所在社区或单位", description="所在社区或单位（不写门牌号）")
    role: Text | None = Field(None, title="身份", description="身份/单位，例如 退休教师")
    category: Category = Field(title="类别", description="类别：" + "、".join(CATEGORIES))
    summary: Annotated[Text, Field(max_length=140)] = Field(title="一句话事迹", description="一句话事迹，最多140个字")
    deeds: Annotated[Text, Field(min_length=100)] = Field(title="事迹全文", description="事迹全文（Markdown），至少100个字")
    photo: Text | None = Field(None, title="照片", description="照片路径（content/ 下，jpg/png/webp），仅在本人同意后显示")
    nominated_by: Text = Field(title="推荐单位", description="推荐单位，或 居民推荐")
    nominated_on: IsoDate = Field(title="推荐日期", description="推荐日期 YYYY-MM-DD")
    status: NominationStatus = Field(
        title="状态", description="状态：nominated 已推荐 / reviewing 审核中 / publicized 公示中 / selected 入选 / "
        "not_selected 未入选 / withdrawn 已撤回"
    )
    publicity: Publicity | None = Field(None, title="公示期", description="公示期 {start, end}；公示中和入选时必填")
    period: Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2]|Q[1-4])$")] | None = Field(
        None, title="好人榜期次", description="所属好人榜期次：月榜 2026-06 或季度榜 2026-Q2；入选时必填"
    )
    endorsements: Annotated[int, Field(ge=0)] = Field(0, title="点赞数", description="点赞/评议数")
    honors: list[Honor] = Field(default_factory=list, title="所获荣誉", description="所获荣誉 [{title, date}]")
    consent: bool = Field(False, title="本人同意公开", description="本人同意公开事迹时写 true；公示和入选必须为 true")
    guardian_consent: bool = Field(False, title="监护人同意公开", description="被推荐人未满14周岁时，监护人同意公开写 true")


class Checklist(Schema):
    """The "九个有": one true/false per item; an item left out counts as not yet in place.

    A model rather than a free mapping, so that a misspelt key is reported as an unknown field
    with the nearest correct key, and editors and the CMS show one labelled checkbox per item.
    """

    fixed_site: bool = Field(False, title=CHECKLIST_NAMES["fixed_site"], description=CHECKLIST_NAMES["fixed_site"])
    person_in_charge: bool = Field(False, title=CHECKLIST_NAMES["person_in_charge"], description=CHECKLIST_NAMES["person_in_charge"])
    team: bool = Field(False, title=CHECKLIST_NAMES["team"], description=CHECKLIST_NAMES["team"])
    projects: bool = Field(False, title=CHECKLIST_NAMES["projects"], description=CHECKLIST_NAMES["projects"])
    schedule: bool = Field(False, title=CHECKLIST_NAMES["schedule"], description=CHECKLIST_NAMES["schedule"])
    signage: bool = Field(False, title=CHECKLIST_NAMES["signage"], description=CHECKLIST_NAMES["signage"])
    rules: bool = Field(False, title=CHECKLIST_NAMES["rules"], description=CHECKLIST_NAMES["rules"])
    publicity: bool = Field(False, title=CHECKLIST_NAMES["publicity"], description=CHECKLIST_NAMES["publicity"])
    records: bool = Field(False, title=CHECKLIST_NAMES["records"], description=CHECKLIST_NAMES["records"])


class Station(Schema):
    location: Text | None = Field(None, title="站点位置", description="站点位置，例如 幸福里社区党群服务中心一楼")
    checklist: Checklist = Field(
        default_factory=Checklist,
        title="九个有", description="“九个有”：" + "、".join(f"{key}（{name}）" for key, name in CHECKLIST_NAMES.items()) + "，每项 true/false",
    )


class ServiceRecord(Schema):
    date: IsoDate = Field(title="服务日期", description="服务日期")
    title: Text = Field(title="服务内容", description="服务内容")
    hours: Annotated[float, Field(gt=0, le=24, allow_inf_nan=False)] = Field(title="服务时长", description="每位志愿者的服务时长（小时，大于0、不超过24）")
    volunteers: Annotated[int, Field(ge=1)] = Field(title="志愿者人数", description="参加的志愿者人数（至少1）")


class Star(Schema):
    name: Text = Field(title="姓名", description="志愿者姓名")
    hours: Annotated[float, Field(ge=0, allow_inf_nan=False)] = Field(title="累计服务时长", description="志愿者本人历年累计服务时长（小时），可包括本站开始登记服务记录之前的服务")


class Team(Schema):
    """志愿服务队。"""

    name: Text = Field(title="队伍名称", description="队伍名称，例如 幸福里学雷锋志愿服务队")
    type: TeamType = Field(title="类型", description="类型：" + "、".join(TEAM_TYPES))
    founded: IsoDate | None = Field(None, title="成立日期", description="成立日期")
    leader: Text = Field(title="队长", description="队长（公开姓名）")
    contact: Text | None = Field(None, title="联系方式", description="公开联系方式：办公电话或地点（个人手机写在 private 下）")
    members: Annotated[int, Field(ge=1)] = Field(title="队员人数", description="注册队员人数（至少1）")
    services: list[Text] = Field(default_factory=list, title="服务领域", description="服务领域，例如 扶老助残、环境保护")
    schedule: Text | None = Field(None, title="服务时间", description="服务时间，例如 每周六上午9:00–11:00")
    description: Text | None = Field(None, title="队伍介绍", description="队伍介绍（Markdown）")
    station: Station | None = Field(None, title="服务站点", description="志愿服务站点 {location, checklist}")
    records: list[ServiceRecord] = Field(default_factory=list, title="服务记录", description="服务记录 [{date, title, hours, volunteers}]")
    stars: list[Star] = Field(default_factory=list, title="志愿服务之星", description="志愿服务之星 [{name, hours}]")


class Event(Schema):
    """活动。"""

    title: Text = Field(title="活动名称", description="活动名称")
    kind: EventKind = Field(title="类型", description="类型：" + "、".join(EVENT_KINDS))
    festival: Festival | None = Field(None, title="节日", description="节日：" + "、".join(FESTIVALS))
    date: IsoDate | None = Field(None, title="日期", description="日期 YYYY-MM-DD；写了节日和年份时可不写")
    # The years festival dates are computed for: a year the schema accepts always gets its date.
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)] | None = Field(
        None, title="年份", description=f"节日所在公历年份（不写日期时；{FIRST_YEAR}–{LAST_YEAR}）"
    )
    time: TimeOfDay | None = Field(None, title="时间", description="时间 HH:MM 或 HH:MM-HH:MM；不写为全天")
    location: Text = Field(title="地点", description="地点")
    organizer: Text = Field(title="主办", description="主办：志愿服务队的 id（会链接到队伍页面）或单位名称")
    description: Text | None = Field(None, title="活动介绍", description="活动介绍（Markdown）")
    capacity: Annotated[int, Field(ge=1)] | None = Field(None, title="名额", description="名额")
    signup: Text | None = Field(None, title="报名方式", description="报名方式")
    status: EventStatus = Field("planned", title="状态", description="状态：planned 计划中 / cancelled 已取消 / done 已举办")
    report: Text | None = Field(None, title="活动报道", description="活动报道的新闻路径，例如 news/posts/2026-zhongqiu.md")


class Submission(Schema):
    """投稿（Markdown 文件的元数据块；正文是文章）。"""

    title: Text = Field(title="标题", description="标题")
    kind: SubmissionKind = Field(title="类型", description="类型：news 新闻 / story 故事")
    author: Text = Field(title="作者", description="作者（公开署名）")
    team: Text | None = Field(None, title="所属志愿服务队", description="所属志愿服务队的 id")
    submitted: IsoDate = Field(title="投稿日期", description="投稿日期")
    status: SubmissionStatus = Field(title="状态", description="状态：pending 待审 / approved 通过 / rejected 退回")
    reviewer: Text | None = Field(None, title="审核人", description="审核人（通过或退回时必填）")
    reviewed: IsoDate | None = Field(None, title="审核日期", description="审核日期")
    review_note: Text | None = Field(None, title="退回理由", description="退回理由（退回时必填）")
