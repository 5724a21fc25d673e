"""Vietnamese text in spoken form, for the ward's loudspeakers (bản tin phát thanh).

An announcer reads what is written. Numbers, document symbols, dates and web
addresses are therefore written out the way they are said, so nobody has to
decode "31/MTTQ-BTT" or "24/01/2025" at the microphone.

Rules (each has a test in tests/test_outreach_spoken.py):

- Integers in words (``number_words``). The ones after a ten read "mốt" (21,
  not 11), "tư" (24, not 14) and "lăm" (15, 25); a ten is "mười", tens from 20
  "mươi". A zero ten inside a hundred reads **"linh"** (105 = "một trăm linh
  năm"; the northern form, as spoken in Hải Phòng; the southern "lẻ" is not
  used). Groups of three digits: "nghìn", "triệu", "tỷ"; a group below the
  first keeps its hundreds ("hai nghìn không trăm hai mươi sáu"), and an empty
  middle group reads "không nghìn" when something follows, as schoolbooks read
  numbers, so that no two numbers sound alike.
- Document numbers ("31/MTTQ-BTT", "897-CV/BTGDVTU", "30/2020/NĐ-CP"): "số",
  the number, then each part of the symbol after a comma, an abbreviation
  expanded from ``ABBREVIATIONS`` (built from the letter's own wording) and a
  4-digit part read as a year: "số ba mươi mốt, Mặt trận Tổ quốc, Ban Thường
  trực". After the word "số" already in the text, "số" is not repeated.
- Dates, "18/6/2026" or "ngày 18 tháng 6 năm 2026": "ngày mười tám tháng sáu
  năm hai nghìn không trăm hai mươi sáu". The fourth month is "tháng tư".
- Web addresses are spelled for a listener who will type them: the scheme
  ("https://") and a leading "www." are not read (browsers add them); "." is
  "chấm", "/" "gạch chéo", "-" "gạch ngang", "_" "gạch dưới"; a part with a
  vowel is read as one word as written ("giaithuong"); a part with no vowel is
  spelled letter by letter in Vietnamese letter names ("ttdn" = "tê tê dê
  en-nờ"); digits one by one. A URL ending a sentence keeps the full stop.
- Percentages ("50%" = "năm mươi phần trăm"), decimals with a comma ("2,5" =
  "hai phẩy năm"), thousands with dots ("2.412"), times ("14h30", "14:30" =
  "mười bốn giờ ba mươi phút"), ordinals after "thứ" ("thứ 1"/"thứ I" =
  "thứ nhất", "lần thứ XII" = "lần thứ mười hai"), ranges "2024-2025" read
  with "đến", phone-like numbers starting with 0 read digit by digit.
- Any other all-capital word that is an abbreviation (not a Vietnamese
  syllable such as "BAN") and is not in the table is spelled letter by letter.

After ``spoken()`` no digit and no "CODE/" remains in the text.
"""

import re
import unicodedata

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
SCALES = [(10**9, "tỷ"), (10**6, "triệu"), (10**3, "nghìn")]

# Abbreviations, with the expansions the letter itself uses (its issuer names and
# its own words): "MTTQ Việt Nam", "Ban Thường trực", "Ban Công tác Mặt trận",
# "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng" for 897-CV/BTGDVTU, "Ban
# Thường trực Ủy ban Trung ương MTTQ Việt Nam" for 379/MTTW-BTT; document types
# from the letter's citations (Công văn, Kết luận, Nghị quyết). The rest are the
# standard ones of Vietnamese administrative writing (Nghị định 30/2020/NĐ-CP).
ABBREVIATIONS = {
    "MTTQ": "Mặt trận Tổ quốc",
    "MTTW": "Ủy ban Trung ương Mặt trận Tổ quốc",
    "BTT": "Ban Thường trực",
    "CTMT": "Công tác Mặt trận",
    "BTGDVTU": "Ban Tuyên giáo và Dân vận Thành ủy",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "TW": "Trung ương",
    "CV": "Công văn",
    "KL": "Kết luận",
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "NĐ": "Nghị định",
    "CP": "Chính phủ",
    "CT": "Chỉ thị",
    "KH": "Kế hoạch",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "TT": "Thông tư",
    "ĐCS": "Đảng Cộng sản",
    "VT": "Văn thư",
    "TM": "Thay mặt",
    "KT": "Ký thay",
    "TL": "Thừa lệnh",
    "TDP": "Tổ dân phố",
    "VN": "Việt Nam",
    "QH": "Quốc hội",
    "TTg": "Thủ tướng Chính phủ",
}

