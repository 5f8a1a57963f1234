"""The preview server's rebuilds (issue 22) equal a clean build after every edit.

A copy of the sample site is built once by :class:`PreviewBuilder` (what ``wenming serve`` runs on
every change); then records and posts are edited, added, deleted and renamed, and after each step
the preview's folder is compared with a clean ``mkdocs build`` of the same files, byte for byte
except the news feeds' build time (see wenming.mkdocs.preview.same_site). The timing is
bench/edit_loop.py's, not a test's.
"""

from __future__ import annotations

import gc
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from mkdocs.structure.pages import Page

from tests.conftest import BUILD_DATE, REPO, run_build
from wenming.mkdocs.preview.builder import PreviewBuilder
from wenming.mkdocs.preview.same_site import differences
from wenming.mkdocs.preview.server import banner_html, banner_lines, edited_names


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(REPO / "content", tmp_path / "content")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["theme"]["custom_dir"] = str(REPO / "theme_overrides")
    for entry in config["plugins"]:
        if isinstance(entry, dict) and "wenming" in entry:
            entry["wenming"]["build_date"] = BUILD_DATE
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return tmp_path


def assert_same_as_clean_build(project: Path, preview: Path, step: str, keep: bool = False) -> Path:
    clean = project / f"clean-{step}"
    built = run_build(project / "mkdocs.yml", site_dir=clean)
    assert built.error is None, f"{step}: {built.error}"
    assert differences(clean, preview) == [], step
    if not keep:
        shutil.rmtree(clean)
    return clean


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


class WatchedBuilder(PreviewBuilder):
    """Notes whether the garbage collector ran automatically during each build."""

    collector_enabled: list[bool]

    def _run(self, config: Any, report: Any) -> None:
        self.collector_enabled.append(gc.isenabled())
        super()._run(config, report)


@contextmanager
def templates_compiled() -> Iterator[list[str]]:
    """The names of the templates Jinja compiles (not answered from memory) while inside."""
    compiled: list[str] = []
    original = jinja2.Environment.compile

    def compile(
        env: jinja2.Environment, source: Any, name: str | None = None, *args: Any, **kwargs: Any
    ) -> Any:
        compiled.append(str(name))
        return original(env, source, name, *args, **kwargs)

    jinja2.Environment.compile = compile  # type: ignore[assignment]
    try:
        yield compiled
    finally:
        jinja2.Environment.compile = original  # type: ignore[method-assign]


@contextmanager
def blog_sources_copied() -> Iterator[list[str]]:
    """The list-page sources Material's blog copies (not left from the last build) while inside."""
    from material.plugins.blog import plugin as blog_module

    copied: list[str] = []
    original = blog_module.copy_file

    def copy_file(source: str, destination: str) -> None:
        copied.append(destination)
        original(source, destination)

    blog_module.copy_file = copy_file
    try:
        yield copied
    finally:
        blog_module.copy_file = original


