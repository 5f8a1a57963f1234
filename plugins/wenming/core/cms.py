"""Decap CMS configuration generated from the record schemas.

The forms volunteers and staff fill in at /admin/ are built from the same pydantic models that
validate the files, so the form and the validator cannot disagree: every required field is
required in the form, every choice list is the schema's, every length and format limit is
carried over as a pattern with a Chinese hint.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from typing import Any

from annotated_types import Ge, Gt, Le, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .rules import NOMINATION_STATUS_NAMES
from .schemas import Event, Nomination, Submission, Team

# Private fields offered in the forms (the files accept any mapping under private:).
PRIVATE_FIELDS: dict[str, dict[str, str]] = {
    "nominations": {
        "phone": "本人电话",
        "id_number": "身份证号",
        "address": "家庭住址",
        "nominator": "推荐人",
        "nominator_phone": "推荐人电话",
        "guardian": "监护人",
    },
    "teams": {"leader_phone": "队长手机"},
    "events": {"contact_person": "联系人", "contact_person_phone": "联系人电话"},
    "submissions": {"phone": "作者电话（编辑联系用）"},
}
# Chinese names shown in the forms for the English values stored in the files.
OPTION_LABELS = {
    "news": "新闻",
    "story": "故事",
    "pending": "待审",
    "approved": "通过",
    "rejected": "退回",
    **NOMINATION_STATUS_NAMES,
    "planned": "计划中",
    "cancelled": "已取消",
    "done": "已举办",
}
SLUG_TEMPLATE = "{{year}}{{month}}{{day}}-{{hour}}{{minute}}{{second}}"  # a valid record id


REVIEW_FIELDS = ("reviewer", "reviewed", "review_note")

# Decap's backend settings that are addresses and switches, never credentials. admin/config.yml is
# published with the site: anything else put under admin_backend (a client_secret, a token) is
# left out of it.
PUBLIC_BACKEND_KEYS = frozenset({
    "name", "repo", "branch", "api_root", "site_domain", "base_url", "auth_endpoint", "auth_type",
    "app_id", "auth_scope", "cms_label_prefix", "squash_merges", "open_authoring", "always_fork",
    "use_graphql", "graphql_api_root", "preview_context", "commit_messages", "identity_url",
    "gateway_url", "accept_roles", "proxy_url", "large_media_url",
})  # fmt: skip


def public_backend(backend: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """(the backend settings that may be published, the names of the keys left out)."""
    kept = {key: value for key, value in backend.items() if key in PUBLIC_BACKEND_KEYS}
    return kept, sorted(str(key) for key in backend if key not in PUBLIC_BACKEND_KEYS)


def label_of(info: FieldInfo, name: str) -> str:
    """The form label: the field's Chinese title, else the description's first phrase
    (``被推荐人姓名，或集体名称`` -> ``被推荐人姓名``)."""
    if info.title:
        return info.title
    description = info.description or name
    return re.split(r"[，：；（(]", description, maxsplit=1)[0].strip() or name


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """(the annotation without ``| None``, whether None was allowed)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return (args[0] if len(args) == 1 else annotation), True
    return annotation, False


def _choices(annotation: Any) -> list[str] | None:
    if typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(value) for value in typing.get_args(annotation)]
    return None


def _metadata(info: FieldInfo, annotation: Any) -> list[Any]:
    found = list(info.metadata)
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        annotation = args[0]
        for extra in args[1:]:
            found.extend(getattr(extra, "metadata", [extra]))
    return found


