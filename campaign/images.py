"""Checked image uploads: every image staff or unit representatives upload
passes through here before it is stored.

An upload is refused unless Pillow reads it as a real JPEG, PNG, WebP or GIF
within the size and pixel caps (SVG, HTML, scripts and renamed files are not
images to Pillow; decompression bombs exceed the pixel cap). What is stored is
never the uploaded bytes: the picture is decoded, turned upright from its EXIF
orientation and encoded anew, which drops EXIF (phone photos carry the GPS
position of residents' homes), comments and anything appended to the file
(polyglots), under a random file name.

Public pages show resized WebP copies (``renditions``), so a phone never
downloads a 4 MB photo; the re-encoded original stays for print.
"""

import io
import uuid
from pathlib import PurePosixPath

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 40 megapixels: more than any phone camera, far below a bomb
MAX_SIDE = 12_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
RENDITION_WIDTHS = (480, 960, 1600)

# Pillow raises DecompressionBombError past twice this; our own check comes first.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS


def _refuse(message, code, **params):
    raise ValidationError(message, code=code, params=params)


def image_clean(uploaded, *, max_bytes=MAX_BYTES):
    """Check an uploaded image and return it re-encoded, as a ContentFile with a random name.

    Raises ValidationError with a message in Vietnamese when the file is not
    an acceptable image.
    """
    size = getattr(uploaded, "size", None)
    if size is None:
        uploaded.seek(0, io.SEEK_END)
        size = uploaded.tell()
    if not size:
        _refuse(_("Tệp ảnh rỗng."), "empty_image")
    if size > max_bytes:
        _refuse(
            _("Ảnh quá lớn (%(size)s MB). Giới hạn là %(limit)s MB; hãy chụp hoặc lưu ảnh ở cỡ nhỏ hơn."),
            "image_too_large",
            size=round(size / 1024 / 1024, 1),
            limit=max_bytes // 1024 // 1024,
        )
    uploaded.seek(0)
    data = uploaded.read()
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            width, height = probe.size
            if kind in ALLOWED_FORMATS and width * height <= MAX_PIXELS and max(width, height) <= MAX_SIDE:
                probe.verify()
    except Image.DecompressionBombError:
        kind, width, height = "BOMB", 0, 0
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind == "BOMB" or (kind in ALLOWED_FORMATS and (width * height > MAX_PIXELS or max(width, height) > MAX_SIDE)):
        _refuse(
            _("Ảnh có kích thước điểm ảnh quá lớn (tối đa %(limit)s triệu điểm ảnh)."),
            "image_too_many_pixels",
            limit=MAX_PIXELS // 1_000_000,
        )
    if kind not in ALLOWED_FORMATS:
        _refuse(
            _("Tệp này không phải ảnh JPEG, PNG, WebP hoặc GIF. Ảnh SVG, trang HTML hay tệp đổi đuôi không được nhận."),
            "not_an_image",
        )
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            output = _encode(upright, kind)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        _refuse(_("Không đọc được ảnh: tệp bị hỏng hoặc không đầy đủ."), "broken_image")
    return ContentFile(output, name=f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[kind]}")


def _encode(image, kind):
    """Encode anew, keeping no metadata: no EXIF, no ICC-embedded comments, no trailing bytes."""
    buffer = io.BytesIO()
    if kind == "JPEG":
        image.convert("RGB").save(buffer, "JPEG", quality=88, optimize=True, progressive=True)
    elif kind == "WEBP":
        image.save(buffer, "WEBP", quality=85)
    elif kind == "GIF":
        image.save(buffer, "GIF")
    else:
        if image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
            image = image.convert("RGBA")
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def rendition_name(name, width):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-w{width}.webp"))


def rendition_widths(image_width, widths=RENDITION_WIDTHS):
    """The widths of the copies made of an image ``image_width`` pixels wide.

    Widths larger than the image are skipped, and one copy at the image's own
    width is made when it is narrower than the largest, so small pictures are
    not blown up.
    """
    return sorted({w for w in widths if w < image_width} | {min(image_width, max(widths))})


def renditions_create(name, *, widths=RENDITION_WIDTHS, storage=default_storage):
    """Write resized WebP copies of a stored image next to it; returns {width: name}."""
    with storage.open(name, "rb") as handle, Image.open(handle) as image:
        image.load()
        picture = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P"} else "RGB")
    made = {}
    for width in rendition_widths(picture.width, widths):
        copy = picture
        if width != picture.width:
            height = max(1, round(picture.height * width / picture.width))
            copy = picture.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        copy.save(buffer, "WEBP", quality=80, method=4)
        target = rendition_name(name, width)
        if storage.exists(target):
            storage.delete(target)
        made[width] = storage.save(target, ContentFile(buffer.getvalue()))
    return made


def renditions_srcset(name, image_width, *, widths=RENDITION_WIDTHS, storage=default_storage):
    """The ``srcset`` value for the WebP copies that ``renditions_create`` made of ``name``."""
    return ", ".join(
        f"{storage.url(rendition_name(name, width))} {width}w" for width in rendition_widths(image_width, widths)
    )


class CheckedImageFormField(forms.FileField):
    """A form field that accepts only real images and hands back the re-encoded file."""

    default_error_messages = {"invalid_image": _("Tệp tải lên không phải ảnh hợp lệ.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/gif"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        return image_clean(uploaded)


class CheckedImageField(models.ImageField):
    """An ImageField whose form field checks and re-encodes the upload (see ``image_clean``)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": CheckedImageFormField, **kwargs})
