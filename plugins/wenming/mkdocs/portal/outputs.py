"""What the build wrote to ``site/``, made fit to publish before the privacy audit reads it.

- Uploads (the CMS's media folder) that no published page refers to are removed: a pending or
  rejected submission's photos stay unpublished with it.
- Images lose their EXIF, XMP, IPTC and comments (core/images.py); an image too large to decode
  safely, or not an image at all, is removed with a warning.
- Office documents are audited from their XML (core/documents.py); PDFs and older formats that
  cannot be read reliably are removed with a warning.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from wenming.core.documents import (
    AUDITED_SUFFIXES,
    REFUSED_SUFFIXES,
    DocumentRefused,
    audit_document,
    refusal,
)
from wenming.core.images import (
    IMAGE_SUFFIXES,
    REFUSED_IMAGE_SUFFIXES,
    ImageRefused,
    clean_image,
    refused_format,
)
from wenming.core.privacy import Leak, SecretRegistry

_TEXT_SUFFIXES = (".html", ".xml", ".json", ".css", ".js", ".txt", ".webmanifest")


@dataclass
class OutputReport:
    warnings: list[str] = field(default_factory=list)
    leaks: list[Leak] = field(default_factory=list)
    uploads_published: int = 0
    uploads_withheld: int = 0
    images_checked: int = 0
    images_cleaned: int = 0
    documents_audited: int = 0
    touched: list[str] = field(default_factory=list)  # files removed, or checked (and perhaps rewritten)

    def summary(self) -> str:
        return (
            f"发布文件检查：上传文件发布 {self.uploads_published} 个、未被已发布页面引用而不发布 {self.uploads_withheld} 个；"
            f"图片 {self.images_checked} 张，清除元数据（EXIF/GPS/XMP 等）{self.images_cleaned} 张；"
            f"Office 文档检查 {self.documents_audited} 个"
        )


def files_with_stamps(folder: str) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` (links not followed) with its size and modification time, in
    os.walk's order with names sorted. Paths are strings: a site has thousands of files, and at
    10,000 records each walk of its 10,000 folders cost 0.15 s: the build walks it once, here,
    for the checks below and the privacy audit."""
    found: dict[str, tuple[int, int]] = {}
    folders = []
    with os.scandir(folder) as entries:
        for entry in sorted(entries, key=lambda entry: entry.name):
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry.path)
            else:
                stat = entry.stat(follow_symlinks=False)
                found[entry.path] = (stat.st_size, stat.st_mtime_ns)
    for path in folders:
        found.update(files_with_stamps(path))
    return found


def stamp(path: str) -> tuple[int, int] | None:
    """``path``'s size and modification time, or None if it is gone."""
    try:
        stat = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


def _suffix(path: str) -> str:
    return os.path.splitext(path)[1].lower()


def withhold_unreferenced_uploads(site_dir: Path, uploads_dir: str, paths: list[str], report: OutputReport) -> list[str]:
    """Remove uploads no page refers to; the files left in ``site_dir``."""
    prefix = uploads_dir.strip("/") + "/"
    root = str(site_dir).rstrip(os.sep) + os.sep
    upload_root = root + prefix.replace("/", os.sep)
    uploads = {path: path[len(root) :].replace(os.sep, "/") for path in paths if path.startswith(upload_root)}
    if not uploads:
        return paths
    reference = re.compile(re.escape(prefix) + r"""([^\s"'<>()?#\\]+)""")
    referenced: set[str] = set()
    for path in paths:
        if _suffix(path) in _TEXT_SUFFIXES and not path.startswith(upload_root):
            text = Path(path).read_text(encoding="utf-8", errors="replace")
            if prefix in text:  # the folder's name is ASCII: it is written as it is in every link
                referenced.update(prefix + unquote(name) for name in reference.findall(text))
    kept = []
    for path in paths:
        name = uploads.get(path)  # its name as pages link it, for an upload
        if name is not None and name not in referenced:
            os.unlink(path)
            report.touched.append(path)
            report.uploads_withheld += 1
        else:
            report.uploads_published += name is not None
            kept.append(path)
    return kept


def prepare_outputs(
    site_dir: Path, uploads_dir: str, secrets: SecretRegistry, image_cache: Path | None = None,
    listing: dict[str, tuple[int, int]] | None = None,
) -> OutputReport:
    """``listing`` is :func:`files_with_stamps` of ``site_dir``, made here if not given; the
    files this removes or rewrites get their new stamp in it, or leave it."""
    report = OutputReport()
    if listing is None:
        listing = files_with_stamps(str(site_dir))
    try:
        _prepare(site_dir, uploads_dir, secrets, image_cache, list(listing), report)
    finally:
        for path in report.touched:
            new = stamp(path)
            if new is None:
                listing.pop(path, None)
            else:
                listing[path] = new
    return report


def _prepare(
    site_dir: Path, uploads_dir: str, secrets: SecretRegistry, image_cache: Path | None, paths: list[str], report: OutputReport
) -> None:
    paths = withhold_unreferenced_uploads(site_dir, uploads_dir, paths, report)
    checked = frozenset((*IMAGE_SUFFIXES, *AUDITED_SUFFIXES, *REFUSED_SUFFIXES, *REFUSED_IMAGE_SUFFIXES))
    for name in paths:
        suffix = _suffix(name)
        if suffix not in checked:  # pages, styles, scripts: audited with the site (privacy.audit_site)
            continue
        path = Path(name)
        shown = path.relative_to(site_dir).as_posix()
        report.touched.append(name)  # removed or rewritten, perhaps: stamped again
        try:
            if suffix in IMAGE_SUFFIXES:
                report.images_checked += 1
                report.images_cleaned += clean_image(path, shown, image_cache).cleaned
            elif suffix in AUDITED_SUFFIXES:
                report.documents_audited += 1
                report.leaks.extend(audit_document(path, shown, secrets))
            elif suffix in REFUSED_SUFFIXES:
                path.unlink()
                report.warnings.append(refusal(shown))
            elif suffix in REFUSED_IMAGE_SUFFIXES:
                path.unlink()
                report.warnings.append(refused_format(shown))
        except (ImageRefused, DocumentRefused) as refused:
            path.unlink(missing_ok=True)
            report.warnings.append(str(refused))
