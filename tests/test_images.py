"""Every uploaded image is checked and re-encoded before it is stored."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from campaign.images import CheckedImageFormField, image_clean, renditions_create, renditions_srcset

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def phone_photo(width=60, height=40, orientation=6):
    """A JPEG like a phone's: EXIF with a GPS position and a rotation flag."""
    image = Image.new("RGB", (width, height), "red")
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (20.0, 51.0, 30.0), 3: "E", 4: (106.0, 41.0, 10.0)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


def encoded(fmt, size=(30, 20), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, fmt)
    return buffer.getvalue()


class TestAccepted:
    """Real JPEG, PNG, WebP and GIF are accepted, re-encoded, without EXIF, under a random name."""

    def test_exif_and_gps_are_removed_and_orientation_applied(self):
        original = phone_photo()
        assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
        cleaned = image_clean(SimpleUploadedFile("IMG_2041.jpg", original))
        stored = Image.open(io.BytesIO(cleaned.read()))
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert stored.size == (40, 60)  # rotated upright, as the phone showed it
        assert cleaned.name.endswith(".jpg") and "IMG_2041" not in cleaned.name and len(cleaned.name) == 36

    @pytest.mark.parametrize("fmt, ext", [("PNG", "png"), ("WEBP", "webp"), ("GIF", "gif"), ("JPEG", "jpg")])
    def test_formats(self, fmt, ext):
        cleaned = image_clean(SimpleUploadedFile(f"a.{ext}", encoded(fmt, mode="RGB" if fmt != "GIF" else "P")))
        assert Image.open(io.BytesIO(cleaned.read())).format == fmt

    def test_polyglot_tail_is_dropped(self):
        polyglot = encoded("JPEG") + b"<html><script>alert(document.cookie)</script></html>"
        cleaned = image_clean(SimpleUploadedFile("anh.jpg", polyglot)).read()
        assert b"<script" not in cleaned


class TestRefused:
    """Anything that is not a real image within the caps is refused with a Vietnamese message."""

    @pytest.mark.parametrize(
        "name, content",
        [
            ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'),
            ("anh.jpg", b"<html><body><script>alert(1)</script></body></html>"),
            ("anh.png", b"#!/bin/sh\nrm -rf /\n"),
            ("anh.jpg", b"\xff\xd8\xff\xe0 truncated jpeg"),
            ("anh.bmp", encoded("BMP")),
            ("anh.tiff", encoded("TIFF")),
        ],
    )
    def test_not_an_image(self, name, content):
        with pytest.raises(ValidationError) as error:
            image_clean(SimpleUploadedFile(name, content))
        assert error.value.code in {"not_an_image", "broken_image"}
        assert "ảnh" in str(error.value.messages[0]).lower()

    def test_decompression_bomb(self):
        bomb = encoded("PNG", size=(20_000, 20_000), mode="1")
        assert len(bomb) < 200_000  # tiny on disk, 400 megapixels in memory
        with pytest.raises(ValidationError) as error:
            image_clean(SimpleUploadedFile("bom.png", bomb))
        assert error.value.code == "image_too_many_pixels"

    def test_size_cap(self):
        with pytest.raises(ValidationError) as error:
            image_clean(SimpleUploadedFile("lon.jpg", encoded("JPEG")), max_bytes=100)
        assert error.value.code == "image_too_large"
        assert "MB" in error.value.messages[0]

    def test_form_field_reports_error_not_traceback(self):
        field = CheckedImageFormField()
        with pytest.raises(ValidationError):
            field.clean(SimpleUploadedFile("x.jpg", b"not an image"))


class TestRenditions:
    """Public pages get resized WebP copies; small pictures are not blown up."""

    def test_widths(self, tmp_path):
        storage = FileSystemStorage(location=tmp_path, base_url="/media/")
        name = storage.save("tin/anh.jpg", io.BytesIO(encoded("JPEG", size=(2000, 1000))))
        made = renditions_create(name, storage=storage)
        assert sorted(made) == [480, 960, 1600]
        assert Image.open(storage.path(made[480])).size == (480, 240)
        assert Image.open(storage.path(made[480])).format == "WEBP"
        assert renditions_srcset(name, 2000, storage=storage) == (
            "/media/tin/anh-w480.webp 480w, /media/tin/anh-w960.webp 960w, /media/tin/anh-w1600.webp 1600w"
        )

    def test_small_image(self, tmp_path):
        storage = FileSystemStorage(location=tmp_path, base_url="/media/")
        name = storage.save("nho.png", io.BytesIO(encoded("PNG", size=(300, 200))))
        assert sorted(renditions_create(name, storage=storage)) == [300]
        assert renditions_srcset(name, 300, storage=storage) == "/media/nho-w300.webp 300w"
