"""``wenming new`` scaffolds and the shipped JSON Schema, both generated from the record models."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, write_files
from tests.core.test_records import load, messages
from tests.goodpeople.conftest import DEEDS
from wenming.cli import main
from wenming.core.scaffold import record_json_schema, scaffold_yaml
from wenming.core.schemas import Event, Nomination, Team
from wenming.core.site_data import collections
from wenming.new import schema_files

NOMINATIONS = next(c for c in collections() if c.name == "nominations")
CONFIG = "site_name: 测试\ndocs_dir: content\nplugins:\n  - wenming:\n      build_date: 2026-11-23\n"


@pytest.mark.parametrize("model", [Nomination, Team, Event])
def test_scaffold_names_and_describes_every_field(model):
    text = scaffold_yaml(model)
    for name, info in model.model_fields.items():
        assert f"\n{name}:" in text or f"\n# {name}:" in text, name
        assert f"# {info.description}" in text, name
    assert "\nprivate:\n" in text


def test_a_new_nomination_says_exactly_what_to_fill_in(tmp_path):
    text = scaffold_yaml(Nomination, {"nominated_on": "2026-11-23", "status": "nominated", "consent": False})
    loaded = load(tmp_path, {"new.yml": text}, NOMINATIONS)
    assert [message.split(": ", 1)[1] for message in messages(loaded)] == [
        "name（姓名） 不能为空",
        "category（类别） （空） 不是允许的值（可选：助人为乐、见义勇为、诚实守信、敬业奉献、孝老爱亲）",
        "summary（一句话事迹） 不能为空",
        "deeds（事迹全文） 只有 0 个字，至少要 100 个字",
        "nominated_by（推荐单位） 不能为空",
    ]


def test_a_filled_in_scaffold_with_optional_fields_uncommented_is_valid(tmp_path):
    text = scaffold_yaml(Nomination, {"nominated_on": "2026-11-23", "status": "selected", "consent": True},
                         ("phone", "nominator"))  # fmt: skip
    deeds = "\n".join("  " + line for line in DEEDS.splitlines())
    text = (
        text.replace('name: ""', "name: 王秀兰")
        .replace("\ncategory:\n", "\ncategory: 助人为乐\n")
        .replace('summary: ""', "summary: 退休教师义务辅导孩子功课。")
        .replace("deeds: |\n  \n", f"deeds: |\n{deeds}\n")
        .replace('nominated_by: ""', "nominated_by: 居民推荐")
        # uncomment the publicity block and the period, as the header comment says
        .replace("# publicity:\n#   start:", "publicity:\n  start: 2026-11-24")
        .replace("#   end:", "  end: 2026-11-30")
        .replace("# period:", "period: 2026-11")
        .replace('  # phone: ""', '  phone: "13905718340"')
    )
    loaded = load(tmp_path, {"wang.yml": text}, NOMINATIONS)
    assert messages(loaded) == []
    assert loaded.records[0].publicity.start.isoformat() == "2026-11-24"
    assert "13905718340" in [secret.value for secret in loaded.secrets]


def test_wenming_new_nomination_writes_refuses_to_overwrite_and_checks_the_id(tmp_path, monkeypatch):
    write_files(tmp_path, {"mkdocs.yml": CONFIG})
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(main, ["new", "nomination", "wang-xiulan"])
    assert result.exit_code == 0, result.output
    assert (
        result.output
        == "已新建 content/data/nominations/wang-xiulan.yml：按文件里的说明填写，再运行 wenming check 检查。\n"
    )
    path = tmp_path / "content/data/nominations/wang-xiulan.yml"
    written = path.read_text(encoding="utf-8")
    assert "nominated_on: 2026-11-23\n" in written and "status: nominated\n" in written
    path.write_text(written + "# 已经填写\n", encoding="utf-8")
    again = runner.invoke(main, ["new", "nomination", "wang-xiulan"])
    assert again.exit_code == 1
    assert "content/data/nominations/wang-xiulan.yml 已经存在，没有改动它。" in again.output
    assert path.read_text(encoding="utf-8").endswith("# 已经填写\n")
    bad = runner.invoke(main, ["new", "nomination", "Wang_Xiulan"])
    assert bad.exit_code == 2
    assert "'Wang_Xiulan' 不能用作 id：只能用小写英文字母、数字和连字符（-）" in bad.output
    team = runner.invoke(main, ["new", "team", "xueleifeng"])
    assert team.exit_code == 0 and (tmp_path / "content/data/teams/xueleifeng.yml").is_file()


def test_json_schema_has_the_fields_their_limits_and_the_private_mapping():
    schema = record_json_schema(Nomination)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["additionalProperties"] is False  # unknown keys are errors in editors too
    properties = schema["properties"]
    assert set(properties) == {*Nomination.model_fields, "private"}
    assert properties["private"]["type"] == "object" and properties["private"]["additionalProperties"] is True
    assert properties["category"]["enum"] == ["助人为乐", "见义勇为", "诚实守信", "敬业奉献", "孝老爱亲"]
    assert properties["summary"]["maxLength"] == 140 and properties["deeds"]["minLength"] == 100
    assert properties["nominated_on"]["format"] == "date"
    assert set(schema["required"]) == {
        "name",
        "category",
        "summary",
        "deeds",
        "nominated_by",
        "nominated_on",
        "status",
    }


def test_shipped_schemas_are_the_generated_ones():
    stale = [
        path.name
        for path, text in schema_files(REPO).items()
        if not path.is_file() or path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "schemas/ 与记录模型不一致：在仓库根目录运行 wenming schema 重新生成"
    assert (
        json.loads((REPO / "schemas/nomination.schema.json").read_text(encoding="utf-8"))["title"]
        == "Nomination"
    )


def test_wenming_schema_writes_and_checks(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["schema", "--check"]).exit_code == 1
    written = runner.invoke(main, ["schema"])
    assert written.exit_code == 0
    assert "已更新 schemas/nomination.schema.json" in written.output
    checked = runner.invoke(main, ["schema", "--check"])
    assert checked.exit_code == 0 and "schemas/ 下的文件和编辑手册的字段表已是最新。" in checked.output