def test_every_edit_gives_the_clean_build(project: Path) -> None:
    content = project / "content"
    preview = project / "preview"
    # Every page the builder would leave as it was without making its context is checked: its
    # template's inputs, made the whole way, must be the last build's (or the build fails).
    builder = WatchedBuilder(project / "mkdocs.yml", preview, check_settled=True)
    builder.collector_enabled = []

    with blog_sources_copied() as copied:
        first = builder.build()
    assert first.error is None and first.full
    assert copied, "the sample's news lists have further pages, each a copy of the list's source"
    clean_start = assert_same_as_clean_build(project, preview, "start", keep=True)

    # Nothing changed: nothing rendered, nothing converted, no template compiled, no blog source
    # copied again, same site.
    with templates_compiled() as compiled, blog_sources_copied() as copied:
        again = builder.build()
    assert again.error is None and not again.full
    assert again.converted == 0 and again.rendered <= 1, vars(again)
    assert compiled == [] and copied == []
    assert builder.posts_made == 0  # every news post is a copy of the one the last build made
    assert differences(clean_start, preview) == [], "unchanged"  # the same files: the same clean build
    shutil.rmtree(clean_start)
    # The collector is paused while a rebuild runs (the server collects after serving), not in the
    # first, full build (its garbage held to the end costs memory), and back after.
    assert builder.collector_enabled == [True, False] and gc.isenabled()

    # A record's title: its page, the lists, calendars and the home page's upcoming events.
    event = content / "data/events/2025-chongyang-jinglao.yml"
    edit(event, "title: “我们的节日·重阳”敬老志愿服务", "title: 重阳敬老志愿服务（改）")
    report = builder.build()
    assert report.error is None and 0 < report.rendered < report.pages, vars(report)
    # Most pages are left as they were without their context made (the news lists too): not the
    # edited record's, nor the lists, calendars and home page showing it.
    assert report.pages // 2 < report.settled <= report.pages - report.rendered, vars(report)
    assert_same_as_clean_build(project, preview, "event-title")
    assert "重阳敬老志愿服务（改）" in (preview / "events/2025-chongyang-jinglao/index.html").read_text(encoding="utf-8")
    assert builder.posts_made == 0

    # Hostile text pasted into the same title: script in three spellings and a long paste. The
    # pages showing it are made again (none is left as it was with the old title), as a clean
    # build makes them, and no markup of it reaches them.
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>[点我](javascript:alert(3))" + "长" * 5000
    edit(event, "title: 重阳敬老志愿服务（改）", f"title: '{hostile}'")
    report = builder.build()
    assert report.error is None and report.rendered > 0, vars(report)
    assert_same_as_clean_build(project, preview, "event-title-hostile")
    from bs4 import BeautifulSoup

    shown = BeautifulSoup((preview / "events/2025-chongyang-jinglao/index.html").read_text(encoding="utf-8"), "html.parser")
    assert "长" * 100 in shown.get_text()  # shown as text
    assert not [tag for tag in shown.find_all("script") if "alert" in tag.get_text()]
    assert not shown.find_all(attrs={"onerror": True})
    assert not [tag for tag in shown.find_all(href=True) if str(tag["href"]).lower().startswith("javascript:")]
    edit(event, f"title: '{hostile}'", "title: 重阳敬老志愿服务（改）")
    assert builder.build().error is None

    # A news post's title and text: its page, the news lists, archive, categories, home, feeds.
    post = content / "news/posts/2025-11-laji-fenlei.md"
    # Script pasted into it (staff paste from WeChat and Word): made again, shown as text.
    edit(post, "# 垃圾分类从我做起 幸福里推行桶边督导", "# 垃圾分类从我做起（改）<script>alert(6)</script><img src=x onerror=alert(7)>")
    assert builder.build().error is None
    assert builder.posts_made == 1  # the edited post is made again, and only it
    assert_same_as_clean_build(project, preview, "post-title")
    news = [BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in (preview / "news").rglob("*.html")]
    assert any("垃圾分类从我做起（改）" in page.get_text() for page in news)
    assert not [tag for page in news for tag in page.find_all("script") if "alert" in tag.get_text()]
    assert not [tag for page in news for tag in page.find_all(attrs={"onerror": True})]

    # The same post dated earlier: it moves to the last page of the news lists, and every page
    # of them shows other posts than before. Then an author's name, shown with each of their
    # posts in the lists.
    edit(post, "date: 2025-11-18", "date: 2024-01-05")
    report = builder.build()
    assert report.error is None and report.rendered > 3, vars(report)
    assert builder.posts_made == 1
    assert_same_as_clean_build(project, preview, "post-moved")
    edit(content / "news/.authors.yml", "name: 幸福里社区居委会", "name: 幸福里社区居民委员会")
    assert builder.build().error is None
    assert_same_as_clean_build(project, preview, "author-renamed")

    # A 身边好人 nomination's summary, shown on its profile, the honour roll and the lists, with
    # script pasted into it: its nominee is made again, and only its (the others are the last
    # build's objects); no markup of the paste reaches a page.
    nomination = content / "data/nominations/chen-lixin.yml"
    pasted = "（改）<script>alert(4)</script><img src=x onerror=alert(5)>"
    edit(nomination, "被居民称为“家门口的好医生”。", f"被居民称为“家门口的好医生”{pasted}。")
    assert builder.build().error is None
    assert builder._nominees.made == 1
    assert_same_as_clean_build(project, preview, "nominee-edited")
    pages = [BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser") for path in (preview / "goodpeople").rglob("*.html")]
    shown_in = [page for page in pages if "家门口的好医生”（改）<script>alert(4)</script>" in page.get_text()]
    assert len(shown_in) >= 3, "the profile, the honour roll and the lists show the paste as text"
    assert not [tag for page in pages for tag in page.find_all("script") if "alert" in tag.get_text()]
    assert not [tag for page in pages for tag in page.find_all(attrs={"onerror": True})]

    # A new record (a 身边好人 nomination copied under a new name).
    source = content / "data/nominations/chen-lixin.yml"
    added = content / "data/nominations/chen-lixin-copy.yml"
    added.write_text(source.read_text(encoding="utf-8").replace("13906813570", "13906813571"), encoding="utf-8")
    assert builder.build().error is None
    assert_same_as_clean_build(project, preview, "record-added")

    # A record deleted: its page goes, and so does every link to it.
    event.unlink()
    report = builder.build()
    assert report.error is None and report.removed > 0
    assert not (preview / "events/2025-chongyang-jinglao").exists()
    assert_same_as_clean_build(project, preview, "record-deleted")

    # A post renamed: a new address, the old one gone.
    post.rename(post.with_name("2025-11-laji-fenlei-renamed.md"))
    assert builder.build().error is None
    assert_same_as_clean_build(project, preview, "post-renamed")

    # A page template edited: every page that uses it is rendered again.
    theme = project / "theme"
    shutil.copytree(REPO / "theme_overrides", theme)
    config_file = project / "mkdocs.yml"
    edit(config_file, str(REPO / "theme_overrides"), str(theme))
    assert builder.build().full  # mkdocs.yml changed: nothing is remembered
    edit(theme / "events/event.html", "« 返回全部活动</a></p>", "« 返回全部活动</a></p><p>模板已修改</p>")
    with templates_compiled() as compiled:
        report = builder.build()
    assert report.error is None and not report.full
    assert "events/event.html" in compiled  # its compiled code from before is not used
    assert_same_as_clean_build(project, preview, "template-edited")


def test_private_values_in_an_edit_are_caught_by_the_rebuild(project: Path) -> None:
    """Hostile: the rebuild renders only what changed, and the checks and the audit still apply."""
    builder = PreviewBuilder(project / "mkdocs.yml", project / "preview")
    assert builder.build().error is None

    # A nominee's phone typed into an event's public description: the record is refused with a
    # named, masked message, its page is not published, as in a clean build.
    event = project / "content/data/events/2025-chongyang-jinglao.yml"
    edit(event, "description: |\n", "description: |\n  联系电话 13906813570。\n")
    report = builder.build()
    assert report.error is None
    assert any("2025-chongyang-jinglao.yml" in line and "13*******70" in line for line in report.warnings)
    assert not any("13906813570" in line for line in report.warnings)
    assert_same_as_clean_build(project, project / "preview", "phone-in-record")

    # A nominee's private address pasted into a news post: the audit of the rebuilt pages fails
    # the rebuild, masked, as it fails a clean build.
    post = project / "content/news/posts/2025-11-laji-fenlei.md"
    edit(post, "垃圾分类是新时尚", "清河街道桂花苑5幢3单元402室的居民说，垃圾分类是新时尚")
    report = builder.build()
    assert report.error is not None and "隐私检查未通过" in report.error
    assert "桂花苑5幢3单元402室" not in report.error
    clean = run_build(project / "mkdocs.yml", site_dir=project / "clean")
    assert clean.error is not None and "隐私检查未通过" in clean.errors


def test_problems_of_the_edited_file_reach_the_preview_banner(project: Path) -> None:
    builder = PreviewBuilder(project / "mkdocs.yml", project / "preview")
    assert builder.build().error is None
    event = next((project / "content/data/events").glob("*.yml"))
    edit(event, "date: ", "date: 2025-13-45\nold_date: ")
    report = builder.build()
    edited = edited_names({str(event)}, project)  # as the server's observer notes it (next test)
    assert edited == [f"content/data/events/{event.name}"]
    lines = banner_lines(report, edited)
    assert lines and all(f"content/data/events/{event.name}" in line for line in lines)
    banner = banner_html(lines, edited).decode("utf-8")
    assert 'id="wenming-preview-problems"' in banner and "只在预览中显示" in banner
    assert "<script" not in banner_html(["<script>alert(1)</script>"], ["a<b>.yml"]).decode("utf-8")


def test_the_preview_rebuilds_on_changes_not_on_files_being_read(tmp_path: Path) -> None:
    """A rebuild reads the site's files; watchdog reports each as opened, and MkDocs' server would
    rebuild again for it (one spurious rebuild per edit, which the next edit waited for)."""
    import threading
    import time

    import watchdog.events

    from wenming.mkdocs.preview.server import ChangesObserver

    record = tmp_path / "content/data/events/zhongqiu.yml"
    record.parent.mkdir(parents=True)
    record.write_text("title: 中秋\n", encoding="utf-8")
    seen: list[str] = []
    arrived = threading.Event()

    def noted(event: watchdog.events.FileSystemEvent) -> None:
        seen.append(type(event).__name__)
        arrived.set()

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = noted  # type: ignore[method-assign]
    observer = ChangesObserver()
    observer.schedule(handler, str(tmp_path / "content"), recursive=True)
    observer.start()
    try:
        time.sleep(0.2)
        record.read_text(encoding="utf-8")
        record.stat()
        time.sleep(0.5)  # inotify delivers within milliseconds
        assert seen == []
        record.write_text("title: 中秋晚会\n", encoding="utf-8")
        assert arrived.wait(5)
        time.sleep(0.2)
        assert "FileModifiedEvent" in seen and "FileOpenedEvent" not in seen
        # The server names the edited file from what the observer noted, without walking the folder.
        assert edited_names(observer.take_changed(), tmp_path) == ["content/data/events/zhongqiu.yml"]
        assert observer.take_changed() == set()
    finally:
        observer.stop()
        observer.join()


def test_stale_files_are_removed_alike_from_the_audits_listing_or_a_listing_of_their_own(tmp_path: Path) -> None:
    import os
    import time

    from wenming.mkdocs.portal.outputs import files_with_stamps
    from wenming.mkdocs.preview.builder import _remove_stale

    def make(site: Path) -> int:
        for name in ["index.html", "events/a/index.html", "events/b/index.html", "events/2026/09/x/index.html",
                     "events/2026/09/y/index.html", "news/page/2/index.html", "search/terms/1.json"]:  # fmt: skip
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_text(name, encoding="utf-8")
        time.sleep(0.02)
        marker = site / ".marker"
        marker.write_bytes(b"")
        written_since = marker.stat().st_mtime_ns
        marker.unlink()
        # This build writes index.html and events/a again, keeps news/page/2 and the search file.
        for name in ["index.html", "events/a/index.html"]:
            (site / name).write_text(name + " again", encoding="utf-8")
        return written_since

    left = {}
    for how in ("listing", "own"):
        site = tmp_path / how
        written_since = make(site)
        kept = {os.path.normpath(site / "news/page/2/index.html"), os.path.normpath(site / "search/terms/1.json")}
        listing = files_with_stamps(str(site)) if how == "listing" else None
        assert _remove_stale(site, written_since, kept, listing) == 3
        left[how] = sorted(str(path.relative_to(site)) for path in site.rglob("*"))
    assert left["listing"] == left["own"]
    assert "events/2026" not in left["listing"] and "events/b" not in left["listing"]
    assert "events/a/index.html" in left["listing"] and "news/page/2/index.html" in left["listing"]


def test_page_addresses_remembered_equal_mkdocs_own(tmp_path: Path) -> None:
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    from wenming.mkdocs.preview.builder import _remembered_page_addresses

    def addresses(files: list[File], base: str) -> list[tuple[str | None, str | None]]:
        found = []
        for file in files:
            page = Page.__new__(Page)
            page.file = file
            Page._set_canonical_url(page, base)
            found.append((page.canonical_url, page.abs_url))
        return found

    names = ["index.md", "events/2026-zhongqiu.md", "news/posts/中秋 晚会.md", "a/b/c.md", "goodpeople/rolls/2026-Q3/page/3.md"]
    for base in ["https://wenming.example.org.cn/", "https://wenming.example.org.cn/sub", "http://127.0.0.1:8000/x/y/", ""]:
        for urls in (True, False):
            files = [File(name, str(tmp_path), str(tmp_path / "site"), use_directory_urls=urls) for name in names]
            expected = addresses(files, base)
            with _remembered_page_addresses():
                for _round in range(2):  # the second round is answered from memory
                    assert addresses(files, base) == expected, (base, urls)


def test_a_page_context_handler_that_cannot_say_what_it_adds_sends_every_page_the_whole_way(project: Path) -> None:
    """A hook (or another plugin) whose on_page_context reads something the builder cannot see —
    here a file outside the site — leaves no page to be kept without making its context."""
    (project / "mark.txt").write_text("第一版", encoding="utf-8")
    (project / "hook.py").write_text(
        "from pathlib import Path\n"
        "def on_page_context(context, page, config, nav):\n"
        "    if page.file.src_uri == 'events/2025-chongyang-jinglao.md':\n"
        "        page.meta['title'] = (Path(config.config_file_path).parent / 'mark.txt').read_text(encoding='utf-8')\n"
        "    return context\n",
        encoding="utf-8",
    )
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["hooks"] = [str(project / "hook.py")]
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    preview = project / "preview"
    builder = PreviewBuilder(config_file, preview)
    assert builder.build().error is None
    page = preview / "events/2025-chongyang-jinglao/index.html"
    assert "<title>第一版" in page.read_text(encoding="utf-8")

    (project / "mark.txt").write_text("第二版", encoding="utf-8")
    report = builder.build()
    assert report.error is None and report.settled == 0 and report.rendered >= 1, vars(report)
    assert "<title>第二版" in page.read_text(encoding="utf-8")
    assert_same_as_clean_build(project, preview, "hook")


def test_the_preview_server_collects_a_rebuilds_garbage_after_serving_it_young_and_never_during_a_build(project: Path) -> None:
    """wenming serve: no collection runs during a rebuild; its garbage is collected when the server
    asks (a moment after serving it), from the young generations only (the objects every build
    keeps are not walked again), fully every FULL_COLLECTION_EVERY rebuilds; the collector is off
    until then, and a rebuild started before the server asked collects first."""
    import gc

    from wenming.mkdocs.preview.builder import FULL_COLLECTION_EVERY

    collections: list[int] = []

    def count(phase: str, info: dict) -> None:
        if phase == "start":
            collections.append(info["generation"])

    builder = PreviewBuilder(project / "mkdocs.yml", project / "preview", collect_later=True)
    event = project / "content/data/events/2025-chongyang-jinglao.yml"
    enabled = gc.isenabled()
    gc.callbacks.append(count)
    try:
        assert builder.build().error is None
        builder.collect_garbage()
        assert gc.isenabled() and collections[-1] == 2  # the full build's garbage: all of it
        for number in range(FULL_COLLECTION_EVERY + 1):
            edit(event, "title: ", f"title: 第{number}次")
            collections.clear()
            assert builder.build().error is None
            assert collections == [] and not gc.isenabled()  # none during the rebuild, none yet after it
            builder.collect_garbage()
            builder.collect_garbage()  # once is enough
            assert gc.isenabled()
            assert collections == ([2] if number == FULL_COLLECTION_EVERY else [1])
            # The young collection found every page of the rebuild: nothing the builder keeps, no
            # plugin MkDocs keeps, no settings option holds one (it would be left to a full one).
            assert not [item for item in gc.get_objects() if isinstance(item, Page) and _under(item, project)]
        # An edit before the server asked: the next rebuild collects the last one's garbage first.
        edit(event, "title: ", "title: 又改了")
        builder.build()
        collections.clear()
        edit(event, "title: ", "title: 再改")
        builder.build()
        assert collections == [1] and not gc.isenabled()
        builder.collect_garbage()
    finally:
        gc.callbacks.remove(count)
        if enabled:
            gc.enable()
    assert_same_as_clean_build(project, project / "preview", "collected")


def test_the_incremental_audit_audits_again_when_a_private_or_a_public_value_changes(tmp_path: Path) -> None:
    """The preview's audit keeps each unchanged file's result, and the last registry (its patterns
    made) while the values are the same; a name that becomes a published value (a team leader's)
    is no longer a leak, and a new private value is found in files audited before."""
    from wenming.core.privacy import SecretRegistry
    from wenming.mkdocs.preview.builder import IncrementalAudit

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("<p>志愿者王芳芳带队，电话 13905710001。</p>", encoding="utf-8")
    (site / "other.html").write_text("<p>社区新闻</p>", encoding="utf-8")

    def registry(public: bool = False, phone: bool = False) -> SecretRegistry:
        secrets = SecretRegistry()
        secrets.add_private({"nominator": "王芳芳"}, "content/data/nominations/a.yml")
        if phone:
            secrets.add_private({"phone": "13905710001"}, "content/data/nominations/b.yml")
        if public:
            secrets.add_public(["王芳芳"])
        return secrets

    audit = IncrementalAudit()
    assert [leak.secret.value for leak in audit(site, registry())] == ["王芳芳"]
    assert audit.audited == 2
    assert [leak.secret.value for leak in audit(site, registry())] == ["王芳芳"]  # kept, equal values
    assert audit.audited == 0
    assert audit(site, registry(public=True)) == []  # the name is published now
    assert audit.audited == 2
    found = sorted(leak.secret.value for leak in audit(site, registry(public=True, phone=True)))
    assert found == ["13905710001"]


def _under(page: Page, folder: Path) -> bool:
    """Whether ``page`` is one of ``folder``'s (other tests' pages may be alive in this process)."""
    source = getattr(getattr(page, "file", None), "abs_src_path", None)
    return isinstance(source, str) and source.startswith(str(folder))


def test_wenming_serve_shows_an_edit_and_the_problem_of_a_bad_one(project: Path) -> None:
    """``wenming serve`` as staff run it, on 127.0.0.1: the sample is served; an event's title is
    edited and the page shows it; then the record is broken (script pasted into a date) and
    every page carries the preview banner naming the file, with the paste as text; the site
    folder never holds the banner."""
    import html as html_module
    import os
    import signal
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request

    from tests.test_deploy import free_port

    port = free_port()
    served = project / "served"
    wenming = Path(sys.executable).parent / "wenming"
    log = open(project / "serve.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(wenming), "serve", "-f", str(project / "mkdocs.yml"), "-a", f"127.0.0.1:{port}", "-d", str(served)],
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip

    def page(path: str) -> str:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=30) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError):
            return ""

    def until(path: str, shown: Callable[[str], bool], limit: float = 120) -> str:
        started = time.monotonic()
        while time.monotonic() - started < limit:
            body = page(path)
            if shown(body):
                return body
            assert server.poll() is None, (project / "serve.log").read_text(encoding="utf-8")
            time.sleep(0.3)
        raise AssertionError(f"{path} did not show the change in {limit} s:\n" + (project / "serve.log").read_text(encoding="utf-8"))

    event = project / "content/data/events/2025-chongyang-jinglao.yml"
    try:
        until("events/2025-chongyang-jinglao/", lambda body: "“我们的节日·重阳”敬老志愿服务" in body)
        edit(event, "title: “我们的节日·重阳”敬老志愿服务", "title: 重阳敬老（预览测试）")
        until("events/2025-chongyang-jinglao/", lambda body: "重阳敬老（预览测试）" in body)
        text = event.read_text(encoding="utf-8")
        date = next(line for line in text.splitlines() if line.startswith("date: "))
        edit(event, date, "date: '<script>alert(1)</script>'")
        home = until("", lambda body: "wenming-preview-problems" in body)
        banner = home[home.index('id="wenming-preview-problems"') :]
        assert "content/data/events/2025-chongyang-jinglao.yml" in banner and "date" in banner
        assert "<script>alert(1)</script>" not in banner and html_module.escape("<script>alert(1)</script>") in banner
        assert not [path for path in served.rglob("*.html") if "wenming-preview-problems" in path.read_text(encoding="utf-8")]
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
