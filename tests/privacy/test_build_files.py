"""Files copied to the site: photo metadata, unreferenced uploads, Office documents and PDFs.

Hostile cases first: a nominee photo carrying GPS and a phone number in EXIF ``Artist``, an
image that is a decompression bomb, uploads only a rejected submission refers to, a DOCX with a
phone number in its text and a private name as its author, a PDF.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from PIL import Image, ImageDraw

from tests.goodpeople.conftest import nomination
from tests.goodpeople.conftest import plugins as goodpeople_plugins
from tests.submissions.test_publish import config as submissions_config
from tests.submissions.test_publish import site_files, submission

PHOTO = "assets/goodpeople/wang-xiulan.jpg"


def phone_photo() -> bytes:
    """A 60x40 JPEG, left half red, as a phone writes it: held sideways (EXIF orientation 6),
    with its GPS position, the owner's phone number as Artist, an XMP packet and a comment."""
    image = Image.new("RGB", (60, 40), "white")
    ImageDraw.Draw(image).rectangle((0, 0, 29, 39), fill="red")
    exif = Image.Exif()
    exif[0x013B] = "王秀兰 13912345678"  # Artist
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (30.0, 16.0, 12.5), 3: "E", 4: (120.0, 9.0, 5.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, xmp=b"<x:xmpmeta>13912345678</x:xmpmeta>", comment=b"13912345678")
    return out.getvalue()


def test_a_nominee_photo_is_published_without_exif_gps_or_xmp_and_stands_up(make_site):
    photo = phone_photo()
    assert b"13912345678" in photo and Image.open(io.BytesIO(photo)).getexif().get_ifd(0x8825)
    built = make_site(
        {"content/data/nominations/wang-xiulan.yml": nomination(photo=PHOTO), f"content/{PHOTO}": photo},
        strict=True,
        plugins=goodpeople_plugins(),
    )
    assert built.error is None, built.warnings
    published = (built.site / PHOTO).read_bytes()
    assert b"13912345678" not in published and b"Exif" not in published and b"xmpmeta" not in published
    with Image.open(built.site / PHOTO) as image:
        assert image.format == "JPEG"
        assert not image.getexif() and "xmp" not in image.info and "comment" not in image.info
        assert image.size == (40, 60)  # turned as the orientation said, then the tag dropped
        assert image.getpixel((20, 5))[0] > 200 > image.getpixel((20, 5))[1]  # red on top
        assert image.getpixel((20, 55)) > (240, 240, 240)  # white below
    assert any("图片 " in info and "清除元数据（EXIF/GPS/XMP 等）1 张" in info for info in built.infos)


def bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def test_a_decompression_bomb_and_a_file_that_is_not_an_image_are_not_published(make_site):
    built = make_site(
        {
            "content/assets/big.png": bomb_png(8_000, 8_000),
            "content/assets/huge.png": bomb_png(50_000, 50_000),
            "content/assets/fake.jpg": b"13912345678 not a jpeg",
            "content/assets/iphone.heic": b"\x00\x00\x00\x18ftypheic GPS 13912345678",
        }
    )
    assert "assets/iphone.heic" not in built.outputs()
    assert "wenming: assets/iphone.heic：HEIC 格式的照片可能带有拍摄位置等信息，且多数浏览器无法显示，不发布；请另存为 JPEG 或 PNG 后放入" in built.warnings
    assert not {"assets/big.png", "assets/huge.png", "assets/fake.jpg"} & set(built.outputs())
    assert "wenming: assets/big.png：图片 8000×8000 像素，超过上限 4000 万像素，可能是恶意文件（解压炸弹），不发布；请缩小后再放入" in built.warnings
    assert "wenming: assets/huge.png：图片像素过多，超过上限 4000 万像素，可能是恶意文件（解压炸弹），不发布；请缩小后再放入" in built.warnings
    assert "wenming: assets/fake.jpg：无法作为图片读取（UnidentifiedImageError），不发布；请用看图软件另存为 JPEG 或 PNG" in built.warnings


def test_images_without_metadata_are_left_byte_for_byte(make_site):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    built = make_site({"content/assets/plain.png": out.getvalue()}, strict=True)
    assert built.error is None, built.warnings
    assert (built.site / "assets/plain.png").read_bytes() == out.getvalue()


def jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(out, "JPEG")
    return out.getvalue()


def test_uploads_are_published_only_when_a_published_page_refers_to_them(make_site):
    image = "\n\n![照片](../assets/uploads/{name})\n"
    files = site_files(
        ok=submission("志愿者冬至送温暖", "approved", body=submission.__defaults__[0] + image.format(name="approved.jpg")),
        no=submission("退回的稿件", "rejected", body=submission.__defaults__[0] + image.format(name="rejected.jpg")),
        wait=submission("待审的稿件", "pending", body=submission.__defaults__[0] + image.format(name="pending%20photo.jpg")),
    )
    files.update({f"content/assets/uploads/{name}": jpeg() for name in ("approved.jpg", "rejected.jpg", "pending photo.jpg", "staff.jpg", "nobody.jpg")})
    files["content/about.md"] = "# 关于\n\n![活动](assets/uploads/staff.jpg)\n"
    built = make_site(files, strict=True, **submissions_config())
    assert built.error is None, built.warnings
    assert [path for path in built.outputs() if path.startswith("assets/uploads/")] == [
        "assets/uploads/approved.jpg",
        "assets/uploads/staff.jpg",
    ]
    assert any("上传文件发布 2 个、未被已发布页面引用而不发布 3 个" in info for info in built.infos), built.infos


