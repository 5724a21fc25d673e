"""Spoken Vietnamese for loudspeaker bulletins (outreach/spoken.py, outreach/bulletin.py)."""

import re

import pytest

from campaign.letter import directive_for_display, directive_plain_text
from campaign.models import Directive
from outreach.bulletin import article_bulletin, directive_bulletin
from outreach.spoken import (
    READING_RATE,
    date_words,
    document_number,
    number_words,
    reading_seconds,
    spell,
    spoken,
    url_words,
    word_count,
)

SLASH_CODE = re.compile(r"[A-ZĐ]+/")


class TestNumberWords:
    """Integers read the way a Vietnamese announcer says them (mốt, tư, lăm, linh, mươi/mười)."""

    @pytest.mark.parametrize(
        ("number", "words"),
        [
            (0, "không"),
            (1, "một"),
            (4, "bốn"),
            (5, "năm"),
            (10, "mười"),
            (11, "mười một"),
            (14, "mười bốn"),
            (15, "mười lăm"),
            (20, "hai mươi"),
            (21, "hai mươi mốt"),
            (24, "hai mươi tư"),
            (25, "hai mươi lăm"),
            (31, "ba mươi mốt"),
            (100, "một trăm"),
            (101, "một trăm linh một"),
            (104, "một trăm linh bốn"),
            (105, "một trăm linh năm"),
            (110, "một trăm mười"),
            (115, "một trăm mười lăm"),
            (379, "ba trăm bảy mươi chín"),
            (1000, "một nghìn"),
            (1005, "một nghìn không trăm linh năm"),
            (2026, "hai nghìn không trăm hai mươi sáu"),
            (2412, "hai nghìn bốn trăm mười hai"),
            (10_000, "mười nghìn"),
            (21_000, "hai mươi mốt nghìn"),
            (1_000_000, "một triệu"),
            (1_000_001, "một triệu không nghìn không trăm linh một"),
            (2_000_500, "hai triệu không nghìn năm trăm"),
            (1_234_567, "một triệu hai trăm ba mươi tư nghìn năm trăm sáu mươi bảy"),
            (1_000_000_000, "một tỷ"),
        ],
    )
    def test_number(self, number, words):
        assert number_words(number) == words


class TestSpokenForms:
    """Codes, dates, addresses, percentages and times are written out as they are read."""

    def test_document_number_of_the_letter(self):
        assert document_number("31/MTTQ-BTT") == "số ba mươi mốt, Mặt trận Tổ quốc, Ban Thường trực"

    def test_document_numbers_with_year_and_unknown_symbol(self):
        assert document_number("30/2020/NĐ-CP") == "số ba mươi, năm hai nghìn không trăm hai mươi, Nghị định, Chính phủ"
        assert document_number("12/XYZ") == "số mười hai, ích-xì i dài dét"
        assert (
            document_number("59/2020/QH14") == "số năm mươi chín, năm hai nghìn không trăm hai mươi, Quốc hội mười bốn"
        )
        assert document_number("05/CT-TTg") == "số năm, Chỉ thị, Thủ tướng Chính phủ"

    def test_no_double_so(self):
        assert spoken("Công văn số 379/MTTW-BTT ngày 08/6/2026") == (
            "Công văn số ba trăm bảy mươi chín, Ủy ban Trung ương Mặt trận Tổ quốc, Ban Thường trực, "
            "ngày tám tháng sáu năm hai nghìn không trăm hai mươi sáu"
        )
        assert spoken("Số: 31/MTTQ-BTT") == "Số ba mươi mốt, Mặt trận Tổ quốc, Ban Thường trực"

    @pytest.mark.parametrize(
        "text",
        ["18/6/2026", "ngày 18/6/2026", "ngày 18 tháng 6 năm 2026"],
    )
    def test_letter_date(self, text):
        assert spoken(text) == "ngày mười tám tháng sáu năm hai nghìn không trăm hai mươi sáu"

    def test_fourth_month_and_leading_zeros(self):
        assert date_words(24, 4) == "ngày hai mươi tư tháng tư"
        assert spoken("ngày 04/01/2025") == "ngày bốn tháng một năm hai nghìn không trăm hai mươi lăm"

    def test_contest_url(self):
        assert url_words("https://giaithuong.ttdn.vn") == "giaithuong chấm tê tê dê en-nờ chấm vê en-nờ"
        assert spoken("tại website: https://giaithuong.ttdn.vn.") == (
            "tại website: giaithuong chấm tê tê dê en-nờ chấm vê en-nờ."
        )
        assert url_words("http://www.example.com/tin-tuc/2026") == (
            "example chấm com gạch chéo tin gạch ngang tuc gạch chéo hai không hai sáu"
        )

    def test_percent_decimal_thousands_time(self):
        assert spoken("đạt 50%") == "đạt năm mươi phần trăm"
        assert spoken("tăng 2,5%") == "tăng hai phẩy năm phần trăm"
        assert spoken("2.412 tác phẩm") == "hai nghìn bốn trăm mười hai tác phẩm"
        assert spoken("lúc 14h30") == "lúc mười bốn giờ ba mươi phút"
        assert spoken("lúc 8:05") == "lúc tám giờ năm phút"
        assert spoken("lúc 7h") == "lúc bảy giờ"

    def test_ordinals_ranges_phones(self):
        assert spoken("lần thứ XII") == "lần thứ mười hai"
        assert spoken("lần thứ 1") == "lần thứ nhất"
        assert spoken("thứ IV") == "thứ tư"
        assert spoken("giai đoạn 2021-2025") == (
            "giai đoạn hai nghìn không trăm hai mươi mốt đến hai nghìn không trăm hai mươi lăm"
        )
        assert spoken("gọi 0225 3842 111") == "gọi không hai hai năm, ba tám bốn hai, một một một"
        assert spoken("1/7/2024–10/9/2025").startswith(
            "ngày một tháng bảy năm hai nghìn không trăm hai mươi tư đến ngày"
        )

    def test_abbreviations(self):
        assert spoken("Lãnh đạo UBND phường") == "Lãnh đạo Ủy ban nhân dân phường"
        assert spoken("Ban CTMT các tổ dân phố; Lưu: VT.") == "Ban Công tác Mặt trận các tổ dân phố; Lưu: Văn thư."
        assert spoken("TM. BAN THƯỜNG TRỰC") == "Thay mặt BAN THƯỜNG TRỰC"  # capital words stay words
        assert spoken("V/v tuyên truyền") == "Về việc tuyên truyền"
        assert spell("ABC") == "a bê xê"

    def test_reading_time(self):
        text = " ".join(["tiếng"] * READING_RATE)
        assert word_count(text) == READING_RATE
        assert reading_seconds(text) == 60


