"""The 编辑手册 (docs/editor-manual.md) says what the schemas and `wenming check` do, and stands alone."""

from __future__ import annotations

import re

from pydantic import BaseModel

from tests.conftest import REPO
from tests.test_mistakes import CASES
from wenming.core.manual import MODELS, allowed_values, marked_kinds, update_manual

MANUAL = REPO / "docs/editor-manual.md"


def manual() -> str:
    return MANUAL.read_text(encoding="utf-8")


def test_field_tables_are_the_ones_the_models_give():
    assert update_manual(manual()) == manual(), "编辑手册的字段表与记录模型不一致：在仓库根目录运行 wenming schema"


def test_every_record_kind_has_its_table():
    assert marked_kinds(manual()) == ["nomination", "team", "event", "submission"]


def _models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found = [model]
    for info in model.model_fields.values():
        for arg in re.findall(r"\w+", repr(info.annotation)):
            nested = next((m for m in _all_models() if m.__name__ == arg), None)
            if nested is not None and nested not in found:
                found += _models(nested)
    return found


def _all_models() -> list[type[BaseModel]]:
    from wenming.core import schemas

    return [value for value in vars(schemas).values() if isinstance(value, type) and issubclass(value, BaseModel)]


def test_every_field_its_chinese_name_and_allowed_values_are_in_the_manual():
    text = manual()
    for kind, model in MODELS.items():
        section = text.split(f"<!-- 字段表 {kind} 开始 -->")[1].split(f"<!-- 字段表 {kind} 结束 -->")[0]
        for each in _models(model):
            for name, info in each.model_fields.items():
                row = re.search(rf"^\| `{name}` \| {re.escape(str(info.title))} \| (必填|选填) \| (.*) \|$", section, re.M)
                assert row, f"{each.__name__}.{name}（{info.title}）不在编辑手册里"
                for value in allowed_values(info):
                    assert value in row.group(2), f"{each.__name__}.{name} 的可选值 {value} 不在编辑手册里"


def test_no_field_in_the_manual_is_unknown_to_the_schemas():
    known = {name for model in MODELS.values() for each in _models(model) for name in each.model_fields}
    known |= {"private", "date", "categories", "authors", "description", "team", "nominees"}  # news posts
    rows = re.findall(r"^\| `(\w+)` \|", manual(), re.M)
    assert set(rows) <= known


def test_what_check_says_in_the_manual_is_what_check_says():
    messages = {message for _, _, expected in CASES for message in expected}
    blocks = re.findall(r"```text\n(.*?)```", manual(), re.S)
    quoted = [line for block in blocks for line in block.splitlines() if line.strip()]
    corpus = [line for line in quoted if not line.startswith("content/")]
    assert len(corpus) >= 15
    for line in corpus:
        assert line in messages, line
    # The first example is about a real file path; its message is one of the corpus' too.
    assert any(line.startswith("content/") and line.removeprefix("content/") in messages for line in quoted)


def test_the_manual_and_readme_point_only_inside_the_repository():
    for path in (MANUAL, REPO / "README.md"):
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/spec" not in text and "DESIGN.md" not in text, path
        for target in re.findall(r"\]\((?!https?:|#|mailto:)([^)\s]+)\)", text):
            assert (path.parent / target).exists(), f"{path.name} 链接到不存在的 {target}"


def test_vscode_settings_described_in_the_readme_are_shipped():
    import json

    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    for schema, pattern in settings["yaml.schemas"].items():
        assert (REPO / schema).is_file(), schema
        assert pattern.startswith("content/data/")
    assert ".vscode/settings.json" in (REPO / "README.md").read_text(encoding="utf-8")


def test_readme_review_commands_name_sample_submissions_that_can_take_them():
    from wenming.core.source import parse_mapping, split_front_matter

    commands = re.findall(r"wenming review (approve|reject) (\S+)", (REPO / "README.md").read_text(encoding="utf-8"))
    assert {command for command, _ in commands} == {"approve", "reject"}
    for _, submission_id in commands:
        path = REPO / "content/submissions" / f"{submission_id}.md"
        assert path.is_file(), submission_id
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
        assert parse_mapping(front, path.name)[0]["status"] == "pending", submission_id