def field_widget(name: str, info: FieldInfo) -> dict[str, Any]:
    """One Decap field for one model field."""
    annotation, optional = _unwrap(info.annotation)
    widget: dict[str, Any] = {"label": label_of(info, name), "name": name}
    if info.description and info.description != widget["label"]:
        widget["hint"] = info.description
    widget["required"] = info.is_required()
    metadata = _metadata(info, annotation)
    base = annotation
    while typing.get_origin(base) is typing.Annotated:
        base = typing.get_args(base)[0]

    choices = _choices(annotation)
    if choices is not None:
        options = [{"label": f"{OPTION_LABELS[value]}（{value}）", "value": value} if value in OPTION_LABELS else value
                   for value in choices]  # fmt: skip
        widget.update(widget="select", options=options)
    elif base is bool:
        widget.update(widget="boolean", default=bool(info.default))
    elif base is dt.date:
        widget.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False)
    elif base in (int, float):
        widget.update(widget="number", value_type="int" if base is int else "float")
        for item in metadata:
            if isinstance(item, Ge | Gt):
                widget["min"] = item.ge if isinstance(item, Ge) else item.gt
            if isinstance(item, Le):
                widget["max"] = item.le
    elif isinstance(base, type) and issubclass(base, BaseModel):
        widget.update(widget="object", collapsed=not info.is_required(), fields=model_fields(base))
    elif typing.get_origin(base) is list:
        (item,) = typing.get_args(base)
        item, _ = _unwrap(item)
        if isinstance(item, type) and issubclass(item, BaseModel):
            widget.update(widget="list", fields=model_fields(item))
        else:
            widget.update(widget="list")
    elif typing.get_origin(base) is dict:
        widget.update(widget="object", fields=[])
    else:
        markdown = "Markdown" in (info.description or "")
        widget["widget"] = "markdown" if markdown else "string"
        pattern = _text_pattern(metadata)
        if pattern:
            widget["pattern"] = pattern
    if optional and "default" not in widget:
        widget["required"] = False
    return widget


def _text_pattern(metadata: list[Any]) -> list[str] | None:
    low = next((item.min_length for item in metadata if isinstance(item, MinLen)), None)
    high = next((item.max_length for item in metadata if isinstance(item, MaxLen)), None)
    regex = next((getattr(item, "pattern", None) for item in metadata if getattr(item, "pattern", None)), None)
    if regex:
        return [regex, "格式不对，请按说明填写"]
    if high is not None:
        return [rf"^[\s\S]{{0,{high}}}$", f"最多 {high} 个字"]
    if low is not None and low > 1:
        return [rf"^[\s\S]{{{low},}}$", f"至少 {low} 个字"]
    return None


def model_fields(model: type[BaseModel]) -> list[dict[str, Any]]:
    return [field_widget(name, info) for name, info in model.model_fields.items()]


def _private(collection: str) -> dict[str, Any]:
    return {
        "label": "隐私信息（不会公开）",
        "name": "private",
        "widget": "object",
        "collapsed": True,
        "required": False,
        "hint": "电话、身份证号、住址等只写在这里：网站生成时会去掉，并检查它们没有出现在任何页面上。",
        "fields": [
            {"label": label, "name": key, "widget": "string", "required": False}
            for key, label in PRIVATE_FIELDS[collection].items()
        ],
    }


# Decap backends whose login works for a self-hosted portal; git-gateway needs Netlify Identity.
SELF_HOSTED_BACKENDS = ("forgejo", "gitea", "gitlab", "github", "bitbucket", "azure")
# The editorial workflow (草稿 → 审核中 → 就绪) is supported by these; Gitea's backend has none.
EDITORIAL_WORKFLOW_BACKENDS = ("forgejo", "gitlab", "github", "bitbucket")


def admin_backend_problem(backend: dict[str, Any], local_backend: bool | str) -> str | None:
    """Why /admin/ would show a login that leads nowhere with this backend, or None.

    ``local_backend`` (``npx decap-server`` on the office's own computer) serves any backend.
    """
    name = str(backend.get("name") or "")
    if local_backend:
        return None if name else "没有设置后端（name）"
    if not name:
        return "没有设置后端：请写 name（forgejo、gitlab、github 等）和 repo，见 README“内容管理后台”"
    if name not in SELF_HOSTED_BACKENDS:
        return (f"后端 {name!r} 在自建网站上无法登录（git-gateway 需要 Netlify）；"
                f"可用：{'、'.join(SELF_HOSTED_BACKENDS)}")  # fmt: skip
    if not backend.get("repo"):
        return f"后端 {name} 需要 repo（例如 shequ/wenming）"
    return None


