"""The search index written again after an edit (the preview server, issue 22): only the files whose
bytes changed are rewritten, and the folder always equals a clean write of the same documents."""

from __future__ import annotations

import os
from pathlib import Path

from wenming.core.search_index import IndexBuilder, SearchDoc, Segmenter

PAST = 1_000_000_000  # a modification time long ago, to tell rewritten files from kept ones


def _words(n: int) -> str:
    # Titles of different characters, as a real site's are: the terms spread over many buckets.
    return "".join(chr(0x4E00 + (n * 37 + k * 101) % 5000) for k in range(8))


def _docs(title_of_first: str) -> list[SearchDoc]:
    docs = [SearchDoc(f"events/event-{n:03d}/", _words(n), f"{_words(n + 1000)} 志愿者 第{n}场", "") for n in range(400)]
    docs[0] = SearchDoc("events/event-000/", title_of_first, "幸福里社区党群服务中心 中秋 包饺子", "")
    return docs


def _write(folder: Path, docs: list[SearchDoc], written: dict[str, tuple[bytes, int, int]] | None) -> None:
    builder = IndexBuilder(Segmenter(["幸福里社区", "党群服务中心"]))
    for doc in docs:
        builder.add(doc)
    builder.write(folder, written)


def _contents(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _age(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(PAST, PAST))


def test_an_edit_rewrites_only_the_files_it_changed_and_equals_a_clean_write(tmp_path):
    served, clean = tmp_path / "served", tmp_path / "clean"
    written: dict[str, tuple[bytes, int, int]] = {}
    _write(served, _docs("中秋晚会"), written)
    # The memo records times as written: aged files no longer match it, so refresh it once.
    _age(served)
    written.clear()
    _write(served, _docs("中秋晚会"), written)
    _age(served)
    written.update({name: (entry[0], entry[1], PAST) for name, entry in written.items()})

    _write(served, _docs("元宵灯会"), written)
    _write(clean, _docs("元宵灯会"), None)

    assert _contents(served) == _contents(clean)
    rewritten = {
        path.relative_to(served).as_posix() for path in served.rglob("*") if path.is_file() and path.stat().st_mtime_ns != PAST
    }
    assert "manifest.json" in rewritten  # its version names the new index
    assert 0 < len(rewritten) < len(_contents(clean)) // 2, rewritten


def test_files_changed_or_added_behind_its_back_are_put_right(tmp_path):
    served, clean = tmp_path / "served", tmp_path / "clean"
    written: dict[str, tuple[bytes, int, int]] = {}
    _write(served, _docs("中秋晚会"), written)
    bucket = next(path for path in sorted((served / "terms").iterdir()))
    bucket.write_bytes(b"x" * bucket.stat().st_size)  # same size, other bytes, new time
    (served / "terms" / "9999.json").write_bytes(b"{}")  # not part of the index
    (served / "old").mkdir()
    (served / "old" / "search_index.json").write_bytes(b"{}")

    _write(served, _docs("中秋晚会"), written)
    _write(clean, _docs("中秋晚会"), None)

    assert _contents(served) == _contents(clean)
    assert not (served / "old").exists()
    assert set(written) == set(_contents(clean))


def test_remembered_weights_index_a_document_as_computing_them_does():
    segmenter = Segmenter(["刘晓明"])
    doc = SearchDoc("goodpeople/liu/", "刘晓明：三十年义务修车", "刘晓明 修车 助人为乐", "")
    fresh, remembered = IndexBuilder(segmenter), IndexBuilder(segmenter)
    fresh.add(doc)
    remembered.add(doc, fresh.weights(doc))
    assert fresh.files() == remembered.files()
    assert "~刘晓明" in fresh.weights(doc)


def test_the_segmenter_key_changes_with_its_words():
    assert Segmenter(["刘晓明"]).key == Segmenter(["刘晓明"]).key
    assert Segmenter(["刘晓明"]).key != Segmenter(["刘晓明", "张建国"]).key


def test_a_builder_taking_over_the_last_ones_terms_writes_what_a_fresh_one_writes():
    """The preview keeps the last build's IndexBuilder: each build indexes again only the documents
    whose weights changed. After random edits (titles, texts, two pages swapped, pages added and
    removed), its files equal a fresh builder's, step after step."""
    import random

    chance = random.Random(20)
    segmenter = Segmenter(["幸福里社区", "党群服务中心", "刘晓明"])
    docs = _docs("中秋晚会")[:150]
    previous: IndexBuilder | None = None
    for step in range(25):
        docs = list(docs)
        for _ in range(chance.randint(0, 3)):
            n = chance.randrange(len(docs))
            doc = docs[n]
            docs[n] = SearchDoc(doc.location, _words(chance.randrange(5000)), doc.text + _words(step), doc.teaser)
        if step % 5 == 2:
            a, b = chance.sample(range(len(docs)), 2)
            docs[a], docs[b] = docs[b], docs[a]
        if step % 7 == 3:
            docs.insert(chance.randrange(len(docs)), SearchDoc(f"new/{step}/", "刘晓明义务修车", _words(step), ""))
        if step % 9 == 4:
            del docs[chance.randrange(len(docs))]
        chained, fresh = IndexBuilder(segmenter, previous=previous), IndexBuilder(segmenter)
        for doc in docs:
            fresh.add(doc)
            chained.add(doc, fresh.weights(doc) if step % 2 else None)
        assert chained.files() == fresh.files(), f"step {step}"
        previous = chained


def test_a_document_the_last_build_had_keeps_its_weights_unless_the_words_changed():
    """The preview does not segment a kept page again: its weights come from the last build's
    builder, for the same document under the same records' words; new words mean new weights."""
    doc = SearchDoc("goodpeople/liu/", "刘晓明：三十年义务修车", "刘晓明 修车 助人为乐", "")
    words = Segmenter(["刘晓明"])
    last = IndexBuilder(words)
    last.add(doc)
    last.files()
    same = IndexBuilder(Segmenter(["刘晓明"]), previous=last)
    same.add(doc)
    assert same._weights[0] is last._weights[0]
    other = IndexBuilder(Segmenter(["刘晓明", "义务修车"]), previous=same)
    other.add(doc)
    assert other._weights[0] is not same._weights[0]
    assert other._weights[0] == IndexBuilder(Segmenter(["刘晓明", "义务修车"])).weights(doc)


def test_pages_added_or_deleted_renumber_the_later_documents_as_a_fresh_builder_does():
    """A record added or deleted in the preview: the documents after it are numbered again. The
    builder taking over the last one's terms moves their postings instead of making every term
    again, and its files equal a fresh builder's; a term only the documents before the change
    have keeps its encoding from the last build."""
    segmenter = Segmenter(["幸福里社区", "党群服务中心"])
    docs = _docs("中秋晚会")[:120]
    steps = [
        ("added in the middle", lambda d: d[:60] + [SearchDoc("new/a/", "新增活动甲", "新增的活动 志愿者", "")] + d[60:]),
        ("deleted in the middle", lambda d: d[:30] + d[31:]),
        ("added first", lambda d: [SearchDoc("new/b/", "新增活动乙", "第一个", "")] + d),
        ("deleted last", lambda d: d[:-1]),
        ("added last, twice", lambda d: d + [SearchDoc("new/c/", "新增活动丙", "最后", ""), SearchDoc("new/d/", "丁", "最后二", "")]),
        ("two deleted, one edited between them", lambda d: d[:10] + [SearchDoc(d[11].location, "改过的标题", d[11].text, "")] + d[13:]),
        ("more than the limit added", lambda d: d[:5] + [SearchDoc(f"many/{n}/", _words(3000 + n), "", "") for n in range(70)] + d[5:]),
    ]
    previous = IndexBuilder(segmenter)
    for doc in docs:
        previous.add(doc)
    previous.files()
    for name, change in steps:
        docs = change(docs)
        chained, fresh = IndexBuilder(segmenter, previous=previous), IndexBuilder(segmenter)
        for doc in docs:
            fresh.add(doc)
            chained.add(doc)
        kept = dict(previous._encoded)
        assert chained.files() == fresh.files(), name
        # The first document's own title characters are in no later document: not encoded again.
        first_only = [term for term, postings in chained.terms.items() if set(postings) == {0} and term in kept]
        if name != "added first" and "limit" not in name:
            assert first_only and all(chained._encoded[term] is kept[term] for term in first_only), name
        previous = chained