class TestLetterBulletin:
    """The bulletin of letter 31/MTTQ-BTT leaves no digit and no slash code unread."""

    @pytest.fixture
    def bulletin(self, letter):
        return directive_bulletin(directive_for_display().get(pk=letter.pk))

    def test_no_digit_no_slash_code(self, bulletin):
        assert not re.search(r"\d", bulletin.text), re.search(r".{30}\d.{30}", bulletin.text)
        assert not SLASH_CODE.search(bulletin.text)

    def test_whole_plain_letter_reads_without_digits(self, letter):
        """Every line of the letter, the distribution list and signature included."""
        text = spoken(directive_plain_text(directive_for_display().get(pk=letter.pk)))
        assert not re.search(r"\d", text)
        assert not SLASH_CODE.search(text)

    def test_pins_number_date_and_url(self, bulletin):
        assert bulletin.paragraphs[0].startswith(
            "Công văn số ba mươi mốt, Mặt trận Tổ quốc, Ban Thường trực của Ban Thường trực Ủy ban "
            "Mặt trận Tổ quốc Việt Nam phường Nam Đồng"
        )
        assert bulletin.paragraphs[1] == "Nam Đồng, ngày mười tám tháng sáu năm hai nghìn không trăm hai mươi sáu."
        assert "website: giaithuong chấm tê tê dê en-nờ chấm vê en-nờ." in bulletin.text
        assert "lần thứ mười hai" in bulletin.text and "XII" not in bulletin.text

    def test_order_and_signature(self, bulletin):
        text = bulletin.text
        assert (
            text.index("Kính gửi:")
            < text.index("Thực hiện Công văn số bảy trăm tám mươi ba ngày mười")
            < text.index("Mục một. Đẩy mạnh công tác tuyên truyền.")
        )
        assert bulletin.paragraphs[-1] == "Thay mặt Ban Thường trực, Chủ tịch: Đoàn Trung Thu."
        assert "Nơi nhận" not in text  # filing information is not read on air

    def test_reading_time_follows_the_stated_rate(self, bulletin):
        assert bulletin.words > 500
        assert bulletin.seconds == round(bulletin.words * 60 / READING_RATE)


class TestArticleBulletin:
    """A news item's bulletin is its title, date, summary and body as plain spoken text."""

    def test_html_is_stripped_and_numbers_spoken(self, db):
        from django.utils import timezone

        from news.models import Article

        article = Article(
            title="Hội nghị tại tổ dân phố 5",
            summary="Có 120 người dự.",
            body="<p>Ngày 20/6/2026, <strong>50%</strong> hộ dân đã nghe.</p><ul><li>Xem https://giaithuong.ttdn.vn</li></ul>",
            status=Article.Status.PUBLISHED,
            published_at=timezone.make_aware(timezone.datetime(2026, 6, 21, 9, 0)),
        )
        bulletin = article_bulletin(article)
        assert bulletin.paragraphs == [
            "Hội nghị tại tổ dân phố năm.",
            "Tin ngày hai mươi mốt tháng sáu năm hai nghìn không trăm hai mươi sáu.",
            "Có một trăm hai mươi người dự.",
            "Ngày hai mươi tháng sáu năm hai nghìn không trăm hai mươi sáu, năm mươi phần trăm hộ dân đã nghe.",
            "Xem giaithuong chấm tê tê dê en-nờ chấm vê en-nờ.",
        ]
        assert "<" not in bulletin.text


def test_directive_model_is_what_the_fixture_loads(letter):
    assert Directive.objects.published().get() == letter
