"""Loudspeaker bulletins (bản tin phát thanh): a letter or a news item as a
reading script, every number, code, date and address written as it is said
(``spoken.py``).

The letter's script is assembled from the same helpers as its plain text
(``campaign/letter.py``): the legal bases read as the letter words them, then
the tasks, the closing paragraphs and the signature. The distribution list
(Nơi nhận, "Lưu: VT") is filing information and is not read on air.
The script's framing is Vietnamese whatever the page's language: it is read
to residents.
"""

from dataclasses import dataclass

from campaign.letter import legal_basis_paragraphs
from news.sanitize import html_to_text

from .spoken import READING_RATE, date_words, document_number, number_words, reading_seconds, spoken, word_count


@dataclass
class Bulletin:
    title: str
    paragraphs: list

    @property
    def text(self):
        return "\n\n".join(self.paragraphs) + "\n"

    @property
    def words(self):
        return word_count(self.text)

    @property
    def seconds(self):
        return reading_seconds(self.text)

    @property
    def minutes_and_seconds(self):
        return divmod(self.seconds, 60)

    rate = READING_RATE


def _sentence(text):
    text = text.strip()
    return text if text.endswith((".", ":", "!", "?")) else text + "."


def directive_bulletin(directive) -> Bulletin:
    """The letter as read on air (the directive prefetched by ``directive_for_display``)."""
    heading = f"{directive.type_wording} {document_number(directive.number)} của {spoken(directive.issuer.name)}"
    paragraphs = [
        _sentence(heading),
        _sentence(spoken(directive.place_and_date)),
        _sentence(spoken(directive.subject_line)),
    ]
    addressees = [addressee.name for addressee in directive.addressees.all()]
    if addressees:
        paragraphs.append(_sentence("Kính gửi: " + "; ".join(spoken(name) for name in addressees)))
    legal = legal_basis_paragraphs(directive)
    paragraphs += [spoken(text) for _, _, text in legal]
    if not legal and directive.opening_text:
        paragraphs.append(spoken(directive.opening_text))
    for section in directive.sections.all():
        paragraphs.append(f"Mục {number_words(section.number)}. {_sentence(spoken(section.title))}")
        paragraphs += [_sentence(spoken(item.text)) for item in section.items.all()]
    paragraphs += [spoken(text) for text in (directive.purpose_text, directive.request_text) if text]
    signature = ", ".join(spoken(line) for line in (directive.signing_authority, directive.signer_title) if line)
    paragraphs.append(_sentence(f"{signature}: {directive.signer_name}" if signature else directive.signer_name))
    return Bulletin(title=f"{directive} – {directive.subject_line}", paragraphs=paragraphs)


def article_bulletin(article) -> Bulletin:
    """A news item as read on air: title, date, summary, then the body's paragraphs."""
    paragraphs = [_sentence(spoken(article.title))]
    if article.published_at:
        from django.utils import timezone

        day = timezone.localtime(article.published_at).date()
        paragraphs.append(_sentence("Tin " + date_words(day.day, day.month, day.year)))
    if article.summary:
        paragraphs.append(_sentence(spoken(article.summary)))
    body = html_to_text(article.body)
    paragraphs += [_sentence(spoken(line)) for line in body.splitlines() if line.strip()]
    return Bulletin(title=article.title, paragraphs=paragraphs)
