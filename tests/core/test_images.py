"""Image metadata is cut out without touching the pixels where possible; rotated photos are turned once and cached."""

from __future__ import annotations

import io

from PIL import Image, PngImagePlugin

from wenming.core.images import clean_image, metadata_in


def photo(orientation: int) -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "13912345678"  # Artist
    exif[0x0112] = orientation
    exif.get_ifd(0x8825).update({1: "N", 2: (30.0, 16.0, 12.5)})
    out = io.BytesIO()
    Image.effect_noise((64, 48), 40).convert("RGB").save(out, "JPEG", exif=exif, comment=b"13912345678")
    return out.getvalue()


def test_an_upright_jpeg_keeps_its_compressed_pixels_byte_for_byte_and_loses_what_follows_its_end(tmp_path):
    source = photo(1) + b"MOTION-PHOTO-VIDEO 13912345678"  # phones append videos after the end marker
    path = tmp_path / "a.jpg"
    path.write_bytes(source)
    result = clean_image(path, "a.jpg")
    assert result.cleaned and result.removed == ("EXIF", "GPS", "COMMENT")
    cleaned = path.read_bytes()
    scan = source.index(b"\xff\xda")
    assert cleaned.endswith(source[scan : source.index(b"\xff\xd9", scan) + 2])  # same compressed data
    assert b"13912345678" not in cleaned
    with Image.open(path) as image:
        assert metadata_in(image) == () and image.size == (64, 48)
        image.load()


def test_a_rotated_photo_is_turned_once_and_the_result_reused_from_the_cache(tmp_path):
    cache = tmp_path / "cache"
    first, second = tmp_path / "a.jpg", tmp_path / "b.jpg"
    first.write_bytes(photo(6))
    second.write_bytes(first.read_bytes())
    assert clean_image(first, "a.jpg", cache).cleaned
    assert [path.suffix for path in cache.iterdir()] == [".jpg"]
    assert clean_image(second, "b.jpg", cache).cleaned
    assert first.read_bytes() == second.read_bytes()
    with Image.open(second) as image:
        assert image.size == (48, 64) and metadata_in(image) == ()


def test_png_text_chunks_are_removed_and_the_pixels_kept(tmp_path):
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "王秀兰 13912345678")
    info.add_itxt("Description", "幸福里小区12幢", zip=True)
    image = Image.effect_noise((16, 16), 40).convert("RGB")
    path = tmp_path / "a.png"
    image.save(path, pnginfo=info)
    assert clean_image(path, "a.png").removed == ("PNG 文本",)
    assert b"13912345678" not in path.read_bytes() and b"iTXt" not in path.read_bytes()
    with Image.open(path) as cleaned:
        assert list(cleaned.getdata()) == list(image.getdata())
