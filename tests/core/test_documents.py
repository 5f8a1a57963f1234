"""Office documents are read like pages: text, cells and properties; broken or oversized ones are refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from wenming.core.documents import MAX_XML_BYTES, DocumentRefused, audit_document, document_text
from wenming.core.privacy import SecretRegistry


def archive(parts: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as written:
        for name, text in parts.items():
            written.writestr(name, text)
    return out.getvalue()


XLSX = {
    "xl/sharedStrings.xml": "<sst><si><t>队长</t></si><si><t>幸福里小区12幢</t></si></sst>",
    "xl/worksheets/sheet1.xml": '<worksheet><sheetData><row><c t="s"><v>0</v></c><c><v>13912345678</v></c></row>'
    '<row><c><v>20261123</v></c><c><v>057188886001</v></c></row></sheetData></worksheet>',
    "docProps/core.xml": "<cp:coreProperties><dc:creator>社区文明办</dc:creator></cp:coreProperties>",
}


def test_a_spreadsheet_with_a_mobile_in_a_number_cell_and_a_private_address_is_a_leak(tmp_path):
    path = tmp_path / "名册.xlsx"
    path.write_bytes(archive(XLSX))
    secrets = SecretRegistry()
    secrets.add_private({"address": "幸福里小区12幢"}, "content/data/teams/x.yml")
    leaks = [str(leak) for leak in audit_document(path, "files/名册.xlsx", secrets)]
    assert leaks == [
        "files/名册.xlsx 含有 content/data/teams/x.yml (private.address) 的隐私内容 幸福****2幢",
        "files/名册.xlsx 含有 files/名册.xlsx (手机号) 的隐私内容 13*******78",
    ]


def test_cells_stay_apart_so_a_date_and_a_landline_make_no_number(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(archive({"xl/worksheets/sheet1.xml": XLSX["xl/worksheets/sheet1.xml"].replace("13912345678", "32")}))
    assert audit_document(path, "a.xlsx", SecretRegistry()) == []
    assert document_text(path, "a.xlsx").split() == ["0", "32", "20261123", "057188886001"]  # 0: a shared string index


def test_a_file_that_is_not_a_document_or_inflates_too_much_is_refused(tmp_path):
    fake = tmp_path / "fake.docx"
    fake.write_bytes(b"13912345678")
    with pytest.raises(DocumentRefused, match=r"^fake.docx：无法作为 Office 文档读取（BadZipFile），不发布$"):
        document_text(fake, "fake.docx")
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(archive({"word/document.xml": "<w:t>" + "0" * (MAX_XML_BYTES + 1) + "</w:t>"}))
    assert bomb.stat().st_size < 200_000
    with pytest.raises(DocumentRefused, match=r"^bomb.docx：文档解压后超过 50 MB，可能是恶意文件，不发布$"):
        document_text(bomb, "bomb.docx")
