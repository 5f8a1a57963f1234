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

    def summary(self) -> str:
        return (
            f"发布文件检查：上传文件发布 {self.uploads_published} 个、未被已发布页面引用而不发布 {self.uploads_withheld} 个；"
            f"图片 {self.images_checked} 张，清除元数据（EXIF/GPS/XMP 等）{self.images_cleaned} 张；"
            f"Office 文档检查 {self.documents_audited} 个"
        )


def site_files(site_dir: Path) -> list[str]:
    """Every regular file under ``site_dir`` (links are not followed), as paths in strings: a
    site has thousands of files and most need no more than their name."""
    found: list[str] = []
    for current, dirs, files in os.walk(site_dir):
        dirs.sort()
        found.extend(os.path.join(current, name) for name in sorted(files))
    return found


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
            report.uploads_withheld += 1
        else:
            report.uploads_published += name is not None
            kept.append(path)
    return kept


def prepare_outputs(
    site_dir: Path, uploads_dir: str, secrets: SecretRegistry, image_cache: Path | None = None
) -> OutputReport:
    report = OutputReport()
    paths = withhold_unreferenced_uploads(site_dir, uploads_dir, site_files(site_dir), report)
    checked = frozenset((*IMAGE_SUFFIXES, *AUDITED_SUFFIXES, *REFUSED_SUFFIXES, *REFUSED_IMAGE_SUFFIXES))
    for name in paths:
        suffix = _suffix(name)
        if suffix not in checked:  # pages, styles, scripts: audited with the site (privacy.audit_site)
            continue
        path = Path(name)
        shown = path.relative_to(site_dir).as_posix()
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
    return report
