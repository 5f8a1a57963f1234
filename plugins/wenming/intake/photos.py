"""Photos sent with a submission: checked, re-encoded and saved as plain JPEG.

Only JPEG, PNG and WebP pictures are taken. The pixel count is checked from the header before
the picture is decoded (a decompression bomb is refused, never decoded), the picture is turned
upright, scaled down to at most ``MAX_SIDE`` pixels and saved again, which keeps no EXIF, XMP,
IPTC or comment: only the pixels come through. The written file is then checked with the
build's own test for metadata (:func:`wenming.core.images.metadata_in`), and the same pixel cap
as the build's (``MAX_PIXELS``) applies.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps, UnidentifiedImageError

from wenming.core.images import MAX_PIXELS, metadata_in

MAX_PHOTOS = 3
MAX_UPLOAD_BYTES = 8 * 1024 * 1024  # a phone's photo is 2-6 MB
MAX_SIDE = 2048
ACCEPTED_FORMATS = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "MPO": "JPEG"}


class PhotoProblem(ValueError):
    """Why an upload is not taken, in words for the person who sent it."""


@dataclass(frozen=True)
class Photo:
    data: bytes  # the re-encoded JPEG
    width: int
    height: int


def reencode_photo(raw: bytes, label: str) -> Photo:
    if len(raw) > MAX_UPLOAD_BYTES:
        raise PhotoProblem(f"{label}有 {len(raw) / 1024 / 1024:.1f} MB，超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB：请换一张或压缩后再传")
    if not raw:
        raise PhotoProblem(f"{label}是空文件")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(raw))
            if image.format not in ACCEPTED_FORMATS:
                raise PhotoProblem(f"{label}是 {image.format} 格式：只收 JPG、PNG 或 WebP 照片")
            if image.width * image.height > MAX_PIXELS:
                raise PhotoProblem(f"{label}有 {image.width}×{image.height} 像素，太大了（最多 {MAX_PIXELS // 1_000_000} 百万像素）")
            image.load()
    except PhotoProblem:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoProblem(f"{label}不是能打开的照片（只收 JPG、PNG 或 WebP）") from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise PhotoProblem(f"{label}文件已损坏，打不开：请重新拍摄或换一张") from None
    image = ImageOps.exif_transpose(image) or image
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, (255, 255, 255))
        rgba = image.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        image = background
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # No exif=, icc_profile= or comment=: the new file carries the pixels only.
    image.save(out, "JPEG", quality=85, optimize=True)
    with Image.open(io.BytesIO(out.getvalue())) as written:
        left = metadata_in(written)
    if left:  # a Pillow change would show here, never on the site
        raise PhotoProblem(f"{label}去除照片信息后仍有 {'、'.join(left)}，没有保存：请换一张")
    return Photo(out.getvalue(), image.width, image.height)
