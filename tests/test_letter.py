"""The letter 31/MTTQ-BTT is held as data, word for word."""

import difflib
import json
import random
import re
import unicodedata
from pathlib import Path

import pytest
from django.core import serializers
from django.core.management import call_command
from django.db.models import Count
from django.template.defaultfilters import urlize
from django.utils import timezone

from campaign.letter import directive_for_display, directive_plain_text
from campaign.models import Directive, TaskItem, TaskSection
from campaign.services import LETTER_31_PATH, directive_load

ORIGINAL = Path(__file__).parent / "data" / "letter_31-MTTQ-BTT.txt"


def logical_lines(text):
    """The letter's lines, without the layout of the copy we received.

    Removes Markdown emphasis (``**``) and autolink brackets, blank lines and
    surrounding spaces, and joins soft-wrapped lines: in the received copy the
    subject is wrapped over three lines, each continuation starting in lower
    case, which no other line of an official letter does.
    """
    text = unicodedata.normalize("NFC", text).replace("**", "")
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    lines = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        if not line:
            continue
        if lines and line[0].islower():
            lines[-1] += " " + line
        else:
            lines.append(line)
    return lines


def rendered_lines(directive):
    return logical_lines(directive_plain_text(directive_for_display().get(pk=directive.pk)))


def assert_same_letter(actual, expected):
    if actual != expected:
        diff = "\n".join(difflib.unified_diff(expected, actual, "original", "from data", lineterm=""))
        pytest.fail("The letter rendered from the data differs from the original:\n" + diff)


class TestRoundTrip:
    """Rendering the directive back from its parts gives the original letter, line by line."""

    def test_letter_renders_back_word_for_word(self, letter):
        expected = logical_lines(ORIGINAL.read_text(encoding="utf-8"))
        assert len(expected) == 33  # every line of the letter is compared, not a prefix
        assert_same_letter(rendered_lines(letter), expected)

    @pytest.mark.parametrize(
        "path, old, new",
        [
            (("directive", "sections", 2, "title"), "Phân đấu", "Phấn đấu"),
            (("directive", "recipients", 5), "Lưu: VT", "Lưu: VP"),
            (("referenced_documents", 1, "number"), "379/MTTW-BTT", "379/MTTQ-BTT"),
            (("referenced_documents", 0, "issued_on"), "2026-06-10", "2026-06-11"),
            (("directive", "legal_bases", 4, "joins_previous"), True, False),
            (("directive", "signer_name"), "Đoàn Trung Thu", "Đoàn Trung Thư"),
        ],
    )
    def test_one_changed_word_in_the_data_file_is_caught(self, db, path, old, new):
        data = json.loads(LETTER_31_PATH.read_text(encoding="utf-8"))
        node = data
        for key in path[:-1]:
            node = node[key]
        value = node[path[-1]]
        if isinstance(value, str):
            assert old in value
            node[path[-1]] = value.replace(old, new, 1)
        else:
            assert value == old
            node[path[-1]] = new
        directive_load(data=data)
        directive = Directive.objects.get(number="31/MTTQ-BTT")
        expected = logical_lines(ORIGINAL.read_text(encoding="utf-8"))
        assert rendered_lines(directive) != expected

    def test_plain_text_page_serves_the_letter(self, client, letter):
        response = client.get(f"/van-ban/{letter.slug}/van-ban.txt")
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert logical_lines(response.content.decode()) == logical_lines(ORIGINAL.read_text(encoding="utf-8"))