# Vietnamese names of letters, as taught in school, for spelling; f, j, w, z by their usual names.
LETTER_NAMES = {
    "a": "a", "ă": "á", "â": "ớ", "b": "bê", "c": "xê", "d": "dê", "đ": "đê", "e": "e", "ê": "ê",
    "f": "ép", "g": "giê", "h": "hát", "i": "i", "j": "gi", "k": "ca", "l": "e-lờ", "m": "em-mờ",
    "n": "en-nờ", "o": "o", "ô": "ô", "ơ": "ơ", "p": "pê", "q": "quy", "r": "e-rờ", "s": "ét-xì",
    "t": "tê", "u": "u", "ư": "ư", "v": "vê", "w": "vê kép", "x": "ích-xì", "y": "i dài", "z": "dét",
}  # fmt: skip

MONTHS = {4: "tư"}
ORDINALS = {1: "nhất", 4: "tư"}
ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def _under_thousand(number, full):
    """Words for 0 < number < 1000. ``full``: a group after a higher one keeps "không trăm" and "linh"."""
    hundreds, rest = divmod(number, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def number_words(number: int) -> str:
    """An integer in Vietnamese words: 21 -> "hai mươi mốt", 105 -> "một trăm linh năm"."""
    if number < 0:
        return "âm " + number_words(-number)
    if number == 0:
        return "không"
    return " ".join(_number_words(number, full=False))


SCALE_NAMES = {10**9: "tỷ", 10**6: "triệu", 10**3: "nghìn", 1: ""}


def _number_words(number, full):
    if number < 1000:
        return _under_thousand(number, full)
    scale, name = next((scale, name) for scale, name in SCALES if number >= scale)
    high, rest = divmod(number, scale)
    words = _number_words(high, full) + [name]
    lower = scale // 1000
    while rest:
        group, rest = divmod(rest, lower)
        if group:
            words += _under_thousand(group, True)
        else:
            words.append("không")  # an empty group with something after it: "không nghìn"
        if SCALE_NAMES[lower]:
            words.append(SCALE_NAMES[lower])
        lower //= 1000
    return words


def digits_words(text: str) -> str:
    """Digit by digit: "0225" -> "không hai hai năm"."""
    return " ".join(DIGITS[int(ch)] for ch in text)


def _numeral(text):
    """Words for a run of digits: leading zeros ("08") drop, a phone-like run is read digit by digit."""
    if len(text) > 1 and text.startswith("0") and len(text.lstrip("0")) > 2:
        return digits_words(text)
    if len(text) > 12:
        return digits_words(text)
    return number_words(int(text))


def spell(word: str) -> str:
    """Letter by letter in Vietnamese letter names: "ttdn" -> "tê tê dê en-nờ"."""
    parts = []
    for ch in word.lower():
        if ch.isdigit():
            parts.append(DIGITS[int(ch)])
        elif ch in LETTER_NAMES:
            parts.append(LETTER_NAMES[ch])
        else:
            base = unicodedata.normalize("NFD", ch)[0]
            parts.append(LETTER_NAMES.get(base, ch))
    return " ".join(parts)


def date_words(day: int, month: int, year: int | None = None) -> str:
    """ "ngày mười tám tháng sáu năm hai nghìn không trăm hai mươi sáu"."""
    text = f"ngày {number_words(day)} tháng {MONTHS.get(month, number_words(month))}"
    if year is not None:
        text += f" năm {number_words(year)}"
    return text


# A Vietnamese syllable written without its marks: an all-capital word that fits is a word ("BAN", "TRỰC").
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    r"[aăâeêioôơuưy]{1,3}"
    r"(ch|ng|nh|[cmnpt]|[iouy])?$"
)


def _is_syllable(word):
    plain = unicodedata.normalize("NFD", word.lower())
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn" or ch in "\u0302\u0306\u031b")
    plain = unicodedata.normalize("NFC", plain)
    return bool(_SYLLABLE.match(plain))


def abbreviation(word: str) -> str:
    """An all-capital abbreviation: expanded from the table, or spelled letter by letter."""
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    return spell(word)


