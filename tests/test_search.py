"""Chinese search works: Material's own search worker, run in Node on the built index, finds the
pages a resident expects for 志愿 and 好人 (the query is segmented against the index's words)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wenming.mkdocs.portal.plugin import compact_search_index

HARNESS = Path(__file__).with_name("material_search.js")


def search(site: Path, *queries: str) -> dict[str, list[str]]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to run Material's search worker (.ci/run installs nodejs)")
    output = subprocess.run(
        [node, str(HARNESS), str(site), *queries], capture_output=True, text=True, check=True, timeout=120
    ).stdout
    return json.loads(output)


def test_separator_is_configured_for_chinese(sample_site):
    config = json.loads(sample_site.read("search/search_index.json"))["config"]
    assert "\\u200b" in config["separator"] and "、" in config["separator"]


def test_searching_zhiyuan_and_haoren_finds_the_right_pages(sample_site):
    found = search(sample_site.site, "志愿", "好人", "王秀兰", "学雷锋", "中秋", "春联", "xyzzy")
    top = {query: [location.split("#")[0] for location in locations] for query, locations in found.items()}
    # 志愿: volunteer news and events, led by pages about volunteering
    assert "news/2026/03/2026-03-xue-leifeng-jizhong-xingdong/" in top["志愿"][:12]
    assert any(location.startswith("events/") for location in top["志愿"][:5])
    # 好人: the 身边好人 selection news, a role model's story and the nomination guide
    assert {"news/2026/01/2026-01-shenbian-haoren-pingxuan/", "news/2026/05/2026-05-haoren-wang-xiulan/"} <= set(top["好人"][:8])
    assert "goodpeople/guide/" in top["好人"][:10]
    # names, teams and festivals lead to their own pages
    assert top["王秀兰"][0] == "goodpeople/people/wang-xiulan/"
    assert "volunteers/teams/xueleifeng/" in top["学雷锋"][:5]
    assert "events/festivals/zhongqiu/" in top["中秋"][:3]
    assert {"news/2026/02/2026-02-chunjie-xie-chunlian/", "events/2026-chunjie-xie-chunlian/"} <= set(top["春联"][:3])
    assert top["xyzzy"] == []


def test_words_are_segmented_in_the_index(sample_site):
    docs = json.loads(sample_site.read("search/search_index.json"))["docs"]
    post = next(doc for doc in docs if doc["location"] == "news/2026/03/2026-03-xue-leifeng-jizhong-xingdong/")
    assert "\u200b志愿\u200b" in post["text"] or "\u200b志愿者\u200b" in post["text"]


def test_index_is_written_as_utf8_not_escapes(sample_site):
    raw = (sample_site.site / "search/search_index.json").read_bytes()
    assert "志愿".encode() in raw
    assert b"\\u5fd7" not in raw  # 志 as a JSON escape: 6 bytes instead of 3
    assert json.loads(raw)["docs"]


SEPARATOR = r"[\s\u200b\u3000\-、。，．？！；]+"
ZW = "\u200b"


def words(text: str) -> list[str]:
    """The words the search worker makes of a text: split on the index's separator."""
    return [word for word in re.split(SEPARATOR, text) if word]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["社区", "志愿者", "王秀兰", "，", "。", " ", ZW, ZW + ZW, "<p>", "</p>", "A1", "、"]), max_size=30))
def test_dropping_redundant_word_breaks_keeps_every_word(tmp_path_factory, pieces):
    text = "".join(pieces)
    path = tmp_path_factory.mktemp("index") / "search_index.json"
    path.write_text(json.dumps({"config": {"separator": SEPARATOR}, "docs": [{"location": "", "title": text, "text": text}]}))
    compact_search_index(path)
    doc = json.loads(path.read_text(encoding="utf-8"))["docs"][0]
    assert words(doc["text"]) == words(text) and words(doc["title"]) == words(text)
    assert doc["text"].replace(ZW, "") == text.replace(ZW, "")  # nothing visible changes


def test_index_has_no_word_break_beside_punctuation(sample_site):
    docs = json.loads(sample_site.read("search/search_index.json"))["docs"]
    text = "".join(doc["text"] for doc in docs)
    assert ZW in text  # words are still separated ...
    assert not re.search(f"{ZW}[，。、 ]|[，。、 ]{ZW}|{ZW}{ZW}", text)  # ... but not twice
