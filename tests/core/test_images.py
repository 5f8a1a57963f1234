"""Image metadata is cut out without touching the pixels where possible; rotated photos are turned once and cached."""

from __future__ import annotations

import io

import pytest
from PIL import Image, PngImagePlugin

from wenming.core.images import ImageRefused, clean_image, fit_photo, fitted_size, metadata_in, shown_size


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


def test_shown_size_reads_the_header_and_follows_the_orientation(tmp_path):
    path = tmp_path / "a.jpg"
    path.write_bytes(photo(6))  # stored 64 x 48, shown turned: 48 x 64
    assert shown_size(path) == (48, 64)
    (tmp_path / "b.jpg").write_bytes(photo(1))
    assert shown_size(tmp_path / "b.jpg") == (64, 48)


def test_shown_size_of_what_is_no_image_is_none(tmp_path):
    (tmp_path / "a.jpg").write_bytes(b"<html>not a photo</html>")
    assert shown_size(tmp_path / "a.jpg") is None
    assert shown_size(tmp_path / "missing.jpg") is None


def test_fitted_size_scales_down_keeping_the_proportions_never_up():
    assert fitted_size((4000, 3000), (720, 900)) == (720, 540)
    assert fitted_size((3000, 4000), (720, 900)) == (675, 900)
    assert fitted_size((360, 450), (720, 900)) == (360, 450)
    assert fitted_size((5000, 1), (720, 900)) == (720, 1)  # never 0 pixels high


def test_fit_photo_shrinks_a_large_photo_in_place_upright_and_without_metadata(tmp_path):
    exif = Image.Exif()
    exif[0x0112] = 6
    exif[0x013B] = "13912345678"
    path = tmp_path / "big.jpg"
    Image.effect_noise((2000, 1500), 40).convert("RGB").save(path, "JPEG", exif=exif)
    assert fit_photo(path, (720, 900), "big.jpg") == (675, 900)
    with Image.open(path) as image:
        assert image.size == (675, 900) and metadata_in(image) == ()
    assert b"13912345678" not in path.read_bytes()


def test_fit_photo_leaves_a_small_photo_byte_for_byte(tmp_path):
    path = tmp_path / "small.png"
    Image.effect_noise((360, 450), 40).convert("RGB").save(path)
    before = path.read_bytes()
    assert fit_photo(path, (720, 900), "small.png") == (360, 450)
    assert path.read_bytes() == before


def test_fit_photo_refuses_a_decompression_bomb_without_decoding_it(tmp_path):
    # 30,000 x 30,000 pixels of one colour: a small file, 900 M pixels once decoded.
    path = tmp_path / "bomb.png"
    Image.new("1", (30_000, 30_000)).save(path)
    assert path.stat().st_size < 200_000
    with pytest.raises(ImageRefused, match="解压炸弹"):
        fit_photo(path, (720, 900), "bomb.png")
