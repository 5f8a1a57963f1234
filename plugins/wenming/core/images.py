"""Published images carry pixels only: no EXIF, XMP, IPTC or comments.

A phone's photo tells where it was taken (EXIF GPS), with what, when, and often who (``Artist``,
``XPAuthor``, an editor's XMP). :func:`clean_image` rewrites an image file that carries any of
it, after turning the pixels the way its EXIF orientation says (so the picture still stands up
once the orientation tag is gone), then opens the written file again to check that nothing is
left. Files that carry no metadata are left byte for byte. An image too large to decode safely
(a "decompression bomb": a few KB on disk, gigabytes in memory) or one that cannot be read as an
image is not published.
"""

from __future__ import annotations

import hashlib
import os
import struct
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".jfif", ".png", ".webp", ".gif")
# Photo formats that carry EXIF/GPS too but are not cleaned here (and most browsers do not show).
REFUSED_IMAGE_SUFFIXES = (".heic", ".heif", ".avif", ".tif", ".tiff", ".bmp", ".dng", ".cr2", ".nef", ".arw", ".psd")
MAX_PIXELS = 40_000_000  # a 48-megapixel phone photo must be scaled down first; 40 M is 7,700 x 5,200
MAX_TOTAL_PIXELS = 200_000_000  # all frames of an animation together
# What a cleaned file may still say about itself: how to show the pixels, nothing about anyone.
_KEPT_INFO = ("icc_profile", "transparency", "duration", "loop", "background", "dpi")
# JPEG segments that describe the pixels (JFIF header, ICC colour profile, Adobe colour transform).
_PIXEL_SEGMENTS = {"APP0", "APP2", "APP14"}
_ORIENTATION = 0x0112
_METADATA_KEYS = ("exif", "xmp", "XML:com.adobe.xmp", "comment", "photoshop", "iptc", "mp", "adobe_transform")


class ImageRefused(Exception):
    """The image is not published; the message says why, in Chinese."""


@dataclass(frozen=True)
class CleanResult:
    path: Path
    cleaned: bool  # False: the file had no metadata and was left as it was
    removed: tuple[str, ...]  # what was found, e.g. ("EXIF", "GPS", "XMP")


def metadata_in(image: Image.Image) -> tuple[str, ...]:
    """The kinds of metadata ``image`` carries (empty: pixels only)."""
    found: list[str] = []
    exif = image.getexif()
    if len(exif):
        found.append("EXIF")
        if exif.get_ifd(0x8825):
            found.append("GPS")
    for key in _METADATA_KEYS:
        if key in image.info and key != "exif" and image.info[key]:
            found.append({"XML:com.adobe.xmp": "XMP", "photoshop": "IPTC"}.get(key, key.upper()))
    if image.info.get("exif") and "EXIF" not in found:
        found.append("EXIF")
    for segment, _ in getattr(image, "applist", []):
        if segment in _PIXEL_SEGMENTS or (segment == "APP1" and ("EXIF" in found or "XMP" in found)):
            continue
        named = {"APP13": "IPTC", "COM": "COMMENT"}.get(segment, segment)
        if named not in found:
            found.append(named)
    return tuple(dict.fromkeys(found))


