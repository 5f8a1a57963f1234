"""What a record model tells editors: a commented YAML scaffold and a JSON Schema.

Both are generated from the pydantic models in :mod:`wenming.core.schemas`, so a field added
to a model shows up in ``wenming new`` and in editors' autocompletion without further work.
Field descriptions are the comments; required fields are written out for filling in,
optional ones are commented out (remove the ``# `` to use them).
"""

from __future__ import annotations

import datetime as dt
import json
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
PRIVATE_DESCRIPTION = "个人信息（手机号、身份证号、住址、推荐人及其电话等），永远不会出现在网站上"
_INDENT = "  "


def _unwrap(annotation: Any) -> Any:
    """The type without ``Annotated[...]`` and without ``| None``."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
            if len(args) != 1:
                return annotation
            annotation = args[0]
        else:
            return annotation


def _model(annotation: Any) -> type[BaseModel] | None:
    inner = _unwrap(annotation)
    return inner if isinstance(inner, type) and issubclass(inner, BaseModel) else None


def _list_item(annotation: Any) -> Any | None:
    inner = _unwrap(annotation)
    return _unwrap(typing.get_args(inner)[0]) if typing.get_origin(inner) is list else None


def _is_markdown(info: FieldInfo) -> bool:
    return "Markdown" in (info.description or "")


def _scalar(value: Any) -> str:
    """A value as it is written in YAML (text quoted only where YAML would misread it)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return (
        text
        if text and text.strip() == text and not any(c in text for c in ":#{}[],&*!|>'\"%@`")
        else json.dumps(text, ensure_ascii=False)
    )


def _placeholder(info: FieldInfo) -> str:
    """What an unfilled field shows after its colon: its default, if it has a plain one."""
    if info.is_required() or info.default_factory is not None or info.default is None:
        return ""
    return " " + _scalar(info.default)


def _example_lines(model: type[BaseModel], depth: int, as_list_item: bool) -> list[str]:
    """The YAML lines of a nested model (one item of a list when ``as_list_item``), each with
    its description; the caller comments them out."""
    lines = []
    for index, (name, info) in enumerate(model.model_fields.items()):
        marker = ("- " if index == 0 else "  ") if as_list_item else ""
        lead = _INDENT * depth + marker
        comment = f"  # {info.description}" if info.description else ""
        nested = _model(info.annotation)
        lines.append(f"{lead}{name}:{'' if nested else _placeholder(info)}{comment}")
        if nested is not None:
            lines += _example_lines(nested, depth + 1 + (1 if as_list_item else 0), as_list_item=False)
    return lines


def scaffold_yaml(
    model: type[BaseModel], values: Mapping[str, Any] | None = None, private_keys: tuple[str, ...] = ()
) -> str:
    """A new record file for ``model`` with every field described in a comment.

    Required fields (and those given in ``values``) are written out to be filled in; optional
    fields are commented out with their default. ``private_keys`` are suggested under ``private:``.
    """
    values = dict(values or {})
    out = []
    doc = (model.__doc__ or "").strip().splitlines()
    if doc:
        out.append(f"# {doc[0]}")
    out += [
        "# 以 # 开头的是说明，不会被读取。【必填】的字段请在冒号后填写；",
        "# 【选填】的字段需要时去掉行首的“# ”再填写。写好后运行 wenming check 检查。",
        "",
    ]
    for name, info in model.model_fields.items():
        required = info.is_required()
        label = "必填" if required else "选填"
        out.append(f"# {info.description or name}【{label}】")
        nested = _model(info.annotation)
        item = _list_item(info.annotation)
        if name in values:
            out.append(f"{name}: {_scalar(values[name])}")
        elif nested is not None:
            out += [f"# {line}" for line in [f"{name}:", *_example_lines(nested, 1, as_list_item=False)]]
        elif isinstance(item, type) and issubclass(item, BaseModel):
            out += [f"# {line}" for line in [f"{name}:", *_example_lines(item, 1, as_list_item=True)]]
        elif item is not None:
            out += [f"# {name}:", f"# {_INDENT}- "]
        elif required and _is_markdown(info):
            out += [f"{name}: |", _INDENT]
        elif required:
            # Text fields start as an empty text; others (numbers, dates) are left blank.
            out.append(f'{name}: ""' if _unwrap(info.annotation) is str else f"{name}:")
        else:
            out.append(f"# {name}:{_placeholder(info)}")
        out.append("")
    out.append(f"# {PRIVATE_DESCRIPTION}【选填】")
    out.append("private:")
    out += [f'{_INDENT}# {key}: ""' for key in private_keys]
    return "\n".join(out) + "\n"


def record_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema of one record file: the model's fields plus the free ``private`` mapping."""
    schema = model.model_json_schema()
    schema["properties"]["private"] = {
        "type": "object",
        "title": "Private",
        "description": PRIVATE_DESCRIPTION,
        "additionalProperties": True,
    }
    return {"$schema": JSON_SCHEMA_DIALECT, **schema}


def json_schema_text(model: type[BaseModel]) -> str:
    """The schema as it is shipped: stable key order, Chinese kept readable."""
    return json.dumps(record_json_schema(model), ensure_ascii=False, indent=2) + "\n"
