"""Office documents under ``content/``: audited like pages, or not published.

DOCX, XLSX and PPTX (and the OpenDocument formats) are zip archives of XML: their text, their
comments, headers and footers, and their properties (``docProps/core.xml``: author, last
modified by, title, company) are read and audited like the text of a page. Anything else that
Word, Excel or a scanner makes (PDF, the old .doc/.xls/.ppt, WPS, RTF) cannot be read reliably
(a scanned PDF is a picture; fonts may hide the text), so it is not published: the office puts
the content on a page instead, where the audit can read it.
"""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path

from .privacy import Leak, Secret, SecretRegistry, find_personal_numbers

AUDITED_SUFFIXES = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
REFUSED_SUFFIXES = (".pdf", ".doc", ".xls", ".ppt", ".wps", ".et", ".dps", ".rtf", ".ofd")
MAX_XML_BYTES = 50_000_000  # uncompressed, all parts together: a zip bomb stops here
_TAG = re.compile(r"<[^<>]*>")
# Paragraph, cell and line ends: text on either side stays apart (a name in one cell and a
# number in the next are two values, as a reader sees them).
_BREAKS = re.compile(r"</(?:w:p|a:p|text:p|text:h|si|c|row|w:tc)>|<(?:w:br|w:tab|text:tab|text:line-break)\b[^>]*/?>")


class DocumentRefused(Exception):
    """The document is not published; the message says why, in Chinese."""


def document_text(path: Path, shown: str) -> str:
    """All the text a reader of the document (or of its properties) can see, as one string."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [info for info in archive.infolist() if info.filename.endswith((".xml", ".rels")) or info.filename == "content.xml"]
            if sum(info.file_size for info in parts) > MAX_XML_BYTES:
                raise DocumentRefused(f"{shown}：文档解压后超过 {MAX_XML_BYTES // 1_000_000} MB，可能是恶意文件，不发布")
            texts = []
            for info in parts:
                if info.filename.endswith(".rels"):
                    continue  # links between the parts, no text
                xml = archive.read(info).decode("utf-8", errors="replace")
                texts.append(html.unescape(_TAG.sub("", _BREAKS.sub("\n", xml))))
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise DocumentRefused(f"{shown}：无法作为 Office 文档读取（{type(error).__name__}），不发布") from None
    return "\n".join(texts)


def refusal(shown: str) -> str:
    suffix = Path(shown).suffix.lower()
    return (
        f"{shown}：{suffix[1:].upper()} 文件无法可靠检查其中的个人信息（扫描件是图片，文字也可能无法提取），不发布；"
        "请把内容写成网页（Markdown），或另存为 DOCX/XLSX 后放入"
    )


def audit_document(path: Path, shown: str, secrets: SecretRegistry) -> list[Leak]:
    """The private values and unmasked personal numbers in an Office document's text and properties.

    Raises :class:`DocumentRefused` when the file cannot be read as one.
    """
    text = document_text(path, shown)
    leaks = [Leak(shown, secret) for secret in secrets.find_in(text)]
    known = {leak.secret.value for leak in leaks}
    for number in find_personal_numbers(text):
        if number.digits not in known:
            known.add(number.digits)
            leaks.append(Leak(shown, Secret(number.digits, f"{shown} ({number.kind})")))
    return leaks
