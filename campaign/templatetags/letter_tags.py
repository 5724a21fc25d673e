"""The letter page's long lists (campaign/directive_detail.html), written in Python in one
pass instead of template loops (about 40 µs a row there): the task sections with their items
and the table of the documents the letter cites. The HTML is what the template loops wrote,
every value escaped."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from campaign.models import DocumentType

from ..text import vn_numeric_date

register = template.Library()

_SECTION = (
    '\n    <section class="nd-letter__section" id="muc-{number}">\n'
    '      <h2 class="nd-letter__section-title">{number}. {title}{punctuation}</h2>\n'
    "      {items}\n"
    "    </section>\n    "
)
_ITEM = '<p class="nd-letter__item">- {html}</p>'


@register.simple_tag
def letter_sections(sections):
    """``sections``: ``[(number, title, title punctuation, [item HTML])]``, the items' HTML being
    ``TaskItem.text_html`` (already escaped, kept on save)."""
    return mark_safe(  # noqa: S308 (every value escaped, or HTML kept escaped on save)
        "".join(
            _SECTION.format(
                number=number,
                title=conditional_escape(title),
                punctuation=conditional_escape(punctuation),
                items="".join(_ITEM.format(html=html) for html in items),
            )
            for number, title, punctuation, items in sections
        )
    )


_REFERENCE = (
    "\n      <tr>\n"
    '        <th scope="row" lang="vi">{type} số {number}<span class="nd-table__sub">{wording}{subject}</span></th>\n'
    "        <td>{date}</td>\n"
    '        <td lang="vi">{issuer}</td>\n'
    "      </tr>\n    "
)


@register.simple_tag
def letter_references(legal_paragraphs):
    """The rows of the table of cited documents: ``legal_paragraphs`` as
    ``campaign.letter.legal_basis_paragraphs`` gives them (documents with their issuer)."""
    rows = []
    for wording, documents, _text in legal_paragraphs:
        wording = conditional_escape(wording)
        for document in documents:
            subject = ""
            if document.subject:
                lead = "V/v " if document.doc_type == DocumentType.CONG_VAN else ""
                subject = f": {lead}{conditional_escape(document.subject)}"
            issuer = conditional_escape(document.issuer.name)
            if document.url:
                issuer = f'<a href="{conditional_escape(document.url)}" rel="noopener">{issuer}</a>'
            rows.append(
                _REFERENCE.format(
                    type=conditional_escape(document.type_wording),
                    number=conditional_escape(document.number),
                    wording=wording,
                    subject=subject,
                    date=conditional_escape(vn_numeric_date(document.issued_on) if document.issued_on else ""),
                    issuer=issuer,
                )
            )
    return mark_safe("".join(rows))  # noqa: S308 (every value escaped)
