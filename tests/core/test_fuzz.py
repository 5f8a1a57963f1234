"""Whatever bytes a staff member saves, loading reports problems and never raises."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wenming.core.records import RuleContext, load_collection
from wenming.core.site_data import collections

PIECES = list("abc:-[]{}'\"#&*!|>%@` \t\n0123456789中秋日期") + ["date: ", "title: ", "\n  - ", "private: ", "2026-02-30"]
YAMLISH = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(YAMLISH, st.binary(max_size=120).map(lambda b: b.decode("latin-1"))))
def test_any_file_content_gives_records_or_problems_never_a_traceback(tmp_path_factory, content):
    root = tmp_path_factory.mktemp("fuzz")
    for collection in collections():
        folder = root / "content" / collection.folder
        folder.mkdir(parents=True, exist_ok=True)
        suffix = ".md" if collection.markdown else ".yml"
        text = f"---\n{content}\n---\n正文" if collection.markdown else content
        (folder / f"fuzz{suffix}").write_text(text, encoding="utf-8", errors="surrogateescape")
        loaded = load_collection(collection, root / "content", RuleContext(dt.date(2026, 11, 23), root / "content"), root)
        assert loaded.read == 1
        assert len(loaded.records) + sum(loaded.hidden.values()) + len(loaded.invalid_files) == 1
        for problem in loaded.problems:
            assert problem.file == f"content/{collection.folder}/fuzz{suffix}"
            assert problem.message
