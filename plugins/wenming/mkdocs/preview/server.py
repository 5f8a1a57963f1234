"""``wenming serve``: the preview server for office staff, rebuilding with :class:`PreviewBuilder`.

MkDocs' live-reload server (its file watching, its waiting so that no half-built page is served,
its browser reload) with two changes: each rebuild is the preview builder's, and every HTML page
it serves carries a banner with the problems of the files just edited (and the build's error, if
any). The banner is added while serving, never written into the site folder, which stays equal
to a clean ``mkdocs build``.
"""

from __future__ import annotations

import html
import logging
import os
import threading
from pathlib import Path
from typing import Any

import watchdog.events
import watchdog.observers
from mkdocs.livereload import LiveReloadServer

from .builder import BuildReport, PreviewBuilder

log = logging.getLogger("mkdocs.plugins.wenming.preview")

# After a rebuild is served, the garbage of the build before it is collected: long enough for the
# browser's reload to be answered first, short against the time staff take to make the next edit.
COLLECT_AFTER_SECONDS = 1.0

_BANNER_STYLE = (
    "position:fixed;left:0;right:0;bottom:0;z-index:1000;max-height:40vh;overflow:auto;margin:0;"
    "padding:.8em 1.2em;background:#fff3cd;color:#3b2a00;border-top:3px solid #b8860b;"
    "font:16px/1.5 system-ui,sans-serif"
)


def edited_names(paths: set[str], root: Path) -> list[str]:
    """The files changed (added, written, deleted or moved), relative to ``root`` as problems name them."""
    return sorted(Path(os.path.relpath(path, root)).as_posix() for path in paths)


def banner_lines(report: BuildReport, edited: list[str]) -> list[str]:
    """What the preview shows: the build's error, and the problems naming an edited file."""
    lines = [f"网站生成失败：{report.error}"] if report.error else []
    lines += [warning for warning in report.warnings if any(name in warning for name in edited)]
    return lines


def banner_html(lines: list[str], edited: list[str]) -> bytes:
    if not lines:
        return b""
    items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
    where = html.escape("、".join(edited)) or "网站"
    return (
        f'<aside id="wenming-preview-problems" role="alert" style="{_BANNER_STYLE}">'
        f"<strong>预览提示（只在预览中显示）：{where} 有 {len(lines)} 个问题</strong>"
        f'<ul style="margin:.3em 0 0 1.2em;padding:0">{items}</ul></aside>'
    ).encode()


# What a change to a watched file or folder is. watchdog also reports a file opened for reading,
# and MkDocs' server rebuilds on any event: each rebuild, reading the site's files, asked for
# another (19 rebuilds for 12 edits at 2,000 records, an edit waiting for the spurious one).
CHANGE_EVENTS: list[type[watchdog.events.FileSystemEvent]] = [
    watchdog.events.FileCreatedEvent, watchdog.events.FileModifiedEvent, watchdog.events.FileDeletedEvent,
    watchdog.events.FileMovedEvent, watchdog.events.FileClosedEvent, watchdog.events.DirCreatedEvent,
    watchdog.events.DirModifiedEvent, watchdog.events.DirDeletedEvent, watchdog.events.DirMovedEvent,
]  # fmt: skip


class ChangesObserver(watchdog.observers.Observer):  # type: ignore[misc,valid-type]
    """watchdog's observer passing on changes only (CHANGE_EVENTS), not a file being read, and
    noting the files changed, so that the server need not walk the watched folders to find them
    (13,000 files statted per rebuild at 10,000 records)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()

    def schedule(self, event_handler: Any, path: str, *, recursive: bool = False, event_filter: Any = None) -> Any:
        handle = event_handler.on_any_event

        def noting(event: watchdog.events.FileSystemEvent) -> None:
            if not event.is_directory:
                with self._changed_lock:
                    self._changed.update(os.fsdecode(name) for name in (event.src_path, getattr(event, "dest_path", "")) if name)
            handle(event)

        event_handler.on_any_event = noting
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGE_EVENTS)

    def take_changed(self) -> set[str]:
        """The files changed since the last call."""
        with self._changed_lock:
            changed, self._changed = self._changed, set()
        return changed


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that rebuilds with the preview builder and shows problems."""

    def __init__(self, builder: PreviewBuilder, watched: list[Path], project_root: Path, **kwargs: Any) -> None:
        self.preview = builder
        self.project_root = project_root
        self.last_report = BuildReport()
        self.banner = b""
        super().__init__(builder=self.rebuild, **kwargs)
        # Notified by the operating system (inotify) instead of statting every file twice a second.
        self.observer = ChangesObserver()
        for path in watched:
            self.watch(str(path))

    def rebuild(self) -> None:
        edited = edited_names(self.observer.take_changed(), self.project_root)
        report = self.preview.build()
        self.last_report = report
        lines = banner_lines(report, edited)
        self.banner = banner_html(lines, edited)
        log.info(
            f"预览已更新：{report.seconds:.2f} 秒（CPU {report.cpu_seconds:.2f} 秒），"
            f"{report.pages} 个页面中重新生成 {report.rendered} 个" + (f"；改动：{'、'.join(edited)}" if edited else "")
        )
        for line in lines:
            log.warning(line)
        collector = threading.Timer(COLLECT_AFTER_SECONDS, self.preview.collect_garbage)
        collector.daemon = True
        collector.start()
        if report.error:
            raise RuntimeError(report.error)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        content = super()._inject_js_into_html(content, epoch)
        if not self.banner:
            return content
        at = content.rfind(b"</body>")
        at = len(content) if at < 0 else at
        return content[:at] + self.banner + content[at:]