def document_number(code: str, *, with_so: bool = True) -> str:
    """ "31/MTTQ-BTT" -> "số ba mươi mốt, Mặt trận Tổ quốc, Ban Thường trực"."""
    first, *parts = re.split(r"[/-]", code)
    words = [number_words(int(first))]
    for part in parts:
        letters_digits = re.fullmatch(r"([A-Za-zĐđ]+)(\d+)", part)
        if part.isdigit():
            words.append(("năm " if len(part) == 4 else "") + _numeral(part))
        elif letters_digits:  # "QH14": Quốc hội khóa XIV
            words.append(f"{abbreviation(letters_digits.group(1))} {_numeral(letters_digits.group(2))}")
        else:
            words.append(abbreviation(part))
    text = ", ".join(words)
    return f"số {text}" if with_so else text


def url_words(url: str) -> str:
    """ "https://giaithuong.ttdn.vn" -> "giaithuong chấm tê tê dê en-nờ chấm vê en-nờ"."""
    text = re.sub(r"^[a-z]+://", "", url.strip(), flags=re.IGNORECASE)
    text = re.sub(r"^www\.", "", text, flags=re.IGNORECASE).rstrip("/")
    separators = {".": "chấm", "/": "gạch chéo", "-": "gạch ngang", "_": "gạch dưới", ":": "hai chấm",
                  "?": "chấm hỏi", "=": "bằng", "&": "và", "#": "thăng"}  # fmt: skip
    words = []
    for token in re.findall(r"[A-Za-z]+|\d+|.", text):
        if token in separators:
            words.append(separators[token])
        elif token.isdigit():
            words.append(digits_words(token))
        elif re.search(r"[aeiouy]", token, re.IGNORECASE):
            words.append(token.lower())
        else:
            words.append(spell(token))
    return " ".join(words)


def roman_value(text):
    values = [ROMAN[ch] for ch in text]
    total = sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))
    return total


