"""The letter, tasks and contest pages read each part of the directive and the contest with
prepared queries (campaign/views.py): each list shows what the ORM's relations hold, in the
order staff gave, for the directive or contest shown and no other."""

import datetime
import re

import pytest
from django.utils import timezone

from campaign.models import Directive, Organization, OutreachChannel, TaskItem, TaskSection

pytestmark = pytest.mark.usefixtures("no_page_cache")


@pytest.fixture
def other_letter(letter):
    """An older published letter of no contest, with a section that has no item."""
    directive = Directive.objects.create(
        number="30/MTTQ-BTT",
        slug="30-mttq-btt",
        issuer=letter.issuer,
        place="Nam Đồng",
        issued_on=letter.issued_on - datetime.timedelta(days=30),
        subject="việc khác",
        signer_title="Chủ tịch",
        signer_name="Người ký thử",
        status=Directive.Status.PUBLISHED,
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    TaskSection.objects.create(directive=directive, number=2, title="Mục không có việc", slug="muc-2")
    first = TaskSection.objects.create(directive=directive, number=1, title="Mục một", slug="muc-1")
    TaskItem.objects.create(section=first, order=2, text="Việc sau")
    TaskItem.objects.create(section=first, order=1, text="Việc trước, xem https://example.org/a")
    return directive


def _between(html, start, end):
    return html.split(start, 1)[1].split(end, 1)[0]


def test_letter_shows_its_own_sections_items_and_parts_in_order(client, letter, other_letter):
    html = client.get("/van-ban/30-mttq-btt/").content.decode()
    body = _between(html, 'class="nd-letter__body"', "</article>")
    assert body.index("1. Mục một") < body.index("Việc trước") < body.index("Việc sau") < body.index("2. Mục không")
    assert 'href="https://example.org/a"' in body  # the item's stored HTML
    assert '<section class="nd-letter__section" id="muc-2">' in body  # a section with no item still shows
    assert "Đẩy mạnh" not in body  # nothing of the other letter
    html = client.get("/van-ban/31-mttq-btt/").content.decode()
    for part, block in ((letter.addressees, "nd-letter__to-list"), (letter.recipients, "nd-letter__recipients")):
        listed = re.findall(r"<li>(?:- )?(.*?)[;.]</li>", _between(html, block, "</ul>"))
        assert listed == [row.name for row in part.order_by("order", "id")]
    items = TaskItem.objects.filter(section__directive=letter).order_by("section__number", "order", "id")
    rendered = re.findall(r'<p class="nd-letter__item">- (.*?)</p>', html, re.S)
    assert rendered == [item.text_html for item in items]


def test_tasks_page_lists_each_items_channels_in_channel_order(client, letter):
    channels = list(OutreachChannel.objects.order_by("order", "name"))
    items = list(TaskItem.objects.filter(section__directive=letter).order_by("section__number", "order", "id"))
    assert len(channels) >= 3 and len(items) >= 3
    items[0].channels.set([channels[2], channels[0]])
    items[1].channels.set([])
    items[2].channels.set([channels[1]])
    html = client.get("/nhiem-vu/").content.decode()
    blocks = re.findall(r'<li class="nd-task__item">(.*?)</li>', html, re.S)
    assert len(blocks) == len(items)
    for item, block in zip(items, blocks, strict=True):
        expected = [channel.name for channel in item.channels.order_by("order", "name")]
        assert re.findall(r'<span class="nd-tag" lang="vi">(.*?)</span>', block) == expected
    summary = _between(html, 'id="nd-channels-title"', "</section>")
    used = OutreachChannel.objects.filter(task_items__section__directive=letter).distinct().order_by("order", "name")
    assert re.findall(r'<span class="nd-chip" lang="vi">(.*?)</span>', summary) == [c.name for c in used]


def test_tasks_page_in_english_links_the_english_text(client, letter):
    item = TaskItem.objects.filter(section__directive=letter).order_by("section__number", "order", "id").first()
    item.text_en = "See https://example.org/en <now>"
    item.save()
    html = client.get("/en/nhiem-vu/").content.decode()
    link = '<a href="https://example.org/en" rel="nofollow">https://example.org/en</a>'
    assert f'<p lang="en">See {link} &lt;now&gt;</p>' in html


def test_contest_page_lists_organizers_and_the_help_section_of_its_letter(client, letter, other_letter):
    contest = letter.contest
    organizers = list(Organization.objects.order_by("-name")[:2])
    contest.organizers.set(organizers)
    html = client.get("/giai-thuong/").content.decode()
    listed = _between(html, 'id="nd-organizers-title"', "</section>")
    assert re.findall(r'<li lang="vi">(.*?)</li>', listed) == sorted(o.name for o in organizers)
    help_items = _between(html, '<ul class="nd-checklist">', "</ul>")
    section = letter.sections.get(number=2)
    assert re.findall(r'<li lang="vi">(.*?)</li>', help_items) == [
        item.text for item in section.items.order_by("order", "id")
    ]
    section.items.all().delete()
    html = client.get("/giai-thuong/").content.decode()
    assert '<ul class="nd-checklist"></ul>' in html  # the section, even with no item left
    section.delete()
    assert "nd-checklist" not in client.get("/giai-thuong/").content.decode()
