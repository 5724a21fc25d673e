"""Writes with side effects: loading an official letter from its data file.

``directive_load`` is idempotent: it creates what is missing and leaves what
exists alone, so running it again changes nothing and never overwrites an edit
that staff made in the admin.
"""

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from .models import (
    Addressee,
    Contest,
    Directive,
    LegalBasis,
    Organization,
    OutreachChannel,
    Recipient,
    ReferencedDocument,
    TaskItem,
    TaskSection,
    UnitGroup,
)
from .text import vn_slugify

DATA_DIR = Path(__file__).resolve().parent / "data"
LETTER_31_PATH = DATA_DIR / "letter-31-MTTQ-BTT.json"


@dataclass
class LoadReport:
    """What a load created, by kind, for the command to print."""

    created: dict = field(default_factory=dict)

    def add(self, kind, created):
        if created:
            self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self):
        return sum(self.created.values())


def _date(value):
    return datetime.date.fromisoformat(value) if value else None


def _get_or_create(report, kind, model, lookup, defaults=None):
    obj, created = model.objects.get_or_create(**lookup, defaults=defaults or {})
    report.add(kind, created)
    return obj


@transaction.atomic
def directive_load(*, path=LETTER_31_PATH, data=None):
    """Load one directive and everything it refers to from a JSON data file.

    Objects are matched on their natural keys (a body by name, a document by
    type, number, date and issuer, a directive by issuer, number and date). A
    directive that already exists is left untouched, children included.
    """
    if data is None:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    report = LoadReport()

    orgs = {}
    for item in data.get("organizations", []):
        orgs[item["key"]] = _get_or_create(
            report,
            "cơ quan",
            Organization,
            {"name": item["name"]},
            {"short_name": item.get("short_name", ""), "parent": orgs.get(item.get("parent"))},
        )

    documents = {}
    for item in data.get("referenced_documents", []):
        documents[item["key"]] = _get_or_create(
            report,
            "văn bản dẫn chiếu",
            ReferencedDocument,
            {
                "doc_type": item["doc_type"],
                "number": item["number"],
                "issued_on": _date(item["issued_on"]),
                "issuer": orgs[item["issuer"]],
            },
            {"subject": item.get("subject", "")},
        )

    contests = {}
    if "contest" in data:
        item = data["contest"]
        contests[item["slug"]] = _get_or_create(
            report,
            "giải thưởng",
            Contest,
            {"slug": item["slug"]},
            {
                "name": item["name"],
                "name_en": item.get("name_en", ""),
                "edition": item.get("edition", ""),
                "website": item["website"],
            },
        )

    groups = {}
    for item in data.get("unit_groups", []):
        groups[item["key"]] = _get_or_create(
            report,
            "nhóm đơn vị",
            UnitGroup,
            {"slug": item["slug"]},
            {"name": item["name"], "kind": item["kind"], "order": item.get("order", 0)},
        )

    channels = {}
    for item in data.get("channels", []):
        channels[item["key"]] = _get_or_create(
            report,
            "hình thức tuyên truyền",
            OutreachChannel,
            {"slug": item["key"]},
            {"name": item["name"], "order": item.get("order", 0)},
        )

    if "directive" in data:
        _load_directive(data["directive"], report, orgs, documents, contests, groups, channels)
    return report


def _load_directive(item, report, orgs, documents, contests, groups, channels):
    issuer = orgs[item["issuer"]]
    issued_on = _date(item["issued_on"])
    if Directive.objects.filter(issuer=issuer, number=item["number"], issued_on=issued_on).exists():
        return
    # Published as of the day of issue, in the ward's time zone.
    published_at = datetime.datetime.combine(issued_on, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))
    directive = Directive.objects.create(
        doc_type=item["doc_type"],
        number=item["number"],
        slug=Directive.slug_for_number(item["number"]),
        issuer=issuer,
        place=item["place"],
        issued_on=issued_on,
        subject=item["subject"],
        summary=item.get("summary", ""),
        opening_text=item.get("opening_text", ""),
        purpose_text=item.get("purpose_text", ""),
        request_text=item.get("request_text", ""),
        signing_authority=item.get("signing_authority", ""),
        signer_title=item["signer_title"],
        signer_name=item["signer_name"],
        contest=contests.get(item.get("contest")),
        status=Directive.Status.PUBLISHED,
        published_at=published_at,
    )
    report.add("văn bản chỉ đạo", True)

    for order, line in enumerate(item.get("addressees", []), start=1):
        Addressee.objects.create(
            directive=directive, order=order, name=line["name"], group=groups.get(line.get("group"))
        )
        report.add("nơi gửi", True)
    for order, line in enumerate(item.get("legal_bases", []), start=1):
        LegalBasis.objects.create(
            directive=directive,
            order=order,
            relation=line["relation"],
            relation_wording=line.get("relation_wording", ""),
            document=documents[line["document"]],
            joins_previous=line.get("joins_previous", False),
        )
        report.add("căn cứ", True)
    for line in item.get("sections", []):
        section = TaskSection.objects.create(
            directive=directive,
            number=line["number"],
            title=line["title"],
            title_punctuation=line.get("title_punctuation", ""),
            slug=vn_slugify(line["title"]),
        )
        report.add("mục nội dung", True)
        for order, task in enumerate(line.get("items", []), start=1):
            task_item = TaskItem.objects.create(section=section, order=order, text=task["text"])
            task_item.channels.set([channels[key] for key in task.get("channels", [])])
            report.add("nhiệm vụ", True)
    for order, name in enumerate(item.get("recipients", []), start=1):
        Recipient.objects.create(directive=directive, order=order, name=name)
        report.add("nơi nhận", True)
