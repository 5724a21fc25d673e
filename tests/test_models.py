"""Model rules: valid numbers and symbols, NFC text, readable slugs, official dates."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError

from campaign.models import ContestPhase, Organization, ReferencedDocument
from campaign.text import fold, vn_long_date, vn_numeric_date, vn_slugify
from campaign.validators import validate_document_number


class TestDocumentNumber:
    """Số, ký hiệu are validated; garbage is refused in Vietnamese."""

    @pytest.mark.parametrize(
        "value",
        [
            "31/MTTQ-BTT",
            "897-CV/BTGDVTU",
            "59-NQ/TW",
            "57-KL/TW",
            "379/MTTW-BTT",
            "783",
            "05/2023/TT-BTC",
            "123/QĐ-UBND",
            "15/CT-TTg",
            "30/2020/NĐ-CP",
        ],
    )
    def test_valid(self, value):
        validate_document_number(value)

    @pytest.mark.parametrize(
        "value",
        [
            "",
            "abc",
            "MTTQ-BTT",
            "31//MTTQ",
            "31/mttq-btt",
            "31 / MTTQ",
            "31/MTTQ-",
            "<script>",
            "31/MTTQ BTT",
            "-31/MTTQ",
            "31/MTTQ..BTT",
            "9" * 10,
        ],
    )
    def test_garbage_refused_with_vietnamese_message(self, value):
        with pytest.raises(ValidationError) as error:
            validate_document_number(value)
        assert "không hợp lệ" in error.value.messages[0]

    def test_model_full_clean_uses_it(self, db):
        issuer = Organization.objects.create(name="Bộ Chính trị")
        document = ReferencedDocument(
            doc_type="ket-luan", number="57 KL TW", issued_on=datetime.date(2023, 6, 15), issuer=issuer
        )
        with pytest.raises(ValidationError) as error:
            document.full_clean()
        assert "number" in error.value.message_dict


class TestText:
    """Vietnamese text is stored NFC, slugged to readable ASCII and folded for search."""

    def test_slug_keeps_d(self):
        assert vn_slugify("Đẩy mạnh công tác tuyên truyền") == "day-manh-cong-tac-tuyen-truyen"
        assert vn_slugify("Phường Nam Đồng") == "phuong-nam-dong"

    def test_fold(self):
        assert fold("TUYÊN TRUYỀN") == fold("tuyên truyền") == fold("tuyen truyen") == "tuyen truyen"
        assert fold("Đồng") == "dong"

    def test_nfd_input_is_stored_nfc(self, db):
        decomposed = unicodedata.normalize("NFD", "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng")
        assert decomposed != unicodedata.normalize("NFC", decomposed)
        org = Organization.objects.create(name=decomposed)
        org.refresh_from_db()
        assert org.name == unicodedata.normalize("NFC", decomposed)
        assert Organization.objects.filter(name="Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng").exists()

    def test_official_dates(self):
        assert vn_numeric_date(datetime.date(2026, 6, 8)) == "08/6/2026"
        assert vn_numeric_date(datetime.date(2025, 1, 24)) == "24/01/2025"
        assert vn_numeric_date(datetime.date(2026, 12, 10)) == "10/12/2026"
        assert vn_long_date(datetime.date(2026, 6, 18)) == "ngày 18 tháng 6 năm 2026"


class TestContestPhase:
    """A phase cannot end before it starts."""

    def test_clean_refuses_reversed_dates(self):
        phase = ContestPhase(
            name="Nhận tác phẩm", starts_on=datetime.date(2026, 9, 1), ends_on=datetime.date(2026, 8, 1)
        )
        with pytest.raises(ValidationError) as error:
            phase.clean()
        assert "ends_on" in error.value.message_dict


class TestSlugsMadeOnTheServer:
    """A slug left empty in the admin is made from the name, readable and unique."""

    def test_unit_slug(self, letter):
        from campaign.models import TargetUnit, UnitGroup

        group = UnitGroup.objects.get(kind=UnitGroup.Kind.RESIDENTIAL)
        first = TargetUnit(group=group, name="Tổ dân phố Đồng Hòa 1")
        first.full_clean()
        first.save()
        assert first.slug == "to-dan-pho-dong-hoa-1"
        second = TargetUnit(group=group, name="Tổ dân phố  Đồng  Hòa - 1")
        second.full_clean()
        assert second.slug == "to-dan-pho-dong-hoa-1-2"

    def test_directive_slug_from_number(self, letter):
        from campaign.models import Directive

        directive = Directive(
            number="45/MTTQ-BTT",
            issuer=letter.issuer,
            place="Nam Đồng",
            issued_on=datetime.date(2026, 9, 1),
            subject="thử",
            signer_title="Chủ tịch",
            signer_name="Người ký thử",
        )
        directive.full_clean()
        assert directive.slug == "45-mttq-btt"
