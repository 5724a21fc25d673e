"""Assembling a directive back into the text of the letter, from its parts.

The public letter page and the plain-text version share these helpers, so the
wording rules (punctuation of lists, how legal bases read) live in one place.
The plain text follows the layout of the letter as received, and the test suite
compares it with the original, word for word.

Two things the public pages show are worked out on write here, not on each render: a
task item's HTML (``TaskItem.text_html``) and a section's item count
(``TaskSection.item_count``), kept by the receivers that ``CampaignConfig.ready()`` connects.
"""

from django.db.models import Prefetch
from django.template.defaultfilters import urlize

from .models import Addressee, Directive, LegalBasis, Recipient, TaskItem, TaskSection


def task_item_text_html(text):
    """A task item's text as the letter shows it: ``{{ text|urlize }}`` (escaped, links made
    clickable). A pure function of the text, stored in ``TaskItem.text_html`` on save."""
    return str(urlize(text, autoescape=True))


def task_item_pre_save(sender, instance, **kwargs):
    """``pre_save`` of ``TaskItem``, ``raw`` saves included (``loaddata``, backup restores): keep
    ``text_html`` in step with ``text``, whichever way the item is written, and remember the
    section an edited item leaves (its count changes too)."""
    instance.text_html = task_item_text_html(instance.text)
    instance._section_before = (
        TaskItem.objects.filter(pk=instance.pk).values_list("section_id", flat=True).first() if instance.pk else None
    )


def section_item_counts_refresh(section_ids):
    """Set ``TaskSection.item_count`` of these sections from their items (rows no longer there
    are skipped) and return ``{section id: count}``. Writes are rare and sections few: one count
    and one update each."""
    counts = {}
    for section_id in {pk for pk in section_ids if pk is not None}:
        counts[section_id] = TaskItem.objects.filter(section_id=section_id).count()
        TaskSection.objects.filter(pk=section_id).update(item_count=counts[section_id])
    return counts


def task_item_post_save(sender, instance, **kwargs):
    section_item_counts_refresh([instance.section_id, getattr(instance, "_section_before", None)])


def task_item_post_delete(sender, instance, **kwargs):
    section_item_counts_refresh([instance.section_id])


def task_section_post_save(sender, instance, **kwargs):
    """A section saved from a copy read before its items changed would write a stale count
    (and a restore of a backup older than the column writes none): count again."""
    instance.item_count = section_item_counts_refresh([instance.pk])[instance.pk]


def legal_basis_paragraphs(directive, bases=None):
    """The legal bases as the letter's paragraphs.

    Rows marked ``joins_previous`` continue the paragraph above, joined by "và".
    Each paragraph ends with ";", except the last, which runs on into the
    opening sentence (", Ban Thường trực … đề nghị …:") when there is one.
    ``bases``: the directive's legal bases in order, when the caller read them
    (else its prefetched ``legal_bases``). Returns a list of ``(wording, [documents], text)``.
    """
    groups = []
    for basis in directive.legal_bases.all() if bases is None else bases:
        if basis.joins_previous and groups:
            groups[-1][1].append(basis.document)
        else:
            groups.append((basis.wording, [basis.document]))
    paragraphs = []
    for index, (wording, documents) in enumerate(groups):
        text = f"{wording} " + " và ".join(document.citation for document in documents)
        last = index == len(groups) - 1
        if not last:
            text += ";"
        elif directive.opening_text:
            text += f", {directive.opening_text}"
        else:
            text += "."
        paragraphs.append((wording, documents, text))
    return paragraphs


def list_punctuation(lines):
    """Official list punctuation: ";" after each line, "." after the last."""
    return [f"{line};" if index < len(lines) - 1 else f"{line}." for index, line in enumerate(lines)]


def directive_plain_text(directive: Directive) -> str:
    """The whole letter as plain text, in the order and layout it was issued."""
    blocks = [
        f"Số: {directive.number}",
        directive.place_and_date,
        directive.subject_line,
    ]
    addressees = [addressee.name for addressee in directive.addressees.all()]
    if len(addressees) == 1:
        blocks.append(f"Kính gửi: {addressees[0]}.")
    elif addressees:
        lines = [f"- {line}" for line in list_punctuation(addressees)]
        blocks.append("Kính gửi: " + "\n".join(lines))
    paragraphs = legal_basis_paragraphs(directive)
    blocks.extend(text for _, _, text in paragraphs)
    if not paragraphs and directive.opening_text:
        blocks.append(directive.opening_text)
    for section in directive.sections.all():
        blocks.append(f"{section.number}. {section.title}{section.title_punctuation}")
        blocks.extend(f"- {item.text}" for item in section.items.all())
    blocks.extend(text for text in (directive.purpose_text, directive.request_text) if text)
    recipients = [recipient.name for recipient in directive.recipients.all()]
    if recipients:
        blocks.append("Nơi nhận:")
        blocks.append("\n".join(f"- {line}" for line in list_punctuation(recipients)))
    signature = [line.upper() for line in (directive.signing_authority, directive.signer_title) if line]
    blocks.append("\n".join(signature))
    blocks.append(directive.signer_name)
    return "\n\n".join(blocks) + "\n"


def directive_for_display(queryset=None):
    """A directive queryset with every part the letter shows fetched up front
    (six queries in all: the directive, then one per kind of part)."""
    queryset = Directive.objects.all() if queryset is None else queryset
    # Each part's Meta.ordering starts with its directive (or section), which makes the ORM join
    # that table and sort by *its* ordering; a prefetch keeps each parent's rows in the order the
    # query returns them, so ordering by the rest gives the same order with no join.
    return queryset.select_related("issuer__parent", "contest").prefetch_related(
        Prefetch("addressees", queryset=Addressee.objects.order_by("order", "id")),
        Prefetch("legal_bases", queryset=LegalBasis.objects.select_related("document__issuer").order_by("order", "id")),
        Prefetch("sections", queryset=TaskSection.objects.order_by("number")),
        Prefetch("sections__items", queryset=TaskItem.objects.order_by("order", "id")),
        Prefetch("recipients", queryset=Recipient.objects.order_by("order", "id")),
    )