def decap_config(
    backend: dict[str, Any],
    local_backend: bool | str,
    site_url: str | None,
    docs_dir: str = "content",
    data_dir: str = "data",
    submissions_dir: str = "submissions",
    posts_dir: str = "news/posts",
    news_categories: list[str] | None = None,
    authors: list[str] | None = None,
) -> dict[str, Any]:
    """The whole ``admin/config.yml`` for Decap CMS 3.16, Chinese UI and editorial workflow."""
    data = f"{docs_dir}/{data_dir}"

    def records(name: str, label: str, model: type[BaseModel], identifier: str) -> dict[str, Any]:
        return {
            "name": name,
            "label": label,
            "folder": f"{data}/{name}",
            "extension": "yml",
            "format": "yml",
            "create": True,
            "slug": SLUG_TEMPLATE,
            "identifier_field": identifier,
            "fields": model_fields(model) + [_private(name)],
        }

    # A submitter cannot review their own submission: the status is fixed to pending (hidden) and
    # the review fields are not in the form; editors review with `wenming review`.
    submission_fields = []
    for widget in model_fields(Submission):
        if widget["name"] in REVIEW_FIELDS:
            continue
        if widget["name"] == "status":
            widget = {"label": widget["label"], "name": "status", "widget": "hidden", "default": "pending"}
        if widget["name"] == "submitted":
            widget["default"] = "{{now}}"
        submission_fields.append(widget)
    news_fields: list[dict[str, Any]] = [
        {"label": "标题", "name": "title", "widget": "string"},
        {"label": "日期", "name": "date", "widget": "datetime", "format": "YYYY-MM-DD",
         "date_format": "YYYY-MM-DD", "time_format": False},
        {"label": "栏目", "name": "categories", "widget": "select", "multiple": True,
         "options": news_categories or []},
        {"label": "作者", "name": "authors", "widget": "select", "multiple": True, "options": authors or [],
         "required": False},
        {"label": "摘要", "name": "description", "widget": "text", "required": False,
         "hint": "一句话摘要（40–70个字），显示在首页和搜索结果里"},
        {"label": "正文", "name": "body", "widget": "markdown", "hint": "导语写在最前面；用 <!-- more --> 分隔摘要和正文"},
    ]  # fmt: skip
    config: dict[str, Any] = {
        "backend": public_backend(backend)[0],
        "publish_mode": "editorial_workflow",
        "locale": "zh_Hans",
        "media_folder": f"{docs_dir}/assets/uploads",
        "public_folder": "/assets/uploads",
        "collections": [
            {
                "name": "submissions",
                "label": "志愿者投稿",
                "label_singular": "投稿",
                "folder": f"{docs_dir}/{submissions_dir}",
                "extension": "md",
                "format": "frontmatter",
                "create": True,
                "slug": SLUG_TEMPLATE,
                "fields": submission_fields + [_private("submissions"),
                                               {"label": "正文", "name": "body", "widget": "markdown"}],
            },
            {
                "name": "news",
                "label": "新闻动态",
                "label_singular": "新闻",
                "folder": f"{docs_dir}/{posts_dir}",
                "extension": "md",
                "format": "frontmatter",
                "create": True,
                "slug": SLUG_TEMPLATE,
                "fields": news_fields,
            },
            records("nominations", "好人推荐", Nomination, "name"),
            records("events", "活动", Event, "title"),
            records("teams", "志愿服务队", Team, "name"),
        ],
    }  # fmt: skip
    if local_backend:
        config["local_backend"] = local_backend if isinstance(local_backend, dict) else True
        if isinstance(local_backend, str):
            config["local_backend"] = {"url": local_backend}
    if site_url:
        config["site_url"] = site_url
        config["display_url"] = site_url
    return config