def ordinal_words(number):
    return ORDINALS.get(number, number_words(number))


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"')]+", re.IGNORECASE)
_DOC = re.compile(r"(\b[Ss]ố:?\s+)?\b(\d{1,6}(?:[-/][0-9A-ZĐ][0-9A-Za-zĐđ]*)*(?:[-/][A-ZĐ][0-9A-Za-zĐđ]*))")
_DATE = re.compile(r"(\b[Nn]gày\s+)?\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_DATE_RANGE = re.compile(r"\b(\d{1,2}/\d{1,2}/\d{4})\s?[-–]\s?(\d{1,2}/\d{1,2}/\d{4})\b")
_LONG_DATE = re.compile(r"\b([Nn])gày\s+(\d{1,2})\s+tháng\s+(\d{1,2})(?:\s+năm\s+(\d{4}))?\b")
_DAY_MONTH = re.compile(r"\b([Nn])gày\s+(\d{1,2})/(\d{1,2})\b")
_MONTH_YEAR = re.compile(r"\b([Tt])háng\s+(\d{1,2})(?:/(\d{4})|\b)")
# A phone number: 0 then groups of digits ("0225 3842 111", "0912.345.678"), read digit by digit.
_PHONE = re.compile(r"(?<![\d.,])(?:\+84|0)\d{2,3}(?:[ .]\d{2,4}){1,3}(?![\d.,]\d)")
_TIME = re.compile(r"\b(\d{1,2})(?:h|:)(\d{2})?\b(?!:)")
_PERCENT = re.compile(r"(\d+(?:,\d+)?)\s?%")
_DECIMAL = re.compile(r"\b(\d+),(\d+)\b")
_THOUSANDS = re.compile(r"\b\d{1,3}(?:\.\d{3})+\b")
_RANGE = re.compile(r"\b(\d+)\s?[-–]\s?(\d+)\b")
_ORDINAL = re.compile(r"\b([Tt]hứ)\s+(\d+|[IVXLCDM]+)\b(?!\w)")
_FRACTION = re.compile(r"\b(\d+)/(\d+)\b")
_WORD = re.compile(r"(?<![\w-])([^\W\d_]{2,})(?!\w)")
_ABBR_DOT = re.compile(r"\b(TM|KT|TL)\.\s*")
_NUMBER = re.compile(r"\d+")


def _decimal(whole, fraction):
    return f"{_numeral(whole)} phẩy {_numeral(fraction) if not fraction.startswith('0') else digits_words(fraction)}"


def _keep_case(lead, words):
    """ "Ngày 20/6" at the start of a sentence keeps its capital."""
    return words[0].upper() + words[1:] if lead and lead[0] == "N" else words


def _caps_word(match):
    word = match.group(1)
    if not word.isupper() or (word not in ABBREVIATIONS and _is_syllable(word)):
        return word
    return abbreviation(word)


def spoken(text: str) -> str:
    """The text with numbers, codes, dates and addresses written out as they are read."""
    text = unicodedata.normalize("NFC", text)

    def url(match):
        raw = match.group(0)
        trail = ""
        while raw and raw[-1] in ".,;:":
            trail = raw[-1] + trail
            raw = raw[:-1]
        return url_words(raw) + trail

    text = _URL.sub(url, text)
    text = re.sub(r"\bV/v\b", "Về việc", text)
    text = _ABBR_DOT.sub(lambda m: ABBREVIATIONS[m.group(1)] + " ", text)
    text = _DATE_RANGE.sub(lambda m: f"{m.group(1)} đến {m.group(2)}", text)
    text = _DATE.sub(
        lambda m: _keep_case(m.group(1), date_words(int(m.group(2)), int(m.group(3)), int(m.group(4)))), text
    )
    text = _LONG_DATE.sub(
        lambda m: _keep_case(
            m.group(1), date_words(int(m.group(2)), int(m.group(3)), int(m.group(4)) if m.group(4) else None)
        ),
        text,
    )
    text = _DAY_MONTH.sub(lambda m: _keep_case(m.group(1), date_words(int(m.group(2)), int(m.group(3)))), text)
    text = _MONTH_YEAR.sub(
        lambda m: (
            f"{m.group(1)}háng {MONTHS.get(int(m.group(2)), number_words(int(m.group(2))))}"
            + (f" năm {number_words(int(m.group(3)))}" if m.group(3) else "")
        ),
        text,
    )

    def doc(match):
        lead = match.group(1)
        if lead:
            words = lead.rstrip().rstrip(":") + " " + document_number(match.group(2), with_so=False)
        else:
            words = document_number(match.group(2))
        # A pause after the code when the sentence runs on ("…, Ban Thường trực, ngày …").
        following = match.string[match.end() : match.end() + 2]
        return words + "," if following[:1] == " " and following[1:].isalpha() else words

    text = _DOC.sub(doc, text)
    text = _PHONE.sub(
        lambda m: ", ".join(
            ("cộng tám tư" if group == "+84" else digits_words(group)) for group in re.findall(r"\+84|\d+", m.group(0))
        ),
        text,
    )
    text = _TIME.sub(
        lambda m: (
            f"{number_words(int(m.group(1)))} giờ" + (f" {_numeral(m.group(2))} phút" if m.group(2) else "")
            if int(m.group(1)) <= 24 and (not m.group(2) or int(m.group(2)) < 60)
            else m.group(0)
        ),
        text,
    )
    text = _THOUSANDS.sub(lambda m: number_words(int(m.group(0).replace(".", ""))), text)
    text = _PERCENT.sub(
        lambda m: (_decimal(*m.group(1).split(",")) if "," in m.group(1) else _numeral(m.group(1))) + " phần trăm",
        text,
    )
    text = _DECIMAL.sub(lambda m: _decimal(m.group(1), m.group(2)), text)
    text = _ORDINAL.sub(
        lambda m: (
            f"{m.group(1)} " + ordinal_words(int(m.group(2)) if m.group(2).isdigit() else roman_value(m.group(2)))
        ),
        text,
    )
    text = _RANGE.sub(lambda m: f"{_numeral(m.group(1))} đến {_numeral(m.group(2))}", text)
    text = _FRACTION.sub(lambda m: f"{_numeral(m.group(1))} trên {_numeral(m.group(2))}", text)
    text = _WORD.sub(_caps_word, text)
    text = _NUMBER.sub(lambda m: _numeral(m.group(0)), text)
    # A slash left between words ("và/hoặc", "BTT/MTTQ" once expanded) reads as a pause.
    text = re.sub(r"\s*/\s*", ", ", text)
    text = text.replace("%", " phần trăm").replace("&", " và ")
    return re.sub(r"[ \t]+", " ", text)


def word_count(text: str) -> int:
    """Spoken words (Vietnamese syllables, "tiếng"): runs of letters."""
    return len(re.findall(r"\w+", text))


# Loudspeaker reading is slower than news reading so that it carries outdoors:
# 130 spoken words (tiếng) a minute is the assumption behind every reading time shown.
READING_RATE = 130


def reading_seconds(text: str, rate: int = READING_RATE) -> int:
    return round(word_count(text) * 60 / rate)
