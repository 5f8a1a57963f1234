"""The audit finds private values however the output escapes them, and only those."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.core.privacy import (
    SecretRegistry,
    _numbers_from,
    audit_site,
    find_personal_numbers,
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
    st.sampled_from(["1", "3", "9", "0", "X", "x", "13905718823", "330105195803121234", "１", "电话", "\n", " ", "-",
                     "*", "\u00ad", "\u2060", "．", "--- "]),
    max_size=30,
).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=NUMBERISH)
def test_the_quick_scan_never_skips_or_invents_a_number(text):
    assert list(find_personal_numbers(text)) == list(_numbers_from(text, 0))


GAP = st.sampled_from(["", "", " ", "-", "\u00a0", "\u3000", "\u00ad", "\u2060", "\u200b", "–", "—", ".", " - "])


@settings(max_examples=300, deadline=None)
@given(number=st.sampled_from(["13905718823", "330105195803121234", "11010119900307777X"]), data=st.data())
def test_a_number_is_found_in_any_spelling(number, data):
    # Any gap between any two digits, any digit full-width, in any Chinese sentence.
    written = ""
    for index, char in enumerate(number):
        if data.draw(st.booleans()):
            char = chr(ord(char) + 0xFEE0)
        written += char + (data.draw(GAP) if index < len(number) - 1 else "")
    found = list(personal_numbers(f"队长手机{written}，欢迎联系"))
    assert found == [("身份证号" if len(number) == 18 else "手机号", number)]


def test_spellings_staff_and_volunteers_use_are_found():
    for written in ["139-1234-5678", "139 1234 5678", "１３９１２３４５６７８", "139\u00ad1234\u00ad5678",
                    "139\u20601234\u20605678", "139–1234–5678", "139.1234.5678", "139\u00a01234\u00a05678"]:
        assert list(personal_numbers(f"手机：{written}")) == [("手机号", "13912345678")], written
    assert list(personal_numbers("身份证 110101 19900307 7777")) == [("身份证号", "110101199003077777")]
    assert list(personal_numbers("身份证 110101-1990-0307-777x")) == [("身份证号", "11010119900307777X")]


def test_dates_times_landlines_and_masked_numbers_are_not_personal_numbers():
    text = ("2026-11-23 12:00 至 2026-11-23 13:30，办公电话 0571-8888 6001，0571 8888 6001，"
            "138****8823，共 32 人 139 小时，编号 2026 1123 1200")
    assert list(personal_numbers(text)) == []


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
    assert mask("") == "（空）"


def private_registry(private: dict, public: tuple[str, ...] = ()) -> SecretRegistry:
    secrets = SecretRegistry()
    secrets.add_private(private, "content/data/nominations/x.yml")
    secrets.add_public(public)
    return secrets


def found(secrets: SecretRegistry, text: str) -> list[str]:
    return [secret.origin for secret in secrets.find_in(text)]


PHONE = {"phone": "13912345678"}
PHONE_ORIGIN = ["content/data/nominations/x.yml (private.phone)"]


def test_a_private_phone_is_found_in_every_spelling_a_page_can_show():
    secrets = private_registry(PHONE)
    for published in [
        "<p>电话 139-1234-5678</p>",
        "<p>电话 139 1234 5678</p>",
        "<p>电话 １３９１２３４５６７８</p>",
        "<p>电话 139\u00ad1234\u00ad5678</p>",
        "<p>电话 139\u20601234\u20605678</p>",
        "<p>电话 139\u00a01234\u30005678</p>",
        "<p>电话 139—1234—5678</p>",
        '<a href="tel:%31%33%39%31%32%33%34%35%36%37%38">拨打</a>',
        # Split over two fields shown side by side: the digits meet in the visible text.
        "<dl><dt>区号</dt><dd>139</dd><dt></dt><dd>1234 5678</dd></dl>",
    ]:
        assert found(secrets, published) == PHONE_ORIGIN, published


def test_an_id_number_written_in_groups_and_an_address_in_a_map_link_are_found():
    secrets = private_registry({"id_number": "110101199003077777", "address": "幸福里小区12幢2单元301室"})
    assert found(secrets, "<td>110101 19900307 7777</td>") == ["content/data/nominations/x.yml (private.id_number)"]
    link = '<a href="https://map.example/?q=%E5%B9%B8%E7%A6%8F%E9%87%8C%E5%B0%8F%E5%8C%BA12%E5%B9%A22%E5%8D%95%E5%85%83301%E5%AE%A4">地图</a>'
    assert found(secrets, link) == ["content/data/nominations/x.yml (private.address)"]
    assert found(secrets, link.replace("%", "%25")) == ["content/data/nominations/x.yml (private.address)"]
    assert found(secrets, "住在幸福里小区１２幢２单元３０１室") == ["content/data/nominations/x.yml (private.address)"]


def test_dates_landlines_and_other_numbers_do_not_match_a_private_phone():
    secrets = private_registry(PHONE)
    text = "<p>2026-11-23 12:00 开始，电话 0571-8888 6001，139 人参加，1234 5678 份宣传册</p><p>1391 2345</p>"
    assert found(secrets, text) == []


def test_a_short_private_name_is_found_where_it_is_written_as_a_name():
    secrets = private_registry({"nominator": "王芳", "guardian": "林志鹏（监护人）", "note": "低保"})
    assert found(secrets, "<p>感谢王芳同志的推荐</p>") == ["content/data/nominations/x.yml (private.nominator)"]
    assert found(secrets, "<p>王芳来了</p>") == ["content/data/nominations/x.yml (private.nominator)"]
    assert found(secrets, "<p>监护人林志鹏表示感谢</p>") == ["content/data/nominations/x.yml (private.guardian)"]
    assert found(secrets, "<p>王 芳</p>") == ["content/data/nominations/x.yml (private.nominator)"]
    assert found(secrets, '<img src="a.jpg" alt="王芳">') == ["content/data/nominations/x.yml (private.nominator)"]
    assert found(secrets, "<p>享受低保政策</p>") == []  # a short value under a key that is not a name


def test_a_short_private_name_is_not_found_inside_other_words_or_names():
    secrets = private_registry({"nominator": "王芳", "contact_person": "张伟", "parent": "李明"}, public=("王芳芳",))
    assert found(secrets, "<p>王芳芳获评好人，芳草萋萋，帝王芳华</p>") == []
    assert found(secrets, "<p>张伟大的事业，李明亮的眼睛</p>") == []
    assert found(secrets, '<img alt="x" src="wang-fang.png">') == []  # not in markup


def test_a_short_name_that_a_record_publishes_is_not_a_secret():
    # 张伟 is a nominator's private name and also a team leader's public name: the page cannot tell them apart.
    secrets = private_registry({"nominator": "张伟"}, public=("张伟", "幸福里学雷锋志愿服务队"))
    assert found(secrets, "<p>队长张伟带队</p>") == []


def test_a_two_character_name_that_is_an_everyday_word_is_not_audited_in_text():
    secrets = private_registry({"nominator": "建国"})
    assert found(secrets, "<p>庆祝建国七十七周年</p>") == []


def test_which_short_private_values_are_names():
    from wenming.core.privacy import short_name

    assert [short_name(key, "王芳") for key in ("private.nominator", "private.candidate_name", "private.family[1].name",
                                                 "private.guardian", "private.parent_names[2]")] == ["王芳"] * 5
    assert [short_name(key, "王芳") for key in ("private.nominator_phone", "private.id_number", "private.note",
                                                 "private.contact_person_phone", "private.home")] == [None] * 5
    assert short_name("private.guardian", "林志鹏（监护人）") == "林志鹏"
    assert short_name("private.nominator", "Wang") is None and short_name("private.nominator", "欧阳建国华") is None


def test_audit_of_named_files_reads_only_those(tmp_path):
    secrets = registry("13905718823")
    (tmp_path / "news").mkdir()
    for name in ("a.html", "news/b.html", "news/c.html", "z.html"):
        (tmp_path / name).write_text("<p>电话 139 0571 8823</p>", encoding="utf-8")
    (tmp_path / "photo.jpg").write_bytes(b"13905718823")
    named = [tmp_path / "news/c.html", tmp_path / "a.html", tmp_path / "photo.jpg", tmp_path / "gone.html"]
    leaks = audit_site(tmp_path, secrets, only=named)
    assert [leak.output_file for leak in leaks] == ["a.html", "news/c.html"]
    # By path, folder by folder: news/ comes between a.html and z.html.
    assert [leak.output_file for leak in audit_site(tmp_path, secrets)] == ["a.html", "news/b.html", "news/c.html", "z.html"]
