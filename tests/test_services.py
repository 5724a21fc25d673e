"""Loading the letter is idempotent and respects staff edits."""

from django.core.management import call_command

from campaign.models import (
    Directive,
    LegalBasis,
    Organization,
    OutreachChannel,
    Recipient,
    ReferencedDocument,
    TaskItem,
    UnitGroup,
)

MODELS = [Directive, LegalBasis, Organization, OutreachChannel, Recipient, ReferencedDocument, TaskItem, UnitGroup]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


class TestLoadLetter:
    """`manage.py load_letter` creates the letter once; running it again changes nothing."""

    def test_second_run_changes_nothing(self, db, capsys):
        call_command("load_letter")
        first = counts()
        assert first["Directive"] == 1 and first["TaskItem"] == 8 and first["Recipient"] == 6
        assert "đã tạo" in capsys.readouterr().out
        call_command("load_letter")
        assert counts() == first
        assert "không thay đổi gì" in capsys.readouterr().out

    def test_staff_edit_is_not_overwritten(self, letter):
        letter.summary = "Tóm tắt do cán bộ phường viết."
        letter.save()
        item = TaskItem.objects.filter(section__directive=letter).first()
        item.delete()
        call_command("load_letter")
        letter.refresh_from_db()
        assert letter.summary == "Tóm tắt do cán bộ phường viết."
        assert TaskItem.objects.filter(section__directive=letter).count() == 7
