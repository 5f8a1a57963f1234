"""Form input -> the record file the build will read, checked by the build's own models and rules.

A form is checked the way ``wenming check`` and ``wenming review`` check a file: the front
matter or record by the pydantic model (:mod:`wenming.core.schemas`, messages from
:mod:`wenming.core.messages`), a submission's text by :func:`wenming.core.submissions.review_problems`.
Each message is attached to the form field it concerns, so it can be shown next to it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from wenming.core.messages import describe, named
from wenming.core.privacy import MOBILE_NUMBER
from wenming.core.schemas import CATEGORIES, Nomination, Submission
from wenming.core.submissions import review_problems

# Bounds on what a person may type (the build's own limits may be stricter; these keep the
# service fast: Markdown rendering time grows faster than the text for some inputs).
MAX_TITLE = 60
MAX_BODY = 5000
MAX_SHORT_TEXT = 100
MAX_DEEDS = 5000
PUBLIC_NOMINATOR = "居民推荐"
KIND_LABELS = {"news": "新闻", "story": "故事"}
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


@dataclass
class Checked:
    """The outcome of checking a form: field -> messages, and the values as typed (to show again)."""

    values: dict[str, str]
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        messages = self.errors.setdefault(name, [])
        if message not in messages:
            messages.append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def clean_text(value: str) -> str:
    """Line breaks as \\n, no control or bidi-override characters (they can disguise text)."""
    return _CONTROL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _one_line(value: str) -> str:
    return " ".join(clean_text(value).split())


# The record fields as the forms name them: the build's message names the file's key
# ("summary 不能为空"), a person filling a form knows the label ("一句话事迹 不能为空").
FIELD_LABELS = {
    "title": "标题", "kind": "类型", "team": "所属志愿服务队", "name": "被推荐人姓名", "category": "类别",
    "community": "所在社区或单位", "summary": "一句话事迹", "deeds": "事迹",
}  # fmt: skip


def _model_errors(checked: Checked, model: type[BaseModel], data: Mapping[str, Any], fields: Mapping[str, str]) -> None:
    """Validate ``data`` with ``model``; each error goes to the form field the record field came from."""
    try:
        model.model_validate(dict(data))
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            name = str(detail["loc"][0]) if detail["loc"] else ""
            message = describe(detail, model)
            label = FIELD_LABELS.get(name)
            if label and detail["type"] == "choice" and not str(detail.get("input") or "").strip():
                message = f"请选择{label}（{message.split('（可选：', 1)[-1]}" if "（可选：" in message else f"请选择{label}"
            elif label and message.startswith(key := named(model, tuple(detail["loc"])) + " "):
                # The build names the file's key and its meaning ("title（标题） 不能为空"); the form, its label.
                message = label + message[len(key) - 1 :]
            checked.add(fields.get(name, "form"), message)


def _length(checked: Checked, name: str, label: str, limit: int) -> None:
    if len(checked.values.get(name, "")) > limit:
        checked.add(name, f"{label}有 {len(checked.values[name])} 个字，最多 {limit} 个字")


# --- submissions -------------------------------------------------------------------------------


def submission_values(form: Mapping[str, Any]) -> dict[str, str]:
    def text(name: str) -> str:
        value = form.get(name)
        return value if isinstance(value, str) else ""

    return {
        "title": _one_line(text("title")),
        "kind": text("kind").strip(),
        "team": text("team").strip(),
        "body": clean_text(text("body")).strip(),
    }


def check_submission(
    values: dict[str, str],
    author: str,
    team_names: Mapping[str, str],
    docs_dir: Path,
    submissions_dir: str,
    sensitive_words: Sequence[str],
) -> Checked:
    checked = Checked(values)
    _length(checked, "title", "标题", MAX_TITLE)
    _length(checked, "body", "正文", MAX_BODY)
    if values["team"] and values["team"] not in team_names:
        checked.add("team", "请从列表中选择所属志愿服务队（不在列表里就选“不属于任何队伍”）")
    front = submission_front_matter(values, author, dt.date.today())
    _model_errors(checked, Submission, front, {"title": "title", "kind": "kind", "team": "team"})
    # The same checks `wenming review` makes before an approval (length, personal numbers,
    # sensitive words, raw HTML): a volunteer learns now what the office would send back.
    for problem in review_problems(
        "投稿", values["title"], 2, values["body"], 10, docs_dir / submissions_dir, docs_dir, sensitive_words
    ):
        checked.add("title" if problem.field == "title" else "body", problem.message)
    return checked


def submission_front_matter(values: Mapping[str, str], author: str, day: dt.date) -> dict[str, Any]:
    front: dict[str, Any] = {"title": values["title"], "kind": values["kind"], "author": author}
    if values.get("team"):
        front["team"] = values["team"]
    front.update({"submitted": day.isoformat(), "status": "pending"})
    return front


def submission_file(values: Mapping[str, str], author: str, day: dt.date, photo_refs: Sequence[str]) -> bytes:
    """The Markdown file of a new submission: front matter, the text, then its photos."""
    front = submission_front_matter(values, author, day)
    body = values["body"].strip()
    photos = "".join(f"\n\n![照片{number}]({ref})" for number, ref in enumerate(photo_refs, 1))
    text = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body + photos + "\n"
    return text.encode("utf-8")


# --- nominations -------------------------------------------------------------------------------

NOMINATION_FIELDS = ("name", "category", "community", "summary", "deeds", "relation", "nominator", "nominator_phone", "consent")


def nomination_values(form: Mapping[str, Any]) -> dict[str, str]:
    values = {}
    for name in NOMINATION_FIELDS:
        value = form.get(name)
        value = value if isinstance(value, str) else ""
        values[name] = clean_text(value).strip() if name == "deeds" else _one_line(value)
    return values


def nomination_record(values: Mapping[str, str], day: dt.date) -> dict[str, Any]:
    record: dict[str, Any] = {"name": values["name"], "category": values["category"]}
    if values.get("community"):
        record["community"] = values["community"]
    record.update(
        {
            "summary": values["summary"],
            "deeds": values["deeds"],
            "nominated_by": PUBLIC_NOMINATOR,
            "nominated_on": day.isoformat(),
            "status": "nominated",
        }
    )
    return record


def check_nomination(values: dict[str, str], day: dt.date) -> Checked:
    checked = Checked(values)
    for name, label, limit in (
        ("name", "被推荐人姓名", MAX_SHORT_TEXT),
        ("community", "所在社区或单位", MAX_SHORT_TEXT),
        ("deeds", "事迹", MAX_DEEDS),
        ("relation", "您和被推荐人的关系", MAX_SHORT_TEXT),
        ("nominator", "您的姓名", 30),
    ):
        _length(checked, name, label, limit)
    _model_errors(
        checked,
        Nomination,
        nomination_record(values, day),
        {"name": "name", "category": "category", "community": "community", "summary": "summary", "deeds": "deeds"},
    )
    if values["category"] and values["category"] not in CATEGORIES:
        checked.add("category", "请从五个类别中选一个")
    if not values["relation"]:
        checked.add("relation", "请写您怎么认识被推荐人（如 邻居、同事、受过帮助）")
    if not values["nominator"]:
        checked.add("nominator", "请写您的姓名（只有文明办能看到）")
    phone = values["nominator_phone"].replace(" ", "")
    if not (MOBILE_NUMBER.fullmatch(phone) or _LANDLINE.match(phone)):
        checked.add("nominator_phone", "请写您的手机号（11位）或带区号的固定电话，文明办核实时会联系您；只有文明办能看到")
    if values["consent"] != "yes":
        checked.add("consent", "请阅读并勾选同意说明后再提交")
    return checked


def nomination_file(values: Mapping[str, str], day: dt.date) -> bytes:
    """The record file: public fields, then the resident's contact under ``private:`` only."""
    record = nomination_record(values, day)
    record["private"] = {
        "nominator": values["nominator"],
        "nominator_phone": values["nominator_phone"].replace(" ", ""),
        "relation": values["relation"],
        "source": "居民推荐表单（已勾选同意说明）",
    }
    header = "# 居民通过“我推荐身边好人”表单提交；private 下的联系方式只给文明办核实用，不会发布。\n"
    return (header + yaml.safe_dump(record, allow_unicode=True, sort_keys=False)).encode("utf-8")
