"""The audit finds private values however the output escapes them, and only those."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.core.privacy import (
    ID_NUMBER,
    MOBILE_NUMBER,
    SecretRegistry,
    audit_site,
    mask,
    personal_numbers,
    private_leaves,
)


def registry(*values: str) -> SecretRegistry:
    secrets = SecretRegistry()
    for value in values:
        secrets.add(value, f"content/data/x.yml (private.{value[:2]})")
    return secrets


def test_private_leaves_walks_nested_mappings_and_lists():
    mapping = {"phone": 13905718823, "family": {"son": "王小明", "phones": ["13800001111", None]}, "ok": True}
    assert list(private_leaves(mapping)) == [
        ("private.phone", "13905718823"),
        ("private.family.son", "王小明"),
        ("private.family.phones[1]", "13800001111"),
    ]


def test_short_values_are_not_audited():
    assert len(registry("男", "张三", "幸福里3栋")) == 1


def test_personal_numbers_finds_unmasked_mobiles_and_id_numbers_only():
    text = "电话13905718823，138****8823，身份证330105195803121234，座机0571-88886001，订单号1234567890123456789"
    assert list(personal_numbers(text)) == [("手机号", "13905718823"), ("身份证号", "330105195803121234")]


NUMBERISH = st.lists(
    st.sampled_from(["1", "3", "9", "0", "X", "x", "13905718823", "330105195803121234", "１", "电话", "\n", " ", "-", "*"]),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=NUMBERISH)
def test_personal_numbers_finds_what_the_two_patterns_find_over_the_whole_text(text):
    # The quick start at the first candidate run must never skip a number or invent one.
    everything = [("手机号", m.group()) for m in MOBILE_NUMBER.finditer(text)]
    everything += [("身份证号", m.group()) for m in ID_NUMBER.finditer(text)]
    assert list(personal_numbers(text)) == everything


def test_many_values_share_prefixes_and_all_are_found():
    values = [f"幸福里小区{n}幢{n % 7 + 1}单元" for n in range(1, 3000)]
    secrets = registry(*values)
    text = "说明：" + values[0] + "，以及" + values[2998] + "。" + "无关文字" * 1000
    assert [secret.value for secret in secrets.find_in(text)] == sorted([values[0], values[2998]])


def test_audit_sees_through_html_entities_json_escapes_and_search_segmentation(tmp_path):
    secrets = registry("王小明&李", "幸福里小区12幢", "13905718823")
    (tmp_path / "a.html").write_text("<p>王小明&amp;李</p>", encoding="utf-8")
    index = {"docs": [{"text": "住在幸福里\u200b小区\u200b12\u200b幢"}]}
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), encoding="utf-8")  # \\u escapes
    (tmp_path / "feed.xml").write_text("<![CDATA[电话 13905718823]]>", encoding="utf-8")
    (tmp_path / "clean.html").write_text("<p>没有隐私</p>", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"13905718823")  # binary files are not read as text
    leaks = audit_site(tmp_path, secrets)
    assert [(leak.output_file, leak.secret.value) for leak in leaks] == [
        ("a.html", "王小明&李"),
        ("feed.xml", "13905718823"),
        ("search/search_index.json", "幸福里小区12幢"),
    ]
    assert str(leaks[1]) == "feed.xml 含有 content/data/x.yml (private.13) 的隐私内容 13*******23"


def test_mask():
    assert mask("13905718823") == "13*******23"
    assert mask("王小明李") == "王***"