def clean_image(path: Path, shown: str, cache_dir: Path | None = None) -> CleanResult:
    """Rewrite ``path`` without metadata if it has any; ``shown`` names it in messages.

    JPEG and PNG files are read without decoding their pixels, and their metadata is cut out of
    the file as it is (no new compression, nothing lost, milliseconds for a phone photo); only a
    photo whose EXIF orientation says to turn it, and WebP or GIF files, are decoded and written
    again (about 0.4 s for a 12-megapixel photo): the result is kept in ``cache_dir`` by the
    source's SHA-256, so the next build copies it. Raises :class:`ImageRefused` for a file that
    must not be published.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                _check_size(image, shown)
                if image.format not in ("JPEG", "PNG"):
                    image.load()  # GIF comments and WebP chunks of later frames are read with the pixels
                removed = metadata_in(image) + (_png_text_chunks(path) if image.format == "PNG" else ())
                if not removed:
                    return CleanResult(path, False, ())
                turned = image.getexif().get(_ORIENTATION, 1) not in (1, None)
                cached = _cached(cache_dir, path) if turned or image.format not in ("JPEG", "PNG") else None
                if cached is not None and cached[1].is_file():
                    _write(path, cached[1].read_bytes())
                elif image.format == "JPEG" and not turned:
                    _write(path, _jpeg_without_metadata(path.read_bytes()))
                elif image.format == "PNG" and not turned:
                    _write(path, _png_without_metadata(path.read_bytes()))
                else:
                    image.load()
                    _write_without_metadata(image, path)
                    if cached is not None:
                        cached[1].parent.mkdir(parents=True, exist_ok=True)
                        _write(cached[1], path.read_bytes())
        except ImageRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels(shown) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as error:
            raise unreadable_image(shown, error) from None
    with Image.open(path) as written:
        if written.format not in ("JPEG", "PNG"):
            written.load()
        left = metadata_in(written) + (_png_text_chunks(path) if written.format == "PNG" else ())
    if left:  # pragma: no cover - a Pillow change would show here, not on the public site
        path.unlink()
        raise ImageRefused(f"{shown}：清除元数据后仍有 {'、'.join(left)}，不发布")
    return CleanResult(path, True, removed)


def _cached(cache_dir: Path | None, path: Path) -> tuple[str, Path] | None:
    if cache_dir is None:
        return None
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, cache_dir / f"{digest}{path.suffix.lower()}"


def _write(path: Path, data: bytes) -> None:
    _replace(path, ".clean", lambda temporary: temporary.write_bytes(data))


def _replace(path: Path, suffix: str, write: Callable[[Path], object]) -> None:
    """``path`` replaced whole by what ``write`` writes beside it: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}{suffix}")
    try:
        write(temporary)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _jpeg_without_metadata(data: bytes) -> bytes:
    """The JPEG with only the segments that describe its pixels before the image data, and
    nothing after its end marker (phones append thumbnails and videos there)."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG")
    out, position = bytearray(data[:2]), 2
    while position < len(data):
        if data[position] != 0xFF:
            raise ValueError("broken JPEG segment")
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker == 0xDA:  # start of scan: the compressed pixels, then the end marker
            end = data.find(b"\xff\xd9", position)
            out += data[position : len(data) if end < 0 else end + 2]
            return bytes(out)
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        segment = data[position : position + 2 + length]
        app = 0xE0 <= marker <= 0xEF or marker == 0xFE
        pixel_info = marker in (0xE0, 0xEE) or (marker == 0xE2 and segment[4:16] == b"ICC_PROFILE\x00")
        if not app or pixel_info:
            out += segment
        position += 2 + length
    raise ValueError("JPEG without image data")


_PNG_TEXT = (b"tEXt", b"zTXt", b"iTXt", b"eXIf")


def _png_chunks(data: bytes) -> list[tuple[bytes, int, int]]:
    """(type, start, end) of each chunk of a PNG file, up to IEND."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    chunks, position = [], 8
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks.append((kind, position, position + 12 + length))
        position += 12 + length
        if kind == b"IEND":
            break
    return chunks


def _png_text_chunks(path: Path) -> tuple[str, ...]:
    kinds = {kind for kind, _, _ in _png_chunks(path.read_bytes())}
    return ("PNG 文本",) if kinds & set(_PNG_TEXT) else ()


def _png_without_metadata(data: bytes) -> bytes:
    kept = [data[start:end] for kind, start, end in _png_chunks(data) if kind not in _PNG_TEXT]
    return data[:8] + b"".join(kept)


def refused_format(shown: str) -> str:
    suffix = Path(shown).suffix.lower()
    return f"{shown}：{suffix[1:].upper()} 格式的照片可能带有拍摄位置等信息，且多数浏览器无法显示，不发布；请另存为 JPEG 或 PNG 后放入"


def _check_size(image: Image.Image, shown: str) -> None:
    width, height = image.size
    frames = getattr(image, "n_frames", 1)
    if width * height > MAX_PIXELS or width * height * frames > MAX_TOTAL_PIXELS:
        raise ImageRefused(
            f"{shown}：图片 {width}×{height} 像素" + (f"、{frames} 帧" if frames > 1 else "")
            + f"，超过上限 {MAX_PIXELS // 10_000} 万像素，可能是恶意文件（解压炸弹），不发布；请缩小后再放入"
        )


