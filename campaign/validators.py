"""Validators for the parts of Vietnamese official documents."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Số, ký hiệu: a number, then symbol parts joined by "-" or "/". Each part starts
# with a capital letter or a digit (lower case only inside, as in "CT-TTg").
# Valid: 783, 31/MTTQ-BTT, 897-CV/BTGDVTU, 59-NQ/TW, 05/2023/TT-BTC, 123/QĐ-UBND.
DOCUMENT_NUMBER_RE = re.compile(r"^[0-9]{1,6}(?:[-/][0-9A-ZĐ][0-9A-Za-zĐđ.]{0,19}){0,6}$")


def validate_document_number(value):
    if not DOCUMENT_NUMBER_RE.fullmatch(value or "") or ".." in value or value.endswith("."):
        raise ValidationError(
            _(
                "Số, ký hiệu văn bản “%(value)s” không hợp lệ. Hãy ghi số trước, rồi ký hiệu "
                "viết hoa, nối bằng “/” hoặc “-”, không có dấu cách, ví dụ: 31/MTTQ-BTT, "
                "897-CV/BTGDVTU, 59-NQ/TW."
            ),
            code="invalid_document_number",
            params={"value": value},
        )


def validate_original_file(value):
    """The signed original of a directive: a real PDF, JPEG or PNG, at most 20 MB.

    The content is checked, not the name: a renamed HTML or script file is refused.
    """
    from django.conf import settings
    from PIL import Image, UnidentifiedImageError

    if value.size > settings.ORIGINAL_FILE_MAX_BYTES:
        raise ValidationError(
            _("Tệp quá lớn (%(size)s MB). Giới hạn là %(limit)s MB."),
            code="file_too_large",
            params={
                "size": round(value.size / 1024 / 1024, 1),
                "limit": settings.ORIGINAL_FILE_MAX_BYTES // 1024 // 1024,
            },
        )
    value.seek(0)
    head = value.read(1024)
    value.seek(0)
    if head.startswith(b"%PDF-"):
        return
    try:
        with Image.open(value) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    finally:
        value.seek(0)
    if kind not in {"JPEG", "PNG"}:
        raise ValidationError(
            _("Bản gốc phải là tệp PDF, JPEG hoặc PNG thật. Tệp này không đọc được như một trong các định dạng đó."),
            code="invalid_original_file",
        )