class TestLetterParts:
    """Every part of the letter is its own data, not one blob of text."""

    def test_parts(self, letter):
        assert letter.number == "31/MTTQ-BTT"
        assert letter.slug == "31-mttq-btt"
        assert letter.place == "Nam Đồng"
        assert letter.issued_on.isoformat() == "2026-06-18"
        assert letter.issuer.name == "Ban Thường trực Ủy ban MTTQ Việt Nam phường Nam Đồng"
        assert letter.issuer.parent.name == "Ủy ban MTTQ Việt Nam phường Nam Đồng"
        assert [a.group.slug for a in letter.addressees.all()] == [
            "ban-cong-tac-mat-tran-cac-to-dan-pho",
            "cac-to-chuc-thanh-vien-cua-mat-tran",
            "cac-chi-hoi-doan-the-tren-dia-ban-phuong",
        ]
        bases = list(letter.legal_bases.all())
        assert [(b.relation, b.document.number, b.document.issued_on.isoformat()) for b in bases] == [
            ("thuc-hien", "783", "2026-06-10"),
            ("can-cu", "379/MTTW-BTT", "2026-06-08"),
            ("can-cu", "897-CV/BTGDVTU", "2026-06-04"),
            ("nham-gop-phan", "57-KL/TW", "2023-06-15"),
            ("nham-gop-phan", "59-NQ/TW", "2025-01-24"),
        ]
        assert bases[3].document.issuer == bases[4].document.issuer  # one body, Bộ Chính trị, held once
        sections = list(letter.sections.all())
        assert [(s.number, s.slug, s.items.count()) for s in sections] == [
            (1, "day-manh-cong-tac-tuyen-truyen", 4),
            (2, "tao-dieu-kien-thuan-loi-cho-cac-tap-the-ca-nhan-tham-gia-giai-thuong", 3),
            (3, "phan-dau-co-tac-pham-chat-luong-tham-gia-giai-thuong", 1),
        ]
        channel_item = sections[0].items.all()[2]
        assert [c.name for c in channel_item.channels.all()] == [
            "Hội nghị",
            "Sinh hoạt chi hội",
            "Sinh hoạt cộng đồng",
            "Hệ thống truyền thanh cơ sở",
            "Các nền tảng mạng xã hội",
            "Các kênh thông tin của địa phương",
        ]
        assert [r.name for r in letter.recipients.all()][-1] == "Lưu: VT"
        assert letter.recipients.count() == 6
        assert (letter.signing_authority, letter.signer_title, letter.signer_name) == (
            "TM. Ban Thường trực",
            "Chủ tịch",
            "Đoàn Trung Thu",
        )
        assert letter.contest.full_name == "Giải thưởng toàn quốc về thông tin đối ngoại lần thứ XII"
        assert letter.contest.website == "https://giaithuong.ttdn.vn"

    def test_contest_dates_are_not_guessed(self, letter):
        """Nothing is known about the 12th edition's phases or categories: none are made up."""
        assert letter.contest.phases.count() == 0
        assert letter.contest.categories.count() == 0
        assert letter.contest.organizers.count() == 0


class TestTaskItemHtml:
    """The letter shows each task item as ``{{ text|urlize }}`` would, from a column kept on
    every write (``TaskItem.text_html``), never stale."""

    @staticmethod
    def fresh(item):
        return str(urlize(item.text, autoescape=True))

    def test_loaded_letter(self, letter):
        items = list(TaskItem.objects.filter(section__directive=letter))
        assert len(items) == 8
        assert all(item.text_html == self.fresh(item) for item in items)
        linked = [item for item in items if "https://giaithuong.ttdn.vn" in item.text]
        assert len(linked) == 1
        assert '<a href="https://giaithuong.ttdn.vn" rel="nofollow">' in linked[0].text_html

    def test_writes(self, letter):
        item = TaskItem.objects.filter(section__directive=letter).first()
        item.text = "Xem <b>thể lệ</b> tại www.example.org & gửi về a@example.org."
        item.save()
        item.refresh_from_db()
        assert item.text_html == self.fresh(item)
        assert "&lt;b&gt;" in item.text_html and 'href="mailto:a@example.org"' in item.text_html
        item.text = "Chỉ sửa nội dung: https://example.org/the-le"
        item.save(update_fields=["text"])
        item.refresh_from_db()
        assert item.text_html == self.fresh(item)
        created = TaskItem.objects.create(section=item.section, order=99, text="Mới: http://example.com")
        assert TaskItem.objects.get(pk=created.pk).text_html == self.fresh(created)

    def test_loaddata_fills_it(self, letter, tmp_path):
        """A backup made before the column existed (no ``text_html``) restores with it filled."""
        item = TaskItem.objects.filter(section__directive=letter).last()
        rows = json.loads(serializers.serialize("json", [item]))
        del rows[0]["fields"]["text_html"]
        rows[0]["fields"]["text"] = "Khôi phục: https://example.net"
        dump = tmp_path / "items.json"
        dump.write_text(json.dumps(rows), encoding="utf-8")
        call_command("loaddata", str(dump), verbosity=0)
        item.refresh_from_db()
        assert item.text_html == self.fresh(item) != ""

    def test_page_shows_it(self, client, letter):
        html = client.get(letter.get_absolute_url()).content.decode()
        for item in TaskItem.objects.filter(section__directive=letter):
            assert f'<p class="nd-letter__item">- {self.fresh(item)}</p>' in html


