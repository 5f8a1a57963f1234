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

import os
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
MAX_PIXELS = 40_000_000  # a 48-megapixel phone photo must be scaled down first; 40 M is 7,700 x 5,200
MAX_TOTAL_PIXELS = 200_000_000  # all frames of an animation together
# What a cleaned file may still say about itself: how to show the pixels, nothing about anyone.
_KEPT_INFO = ("icc_profile", "transparency", "duration", "loop", "background", "dpi")
# JPEG segments that describe the pixels (JFIF header, ICC colour profile, Adobe colour transform).
_PIXEL_SEGMENTS = {"APP0", "APP2", "APP14"}
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
    text = getattr(image, "text", None)  # PNG tEXt/iTXt/zTXt chunks
    if text:
        found.append("PNG 文本")
    return tuple(dict.fromkeys(found))


def clean_image(path: Path, shown: str) -> CleanResult:
    """Rewrite ``path`` without metadata if it has any; ``shown`` names it in messages.

    Raises :class:`ImageRefused` for a file that must not be published.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                _check_size(image, shown)
                image.load()
                removed = metadata_in(image)
                if not removed:
                    return CleanResult(path, False, ())
                _write_without_metadata(image, path)
        except ImageRefused:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ImageRefused(
                f"{shown}：图片像素过多，超过上限 {MAX_PIXELS // 10_000} 万像素，可能是恶意文件（解压炸弹），不发布；请缩小后再放入"
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ImageRefused(f"{shown}：无法作为图片读取（{type(error).__name__}），不发布；请用看图软件另存为 JPEG 或 PNG") from None
    with Image.open(path) as written:
        written.load()
        left = metadata_in(written)
    if left:  # pragma: no cover - a Pillow change would show here, not on the public site
        path.unlink()
        raise ImageRefused(f"{shown}：清除元数据后仍有 {'、'.join(left)}，不发布")
    return CleanResult(path, True, removed)


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
    temporary = path.with_name(f".{path.name}.clean")
    try:
        first.save(temporary, format=kind, **options)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
