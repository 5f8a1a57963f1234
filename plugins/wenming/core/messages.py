"""Turn pydantic's validation errors into sentences office staff can act on.

Each sentence names the field and the value found, then says what is expected; the file and
line are added by the caller (:class:`~wenming.core.problems.Problem`).
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from .problems import field_path
from .slips import enumeration_hint, full_width_space_hint


def field_label(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The Chinese name of the field at ``loc`` (its ``title`` in the schema), e.g. 队长 for leader."""
    parts = tuple(part for part in loc if not isinstance(part, int))
    owner = _submodel(model, tuple(loc)) if parts else None
    info = owner.model_fields.get(str(loc[-1])) if owner and not isinstance(loc[-1], int) else None
    if info is None and loc and isinstance(loc[-1], int):  # an item of a list: the list's name
        return field_label(model, tuple(loc[:-1]))
    return info.title if info else None


def named(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """``leader（队长）``, ``records[3].hours（服务时长）``: the key staff find in the file, and its meaning."""
    label = field_label(model, loc)
    path = field_path(loc)
    return f"{path}（{label}）" if label else path


def describe(error: ErrorDetails, model: type[BaseModel]) -> str:
    loc = tuple(error["loc"])
    field = named(model, loc)
    kind = error["type"]
    value = error.get("input")
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    shown = _show(value)

    if kind == "missing":
        return f"缺少必填字段 {field}" + _meaning(model, loc)
    if kind == "extra_forbidden":
        return _unknown_field(loc, model)
    if kind in ("iso_date", "year_month", "time_of_day", "choice"):
        return f"{field} {shown} {error['msg']}"
    if kind in ("string_type", "str_type"):
        return f"{field} {shown} 应为文字"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"{field} {shown} 应为整数"
    if kind in ("float_parsing", "float_type"):
        return f"{field} {shown} 应为数字"
    if kind == "finite_number":  # inf, nan: a typo, never a number of hours
        return f"{field} {shown} 应为普通的数字（不能是 inf 或 nan）"
    if kind in ("bool_parsing", "bool_type"):
        return f"{field} {shown} 应为 true 或 false"
    if kind == "string_too_short":
        if ctx.get("min_length", 1) <= 1:
            return f"{field} 不能为空"
        return f"{field} 只有 {_length(value)} 个字，至少要 {ctx['min_length']} 个字"
    if kind == "string_too_long":
        return f"{field} 有 {_length(value)} 个字，最多 {ctx['max_length']} 个字"
    if kind == "string_pattern_mismatch":
        return f"{field} {shown} 格式不对" + _meaning(model, loc)
    if kind == "greater_than":
        return f"{field} {shown} 应大于 {_number(ctx['gt'])}"
    if kind == "greater_than_equal":
        return f"{field} {shown} 应不小于 {_number(ctx['ge'])}"
    if kind == "less_than_equal":
        return f"{field} {shown} 应不大于 {_number(ctx['le'])}"
    if kind == "less_than":
        return f"{field} {shown} 应小于 {_number(ctx['lt'])}"
    if kind == "list_type":
        return f"{field} 应为列表（每项另起一行，以“- ”开头），实际是 {shown}" + enumeration_hint(value)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"{field} 应为“字段: 值”的映射（下一行缩进后逐项填写），实际是 {shown}"
    return f"{field} {shown} 不符合要求：{error['msg']}"


def _number(value: Any) -> str:
    """24.0 -> "24": limits are shown as people write them."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "一组“字段: 值”"
    if isinstance(value, list):
        return "一个列表"
    if value is None:
        return "（空）"
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "…"
    return repr(text)


def _length(value: Any) -> int:
    return len(value.strip()) if isinstance(value, str) else len(str(value))


def _submodel(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model that owns the last part of ``loc`` (walks into nested models and lists of them)."""
    current: type[BaseModel] | None = model
    for part in loc[:-1]:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        current = _model_in(info.annotation) if info else None
    return current


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found:
            return found
    return None


def _meaning(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    owner = _submodel(model, loc)
    info = owner.model_fields.get(str(loc[-1])) if owner and loc else None
    return f"：{info.description}" if info and info.description and info.description != info.title else ""


def _unknown_field(loc: tuple[Any, ...], model: type[BaseModel]) -> str:
    owner = _submodel(model, loc)
    key = str(loc[-1])
    allowed = list(owner.model_fields) if owner else []
    if owner is model:
        allowed.append("private")
    where = named(model, loc[:-1]) if loc[:-1] else ""
    prefix = f"{where} 里的" if where else ""
    slip = full_width_space_hint(key)
    if slip:
        return f"{prefix}{slip}"
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = ""
    if close:
        label = field_label(model, (*loc[:-1], close[0])) if close[0] != "private" else "不公开的个人信息"
        hint = f"，是不是想写 {close[0]}（{label}）？" if label else f"，是不是想写 {close[0]}？"
    return f"{prefix}未知字段 {key!r}{hint}（可用字段：{', '.join(allowed)}）"
