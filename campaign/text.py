"""Vietnamese text helpers: NFC normalisation, ASCII slugs, folding, official dates.

Django's ``slugify`` decomposes letters and drops what is not ASCII, which loses
"đ" (it has no decomposition): "Đồng" would become "ong". These helpers map
"đ/Đ" to "d/D" first.
"""

import unicodedata

from django.utils.text import slugify

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(value):
    """Return ``value`` in Unicode NFC form (None and non-strings pass through)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    return value


_COMBINING = None


def _combining_marks():
    """A ``str.translate`` table that deletes every combining character (built once, on first use)."""
    global _COMBINING
    if _COMBINING is None:
        _COMBINING = dict.fromkeys(cp for cp in range(0x110000) if unicodedata.combining(chr(cp)))
    return _COMBINING


def strip_diacritics(value):
    """Remove Vietnamese tone and vowel marks: "Đồng" -> "Dong"."""
    if value.isascii():
        return value
    decomposed = unicodedata.normalize("NFD", value.translate(_D_MAP))
    # Search folds the text of every news item on SQLite: translate() is many times faster
    # than testing each character.
    return decomposed.translate(_combining_marks())


def fold(value):
    """Lower-case, diacritic-free form used for search: "TUYÊN Truyền" -> "tuyen truyen"."""
    return " ".join(strip_diacritics(value).casefold().split())


def vn_slugify(value, max_length=80):
    """Readable ASCII slug: "Đẩy mạnh công tác tuyên truyền" -> "day-manh-cong-tac-tuyen-truyen"."""
    slug = slugify(strip_diacritics(value))
    return slug[:max_length].strip("-")


def _pad(number):
    return f"{number:02d}"


def vn_numeric_date(value):
    """Date as written in Vietnamese administrative documents: 08/6/2026, 24/01/2025.

    Nghị định 30/2020/NĐ-CP: days below 10 and the months 1 and 2 take a leading zero.
    """
    month = _pad(value.month) if value.month < 3 else str(value.month)
    return f"{_pad(value.day)}/{month}/{value.year}"


def vn_long_date(value):
    """ "ngày 18 tháng 6 năm 2026", with the same zero rule as :func:`vn_numeric_date`."""
    month = _pad(value.month) if value.month < 3 else str(value.month)
    return f"ngày {_pad(value.day)} tháng {month} năm {value.year}"
