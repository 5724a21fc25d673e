"""Rich text from the editor is sanitised on the server before it is stored."""

from html.parser import HTMLParser

import pytest

from news.models import Article
from news.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, html_sanitize, html_to_text

from .xss_payloads import PAYLOADS

# Attributes the sanitiser adds itself.
ADDED_ATTRIBUTES = {"a": {"rel"}, "img": {"loading", "decoding"}, "figure": {"class"}}
SAFE_SCHEMES = ("http://", "https://", "mailto:", "tel:")


class _Inspector(HTMLParser):
    """Collects every tag and attribute of a fragment, as a browser would parse them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ADDED_ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = (value or "").strip()
            if name not in allowed or name.startswith("on"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name == "href" and ":" in value.split("/")[0] and not value.lower().startswith(SAFE_SCHEMES):
                self.problems.append(f"href {value!r}")
            if name in {"src", "srcset"}:
                urls = [value] if name == "src" else [part.split()[0] for part in value.split(",")]
                for url in urls:
                    if not url.startswith("/media/") or "//" in url or ".." in url:
                        self.problems.append(f"{name} {url!r}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.problems.append("comment")


def problems_in(html):
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


class TestXssCorpusThroughAdmin:
    """No part of a filter-evasion payload survives the admin form: only allowed tags,
    attributes and URLs are stored."""

    def test_corpus_is_large_enough(self):
        assert len(PAYLOADS) >= 30

    @pytest.mark.parametrize("payload", PAYLOADS, ids=range(1, len(PAYLOADS) + 1))
    def test_payload_is_neutralised(self, editor_client, payload):
        response = editor_client.post(
            "/quan-tri/news/article/add/",
            {"title": "Thử mã độc", "slug": "", "summary": "", "body": f"<p>Trước</p>{payload}<p>Sau</p>",
             "cover_alt": "", "status": "draft", "published_at_0": "", "published_at_1": ""},
        )  # fmt: skip
        assert response.status_code == 302, response.content.decode()[:2000]
        body = Article.objects.get(title="Thử mã độc").body
        assert problems_in(body) == [], body
        lowered = body.lower()
        assert "<script" not in lowered and "javascript:" not in lowered and "style=" not in lowered
        # The writer's own text is kept (an unclosed <style> or <noscript> may swallow what follows it).
        assert body.startswith("<p>Trước</p>")

    def test_the_inspector_would_notice(self):
        """The corpus check fails on unsanitised HTML (so it can fail at all)."""
        assert problems_in('<img src=x onerror="window.__xss=2">')
        assert problems_in('<a href="javascript:alert(1)">x</a>')
        assert problems_in('<p style="color:red">x</p>')


class TestWhatTheEditorMakesIsKept:
    """Headings, emphasis, lists, links, quotes, tables and our own images pass unchanged."""

    def test_editor_output_survives(self):
        html = (
            "<h2>Kết quả</h2><h3>Tổ dân phố 5</h3><p><strong>Đậm</strong> và <i>nghiêng</i>, "
            '<a href="https://giaithuong.ttdn.vn">trang giải</a>.</p>'
            "<ul><li>Một</li><li>Hai<ol><li>Hai chấm một</li></ol></li></ul><blockquote><p>Trích dẫn</p></blockquote>"
            '<figure class="table"><table><thead><tr><th>Đơn vị</th></tr></thead>'
            '<tbody><tr><td colspan="2">Tổ 1</td></tr></tbody></table></figure>'
            '<figure class="image"><img src="/media/tin-tuc/noi-dung/a.jpg" alt="Hội nghị" '
            'srcset="/media/tin-tuc/noi-dung/a-w480.webp 480w, /media/tin-tuc/noi-dung/a-w960.webp 960w" '
            'sizes="100vw" width="1600" height="1200"><figcaption>Hội nghị ngày 20/6</figcaption></figure>'
        )
        cleaned = html_sanitize(html)
        for part in ["<h2>Kết quả</h2>", "<h3>", "<strong>Đậm</strong>", "<i>nghiêng</i>", "<ol><li>Hai chấm một",
                     "<blockquote>", '<td colspan="2">', '<figure class="image">', 'alt="Hội nghị"',
                     "a-w480.webp 480w, /media/tin-tuc/noi-dung/a-w960.webp 960w", 'width="1600"',
                     'loading="lazy"', "<figcaption>Hội nghị ngày 20/6</figcaption>"]:  # fmt: skip
            assert part in cleaned, part
        assert '<a href="https://giaithuong.ttdn.vn" rel="noopener noreferrer">' in cleaned
        assert 'sizes="(min-width: 48rem) 46rem, 100vw"' in cleaned  # the public column, not the whole window
        assert html_sanitize(cleaned) == cleaned  # idempotent

    def test_foreign_image_is_dropped_whole(self):
        cleaned = html_sanitize('<p>a</p><figure class="image"><img src="https://example.org/x.jpg" alt="x"></figure>')
        assert cleaned == "<p>a</p>"

    def test_word_paste_noise_is_removed(self):
        word = (
            '<p class="MsoNormal" style="margin:0cm;font-family:Calibri"><span lang="VI" style="font-size:14pt">'
            "Kính gửi<o:p></o:p></span></p><!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]-->"
        )
        assert html_sanitize(word) == "<p>Kính gửi</p>"

    def test_empty_editor_is_empty(self):
        assert html_sanitize("<p>&nbsp;</p>") == ""

    def test_text_is_nfc(self):
        decomposed = "<p>Đo\u0302\u0300ng</p>"  # "Đồng" typed as base letters plus combining marks
        assert html_sanitize(decomposed) == "<p>Đồng</p>"


class TestPlainText:
    """body_text keeps the words, one block per line, without markup."""

    def test_blocks_become_lines(self):
        assert html_to_text("<h2>Mục 1</h2><p>Chào <b>bà con</b>&nbsp;tổ&amp;dân</p><ul><li>A</li><li>B</li></ul>") == (
            "Mục 1\nChào bà con tổ&dân\nA\nB"
        )
