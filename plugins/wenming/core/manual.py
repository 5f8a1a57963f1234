"""The field tables of the 编辑手册 (``docs/editor-manual.md``), generated from the record models.

The manual is prose written for office staff; its field tables sit between marker comments
(``<!-- 字段表 team 开始 -->`` … ``<!-- 字段表 team 结束 -->``) and are rewritten by
``wenming schema`` from the same models that check the records, so a field, a Chinese name, a
limit or an allowed value cannot differ between the manual and ``wenming check``. A test fails
when the manual in the repository is not what the models give.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .scaffold import PRIVATE_DESCRIPTION
from .schemas import Event, Nomination, Submission, Team

MODELS: dict[str, type[BaseModel]] = {
    "nomination": Nomination,
    "team": Team,
    "event": Event,
    "submission": Submission,
}
_MARKERS = re.compile(r"(<!-- 字段表 (\w+) 开始 -->\n)(.*?)(<!-- 字段表 \2 结束 -->)", re.S)


def field_tables(model: type[BaseModel], with_private: bool = True) -> str:
    """A Markdown table of ``model``'s fields, then one table for each nested kind of entry."""
    tables = [_table(model, with_private)]
    for name, info in model.model_fields.items():
        nested = _nested_model(info.annotation)
        if nested is not None:
            what = "的每一项" if list in (typing.get_origin(arg) for arg in _flatten(info.annotation)) else "下面的字段"
            tables.append(f"`{name}`（{info.title}）{what}：\n\n" + field_tables(nested, with_private=False))
    return "\n\n".join(tables)


def _table(model: type[BaseModel], with_private: bool) -> str:
    rows = ["| 字段 | 中文名 | 必填 | 写法和说明 |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        rows.append(f"| `{name}` | {info.title} | {'必填' if info.is_required() else '选填'} | {_explain(info)} |")
    if with_private:
        rows.append(f"| `private` | 不公开的个人信息 | 选填 | {PRIVATE_DESCRIPTION}；下一行缩进，逐项写“名称: 值” |")
    return "\n".join(rows)


def _explain(info: FieldInfo) -> str:
    parts = [str(info.description or "")]
    choices = allowed_values(info)
    if choices and not all(choice in parts[0] for choice in choices):
        parts.append("可选：" + "、".join(choices))
    limits = _limits(info)
    if limits:
        parts.append(limits)
    if not info.is_required() and info.default not in (None, [], False, 0) and not callable(info.default_factory):
        parts.append(f"不写时为 {info.default}")
    return "；".join(part for part in parts if part).replace("|", "\\|")


def allowed_values(info: FieldInfo) -> list[str]:
    """The values a choice field allows (``category``: the five kinds of 好人…)."""
    for arg in _flatten(info.annotation):
        if typing.get_origin(arg) is typing.Literal:
            return [str(value) for value in typing.get_args(arg)]
    return []


def _limits(info: FieldInfo) -> str:
    found = []
    for item in [*info.metadata, *(m for arg in _flatten(info.annotation) for m in getattr(arg, "__metadata__", ()))]:
        for constraint in getattr(item, "metadata", [item]):
            if isinstance(constraint, MaxLen) and constraint.max_length:
                found.append(f"最多 {constraint.max_length} 个字")
            elif isinstance(constraint, MinLen) and constraint.min_length > 1:
                found.append(f"至少 {constraint.min_length} 个字")
            elif isinstance(constraint, Gt):
                found.append(f"大于 {constraint.gt}")
            elif isinstance(constraint, Ge):
                found.append(f"不小于 {constraint.ge}")
            elif isinstance(constraint, Lt):
                found.append(f"小于 {constraint.lt}")
            elif isinstance(constraint, Le):
                found.append(f"不大于 {constraint.le}")
    return "、".join(dict.fromkeys(found))


def _flatten(annotation: Any) -> list[Any]:
    """The annotation and everything inside it (Annotated, unions, list items)."""
    found = [annotation]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        found += _flatten(typing.get_args(annotation)[0])
        found += [meta for meta in typing.get_args(annotation)[1:]]
    elif origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            found += _flatten(arg)
    return found


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    for arg in _flatten(annotation):
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def update_manual(text: str) -> str:
    """``text`` with every marked field table replaced by the one the models give."""

    def replace(match: re.Match[str]) -> str:
        kind = match.group(2)
        if kind not in MODELS:
            raise ValueError(f"编辑手册里的字段表 {kind!r} 不是已知的记录类型（可用：{', '.join(MODELS)}）")
        return f"{match.group(1)}\n{field_tables(MODELS[kind])}\n\n{match.group(4)}"

    return _MARKERS.sub(replace, text)


def marked_kinds(text: str) -> list[str]:
    return [match.group(2) for match in _MARKERS.finditer(text)]