def _write_without_metadata(image: Image.Image, path: Path) -> None:
    kind = image.format or "PNG"
    options: dict[str, Any] = {key: image.info[key] for key in _KEPT_INFO if key in image.info}
    if getattr(image, "n_frames", 1) > 1:
        frames = [frame.copy() for frame in ImageSequence.Iterator(image)]
        for frame in frames:
            frame.info = {key: frame.info[key] for key in _KEPT_INFO if key in frame.info}
        first, rest = frames[0], frames[1:]
        options.update(save_all=True, append_images=rest)
    else:
        # The orientation tag goes with the EXIF: turn the pixels first so the photo stands up.
        first = ImageOps.exif_transpose(image)
        first.info = {key: first.info[key] for key in _KEPT_INFO if key in first.info}
    if kind == "JPEG":
        options.update(quality=92, optimize=True)
        options.pop("transparency", None)
        if first.mode not in ("RGB", "L", "CMYK"):
            first = first.convert("RGB")
    elif kind == "WEBP":
        options.update(quality=90, exif=b"", xmp=b"")
    elif kind == "PNG":
        options.update(optimize=False)
    _replace(path, ".clean", lambda temporary: first.save(temporary, format=kind, **options))


# -- Photos at the size they are shown ----------------------------------------------------------

# The largest a nominee's photo is published: a profile shows it 9rem wide (about 180–250 CSS
# pixels, with 长辈模式) and a phone has up to 3 device pixels per CSS pixel. A phone's 4000 × 3000
# photo is shrunk to this; a smaller one is published as it is (never enlarged).
PHOTO_BOX = (720, 900)


def shown_size(path: Path) -> tuple[int, int] | None:
    """Width and height of the picture as browsers show it (EXIF orientation applied), from the
    file's header without decoding the pixels; None for a file that is not a readable image."""
    try:
        with Image.open(path) as image:
            width, height = image.size
            turned = image.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error, Image.DecompressionBombError):
        return None
    return (height, width) if turned else (width, height)


def fitted_size(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """``size`` scaled down to fit inside ``box``, proportions kept; never scaled up."""
    width, height = size
    scale = min(box[0] / width, box[1] / height, 1.0)
    return max(1, round(width * scale)), max(1, round(height * scale))


def fit_photo(path: Path, box: tuple[int, int], shown: str) -> tuple[int, int]:
    """Shrink the photo at ``path`` in place to fit ``box`` (turned upright, without metadata);
    a photo that fits is left byte for byte. Returns the published size. Raises
    :class:`ImageRefused` for a file that cannot be published (too many pixels, no image)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                _check_size(image, shown)
                turned = image.getexif().get(_ORIENTATION, 1) in (5, 6, 7, 8)
                size = (image.height, image.width) if turned else image.size
                target = fitted_size(size, box)
                if target == size:
                    return size
                kind = image.format or "PNG"
                upright = ImageOps.exif_transpose(image)
                upright.thumbnail(target, Image.Resampling.LANCZOS)
                upright.info = {}
                options: dict[str, Any] = {"icc_profile": image.info["icc_profile"]} if "icc_profile" in image.info else {}
                if kind == "JPEG":
                    options.update(quality=88, optimize=True)
                    if upright.mode not in ("RGB", "L"):
                        upright = upright.convert("RGB")
                elif kind == "WEBP":
                    options.update(quality=88)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels(shown) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as error:
            raise unreadable_image(shown, error) from None
    _replace(path, ".fit", lambda temporary: upright.save(temporary, format=kind, **options))
    return upright.size


def too_many_pixels(shown: str) -> ImageRefused:
    return ImageRefused(
        f"{shown}：图片像素过多，超过上限 {MAX_PIXELS // 10_000} 万像素，可能是恶意文件（解压炸弹），不发布；请缩小后再放入"
    )


def unreadable_image(shown: str, error: Exception) -> ImageRefused:
    return ImageRefused(f"{shown}：无法作为图片读取（{type(error).__name__}），不发布；请用看图软件另存为 JPEG 或 PNG")
