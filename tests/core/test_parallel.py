"""Reading files in worker processes gives exactly what reading them in one process gives."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from tests.conftest import write_files
from wenming.core import parallel
from wenming.core.parallel import ONCE_STARTED_FROM_FILES, PARALLEL_FROM_FILES, ParallelReader
from wenming.core.records import LoadedCollection, RuleContext, load_collection, read_in_process
from wenming.core.site_data import collections, load_site

REPO = Path(__file__).resolve().parents[2]
BUILD_DATE = dt.date(2026, 11, 23)

# Files that exercise every path through the reader: published, hidden, each kind of problem
# (a nested field's line comes from composing the tree again in the main process), private
# numbers in a good file and in a broken one, a file name that cannot be an id.
BROKEN = {
    "data/events/bad-yaml.yml": "title: 中秋\n  date: [2026-09-25\n电话 13905718823\n",
    "data/events/gbk.yml": "title: 中秋".encode("gbk"),
    "data/events/repeated.yml": "title: a\ntitle: b\n",
    "data/events/Bad_Name.yml": "title: 中秋\n",
    "data/events/alias.yml": "title: &t 中秋节\ndescription: *t\nkind: 我们的节日\nfestival: 中秋\ndate: 2026-09-25\n"
    "location: 广场\norganizer: 居委会\n",
    "data/teams/nested.yml": "name: 队\ntype: 学雷锋\nleader: 李\nmembers: 3\nrecords:\n"
    "  - {date: 2026-02-30, title: 巡逻, hours: 2, volunteers: 3}\n",
    "data/nominations/contact.yml": "name: 王\nprivate:\n  phone: '13812345678'\n身份证 330105195803121234\n",
    "submissions/no-front-matter.md": "只有正文\n",
}


def _snapshot(loaded: LoadedCollection) -> dict:
    return {
        "account": loaded.account(),
        "problems": [(str(problem), problem.field) for problem in loaded.problems],
        "records": [(record.id, record.data.model_dump(), dict(record.key_lines), record.body) for record in loaded.records],
        "withheld": [record.id for record in loaded.withheld],
        "secrets": [(secret.value, secret.origin) for secret in loaded.secrets],
    }


def test_workers_read_the_sample_site_and_broken_files_exactly_as_one_process_does(tmp_path):
    shutil.copytree(REPO / "content", tmp_path / "content")
    write_files(tmp_path, {f"content/{name}": text for name, text in BROKEN.items()})
    docs = tmp_path / "content"
    context = RuleContext(BUILD_DATE, docs)
    problems, secrets = [], []
    with ParallelReader(workers=2, parallel_from=1) as read_in_workers:
        for collection in collections():
            alone = _snapshot(load_collection(collection, docs, context, tmp_path, read_in_process))
            assert _snapshot(load_collection(collection, docs, context, tmp_path, read_in_workers)) == alone
            problems += alone["problems"]
            secrets += alone["secrets"]
        assert read_in_workers._pool is not None  # the workers really read the files
    assert len(problems) >= len(BROKEN)
    assert ("13905718823", "content/data/events/bad-yaml.yml (手机号)") in secrets
    assert ("330105195803121234", "content/data/nominations/contact.yml (身份证号)") in secrets


def test_small_collections_are_read_in_process_without_starting_workers():
    docs = REPO / "content"
    with ParallelReader(workers=4) as reader:
        for collection in collections():
            load_collection(collection, docs, RuleContext(BUILD_DATE, docs), REPO, reader)
        assert reader._pool is None
    site = load_site(docs, BUILD_DATE, display_root=REPO, workers=4)
    assert site.problems == []
    assert sum(loaded.read for loaded in site.loaded.values()) < PARALLEL_FROM_FILES


def test_where_no_worker_processes_can_be_started_the_files_are_read_in_process(tmp_path, monkeypatch):
    def no_semaphores(*args, **kwargs):
        raise OSError(38, "Function not implemented")  # what a container without /dev/shm says

    monkeypatch.setattr(parallel, "ProcessPoolExecutor", no_semaphores)
    docs = REPO / "content"
    events = next(collection for collection in collections() if collection.name == "events")
    context = RuleContext(BUILD_DATE, docs)
    with ParallelReader(workers=2, parallel_from=1) as reader:
        loaded = load_collection(events, docs, context, REPO, reader)
        assert reader._pool is None and reader.workers == 1
    assert _snapshot(loaded) == _snapshot(load_collection(events, docs, context, REPO, read_in_process))
    assert loaded.records


def test_once_workers_run_even_a_smaller_collection_goes_to_them(tmp_path):
    write_files(tmp_path, {f"data/events/e{n}.yml": f"title: 活动{n}\n" for n in range(ONCE_STARTED_FROM_FILES + 5)})
    paths = sorted((tmp_path / "data" / "events").glob("*.yml"))
    displays = [path.name for path in paths]
    with ParallelReader(workers=2, parallel_from=len(paths)) as reader:
        assert isinstance(reader(paths[:-1], displays[:-1], False), map)  # too few to start workers
        assert reader._pool is None
        first = list(reader(paths, displays, False))
        assert reader._pool is not None
        few = ONCE_STARTED_FROM_FILES - 1
        assert isinstance(reader(paths[:few], displays[:few], False), map)
        assert not isinstance(reader(paths[:-5], displays[:-5], False), map)
    assert first == list(read_in_process(paths, displays, False))
    assert [reading.data for reading in first] == [{"title": f"活动{n}"} for n in sorted(range(len(paths)), key=lambda n: f"e{n}.yml")]


def _site_snapshot(site) -> dict:
    pages = {"problems": [str(problem) for problem in site.content.problems], "left_out": sorted(site.content.left_out)}
    return {"pages": pages, **{name: _snapshot(loaded) for name, loaded in site.loaded.items()}}


def test_remembered_readings_load_the_site_exactly_as_a_fresh_load_after_each_edit(tmp_path):
    """The preview server keeps record files as read between its builds (RememberedReadings):
    after edits, additions, deletions and broken files, a load equals a fresh one, and only the
    files that changed are parsed again."""
    import os

    from wenming.core.records import RememberedReadings

    shutil.copytree(REPO / "content", tmp_path / "content")
    write_files(tmp_path, {f"content/{name}": text for name, text in BROKEN.items()})
    docs = tmp_path / "content"
    remembered = RememberedReadings()

    def both() -> tuple[dict, dict]:
        return (
            _site_snapshot(load_site(docs, BUILD_DATE, display_root=tmp_path, remembered=remembered)),
            _site_snapshot(load_site(docs, BUILD_DATE, display_root=tmp_path)),
        )

    first, fresh = both()
    assert first == fresh
    files = remembered.parsed
    assert files > 40

    again, fresh = both()
    assert again == fresh and remembered.parsed == 0
    # Records are not checked again either (submissions are: their review reads their images),
    # and an unchanged record is the same object as in the last load.
    submissions = len(list((docs / "submissions").glob("*.md")))
    assert remembered.records_checked == submissions
    records = {record.id: record for record in load_site(docs, BUILD_DATE, display_root=tmp_path, remembered=remembered)["events"].records}
    assert all(
        records[record.id] is record
        for record in load_site(docs, BUILD_DATE, display_root=tmp_path, remembered=remembered)["events"].records
    )
    # Checking a record takes its private values out of the data: the remembered copy keeps them.
    assert any(value == "13812345678" for value, _ in again["nominations"]["secrets"])

    nomination = next((docs / "data/nominations").glob("*.yml"))
    text = nomination.read_text(encoding="utf-8")
    nomination.write_text(text + "\nprivate_note_typo: 电话 13905710001\n", encoding="utf-8")
    (docs / "data/events/alias.yml").unlink()
    write_files(tmp_path, {"content/data/events/added-2026.yml": "title: 新增活动\n"})
    bad = docs / "data/events/bad-yaml.yml"
    os.utime(bad, ns=(bad.stat().st_atime_ns, bad.stat().st_mtime_ns + 10**9))  # touched, same bytes

    edited, fresh = both()
    assert edited == fresh
    assert remembered.parsed == 3  # the edited, the added and the touched file
    assert remembered.records_checked == 3 + submissions

    # A record's check that looked at another file is made again when that file changes: a
    # nomination's photo deleted, replaced by a link, put back.
    photo = docs / "assets/goodpeople/fang-huimin.png"
    kept = photo.read_bytes()
    photo.unlink()
    gone, fresh = both()
    assert gone == fresh and any("fang-huimin.png" in problem for problem, _ in gone["nominations"]["problems"])
    assert remembered.records_checked == 1 + submissions
    photo.symlink_to("/etc/passwd")
    linked, fresh = both()
    assert linked == fresh and any("fang-huimin.png" in problem for problem, _ in linked["nominations"]["problems"])
    photo.unlink()
    photo.write_bytes(kept)
    back, fresh = both()
    assert back == fresh and not any("fang-huimin.png" in problem for problem, _ in back["nominations"]["problems"])
    # Another build date is another check (upcoming events, ages, service dates in the future).
    later = BUILD_DATE + dt.timedelta(days=400)
    site = load_site(docs, later, display_root=tmp_path, remembered=remembered)
    assert _site_snapshot(site) == _site_snapshot(load_site(docs, later, display_root=tmp_path))
    assert remembered.records_checked == sum(loaded.read for loaded in site.loaded.values())
    assert any(value == "13905710001" for value, _ in edited["nominations"]["secrets"])

    # Pages are checked again when changed too (a front matter alias is refused, then fixed).
    page = docs / "guide-remembered.md"
    page.write_text("---\ntitle: &t 指南\ndescription: *t\n---\n# 指南\n", encoding="utf-8")
    broken, fresh = both()
    assert broken == fresh and "guide-remembered.md" in broken["pages"]["left_out"]
    page.write_text("---\ntitle: 指南\n---\n# 指南\n", encoding="utf-8")
    fixed, fresh = both()
    assert fixed == fresh and "guide-remembered.md" not in fixed["pages"]["left_out"]