def docx(text: str, author: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="w"><w:body>'
            + "".join(f"<w:p><w:r><w:t>{part}</w:t></w:r></w:p>" for part in text.split("\n"))
            + "</w:body></w:document>",
        )
        archive.writestr(
            "docProps/core.xml",
            f'<?xml version="1.0"?><cp:coreProperties xmlns:cp="cp" xmlns:dc="dc"><dc:creator>{author}</dc:creator>'
            f"<cp:lastModifiedBy>{author}</cp:lastModifiedBy></cp:coreProperties>",
        )
    return out.getvalue()


NOMINATION = nomination(private={"nominator": "卞建国", "nominator_phone": "13700001111"})


def test_a_docx_with_a_phone_in_its_text_and_a_private_name_as_author_fails_the_build(make_site):
    built = make_site(
        {
            "content/data/nominations/wang-xiulan.yml": NOMINATION,
            "content/files/notice.docx": docx("推荐表\n联系电话：139 1234 5678\n推荐人电话 137-0000-1111", "卞建国"),
        },
        plugins=goodpeople_plugins(),
    )
    assert built.error is not None
    assert "files/notice.docx 含有 content/data/nominations/wang-xiulan.yml (private.nominator) 的隐私内容 卞**" in built.errors
    assert "files/notice.docx 含有 content/data/nominations/wang-xiulan.yml (private.nominator_phone) 的隐私内容 13*******11" in built.errors
    assert "files/notice.docx 含有 files/notice.docx (手机号) 的隐私内容 13*******78" in built.errors


def test_a_clean_docx_is_published_and_a_pdf_is_refused(make_site):
    built = make_site(
        {
            "content/data/nominations/wang-xiulan.yml": NOMINATION,
            "content/files/notice.docx": docx("通知\n活动时间 2026-11-23 12:00，咨询电话 0571-8888 6001", "社区文明办"),
            "content/files/scan.pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n",
        },
        plugins=goodpeople_plugins(),
    )
    assert built.error is None, built.errors
    assert "files/notice.docx" in built.outputs() and "files/scan.pdf" not in built.outputs()
    assert (
        "wenming: files/scan.pdf：PDF 文件无法可靠检查其中的个人信息（扫描件是图片，文字也可能无法提取），不发布；"
        "请把内容写成网页（Markdown），或另存为 DOCX/XLSX 后放入"
    ) in built.warnings
    assert any("Office 文档检查 1 个" in info for info in built.infos)


def test_the_listing_handed_on_to_the_audit_follows_every_file_the_checks_removed_or_rewrote(tmp_path):
    """The build walks the site once: ``prepare_outputs`` brings the listing up to date with what
    it removed (an unreferenced upload, a decompression bomb, a PDF) and rewrote (a photo without
    its EXIF), so the audit after it never takes a rewritten file for the one it audited before."""
    import os
    import time

    from wenming.core.privacy import SecretRegistry
    from wenming.mkdocs.portal.outputs import files_with_stamps, prepare_outputs

    site = tmp_path / "site"
    for name, data in {
        "index.html": b'<img src="assets/uploads/used.jpg">',
        "b/index.html": b"<p>plain</p>",
        "assets/uploads/used.jpg": jpeg(),
        "assets/uploads/nobody.jpg": jpeg(),
        "assets/photo.jpg": phone_photo(),
        "assets/big.png": bomb_png(8_000, 8_000),
        "files/form.pdf": b"%PDF-1.4 13912345678",
    }.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(data)
        os.utime(site / name, ns=(time.time_ns() - 10**10,) * 2)  # older than what is rewritten
    listing = files_with_stamps(str(site))
    assert list(listing) == [str(site / name) for name in (
        "index.html", "assets/big.png", "assets/photo.jpg", "assets/uploads/nobody.jpg", "assets/uploads/used.jpg",
        "b/index.html", "files/form.pdf",
    )]  # fmt: skip
    before = dict(listing)
    report = prepare_outputs(site, "assets/uploads", SecretRegistry(), None, listing)
    assert report.images_cleaned == 1 and report.uploads_withheld == 1 and len(report.warnings) == 2
    assert listing == files_with_stamps(str(site))
    assert listing[str(site / "assets/photo.jpg")] != before[str(site / "assets/photo.jpg")]
    assert str(site / "assets/uploads/nobody.jpg") not in listing and str(site / "files/form.pdf") not in listing