class TestSectionItemCount:
    """``TaskSection.item_count`` (the home page's "N việc cụ thể") always equals a fresh count
    of the section's items, whatever writes the items or the section."""

    @staticmethod
    def assert_fresh():
        stored = dict(TaskSection.objects.values_list("pk", "item_count"))
        fresh = dict(TaskSection.objects.annotate(n=Count("items")).values_list("pk", "n"))
        assert stored == fresh

    def test_random_writes(self, letter):
        rng = random.Random(7)
        sections = list(TaskSection.objects.filter(directive=letter))
        assert [s.item_count for s in sections] == [4, 3, 1]
        for step in range(60):
            items = list(TaskItem.objects.all())
            action = rng.choice(["create", "move", "edit", "delete", "stale-section", "update-fields"])
            if action == "create" or not items:
                TaskItem.objects.create(section=rng.choice(sections), order=step, text=f"Việc {step}")
            elif action == "move":
                item = rng.choice(items)
                item.section = rng.choice(sections)
                item.save()
            elif action == "edit":
                item = rng.choice(items)
                item.text += " (sửa)"
                item.save()
            elif action == "delete":
                rng.choice(items).delete()
            elif action == "stale-section":
                # A copy of the section read before its items change, saved afterwards.
                section = TaskSection.objects.get(pk=rng.choice(sections).pk)
                TaskItem.objects.create(section=section, order=step, text=f"Thêm {step}")
                section.title += "."
                section.save()
                assert section.item_count == section.items.count()
            else:
                item = rng.choice(items)
                item.section = rng.choice(sections)
                item.save(update_fields=["section"])
            self.assert_fresh()
        TaskItem.objects.filter(section=sections[0]).delete()  # a queryset delete sends post_delete too
        self.assert_fresh()
        sections[1].delete()
        self.assert_fresh()

    def test_restore_of_an_older_backup(self, letter, tmp_path):
        """Sections dumped before the column existed (no ``item_count``) load with the right count."""
        sections = TaskSection.objects.filter(directive=letter)
        rows = json.loads(serializers.serialize("json", sections))
        for row in rows:
            del row["fields"]["item_count"]
        TaskSection.objects.update(item_count=0)
        dump = tmp_path / "sections.json"
        dump.write_text(json.dumps(rows), encoding="utf-8")
        call_command("loaddata", str(dump), verbosity=0)
        assert [s.item_count for s in sections.order_by("number")] == [4, 3, 1]
        self.assert_fresh()

    def test_home_shows_it(self, client, letter, no_page_cache):
        letter.status, letter.published_at = Directive.Status.PUBLISHED, timezone.now()
        letter.save()
        html = client.get("/").content.decode()
        assert [int(n) for n in re.findall(r'nd-steps__meta">(\d+) việc cụ thể', html)] == [4, 3, 1]
