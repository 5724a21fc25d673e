"""Public pages: they show the real letter, drafts never leak, bad input gets a calm answer."""

import datetime

import pytest
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from campaign.models import ContestPhase, Directive, TargetUnit, UnitGroup

PAGES = [
    "/",
    "/van-ban/",
    "/van-ban/31-mttq-btt/",
    "/nhiem-vu/",
    "/don-vi/",
    "/don-vi/nhom/ban-cong-tac-mat-tran-cac-to-dan-pho/",
    "/giai-thuong/",
    "/tim-kiem/",
    "/tim-kiem/?q=tuyen+truyen",
    "/tin-tuc/",
    "/tien-do/",
]


@pytest.fixture
def unit(letter):
    group = UnitGroup.objects.get(kind=UnitGroup.Kind.RESIDENTIAL)
    return TargetUnit.objects.create(
        group=group, name="Tổ dân phố số 1 (dữ liệu thử)", slug="to-dan-pho-so-1", contact_name="Người liên hệ thử"
    )


@pytest.fixture
def draft(letter):
    return Directive.objects.create(
        number="32/MTTQ-BTT",
        slug="32-mttq-btt",
        issuer=letter.issuer,
        place="Nam Đồng",
        issued_on=datetime.date(2026, 7, 1),
        subject="bản nháp bí mật chưa đăng",
        signer_title="Chủ tịch",
        signer_name="Người ký thử",
    )


class TestPages:
    """Every public page answers, with one h1, in Vietnamese, showing the letter's facts."""

    @pytest.mark.parametrize("url", PAGES)
    def test_page(self, client, letter, url):
        response = client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert html.count("<h1") == 1
        assert '<html lang="vi">' in html
        assert 'href="#main-content"' in html and 'id="main-content"' in html
        assert '<link rel="alternate" hreflang="en"' in html

    def test_home_shows_letter_and_contest_link(self, client, letter):
        html = client.get("/").content.decode()
        assert "31/MTTQ-BTT" in html
        assert "18/6/2026" in html
        assert "tuyên truyền, triển khai, hưởng ứng Giải thưởng toàn quốc về thông tin đối ngoại lần thứ XII" in html
        assert 'href="https://giaithuong.ttdn.vn"' in html
        assert "Đẩy mạnh công tác tuyên truyền" in html

    def test_letter_page_reads_as_a_letter(self, client, letter):
        page = client.get("/van-ban/31-mttq-btt/").content.decode()
        html = page[page.index('<article class="nd-letter"') :]
        order = [
            "ỦY BAN MTTQ VIỆT NAM PHƯỜNG NAM ĐỒNG",
            "BAN THƯỜNG TRỰC",
            "Số: 31/MTTQ-BTT",
            "V/v tuyên truyền",
            "Nam Đồng, ngày 18 tháng 6 năm 2026",
            "Kính gửi:",
            "Thực hiện Công văn số 783 ngày 10/6/2026",
            "1. Đẩy mạnh công tác tuyên truyền:",
            "3. Phân đấu có tác phẩm chất lượng tham gia Giải thưởng",
            "Thông qua Giải thưởng",
            "Nơi nhận:",
            "- Lưu: VT.",
            "TM. BAN THƯỜNG TRỰC",
            "CHỦ TỊCH",
            "Đoàn Trung Thu",
        ]
        positions = [html.index(text) for text in order]
        assert positions == sorted(positions)
        assert "@media print" in open("static/css/site.css", encoding="utf-8").read()

    def test_original_file_link_only_when_uploaded(self, client, letter):
        assert "Tải bản gốc" not in client.get("/van-ban/31-mttq-btt/").content.decode()
        letter.original_file.name = "van-ban/ban-goc.pdf"
        letter.save()
        assert 'href="/media/van-ban/ban-goc.pdf" download' in client.get("/van-ban/31-mttq-btt/").content.decode()

    def test_unit_page(self, client, unit):
        html = client.get("/don-vi/to-dan-pho-so-1/").content.decode()
        assert "Tổ dân phố số 1 (dữ liệu thử)" in html and "Người liên hệ thử" in html
        assert unit.name in client.get("/don-vi/").content.decode()

    def test_unit_lists_show_contacts_escaped(self, client, letter):
        """The unit list (home, /don-vi/, a group's page) written by ``{% unit_cards %}``:
        the link, the contact and a tel: link without spaces; text staff typed is escaped."""
        group = UnitGroup.objects.get(kind=UnitGroup.Kind.RESIDENTIAL)
        TargetUnit.objects.create(
            group=group, name="Tổ <b>số 7</b> & \"Hòa Bình\"", slug="to-so-7",
            contact_name="Bà Lê Thị <Hoa>", contact_phone="0912 345 678",
        )  # fmt: skip
        TargetUnit.objects.create(group=group, name="Tổ số 8", slug="to-so-8", contact_name="Ông Bảy")
        TargetUnit.objects.create(group=group, name="Tổ số 9", slug="to-so-9")
        expected = [
            '<li class="nd-unit-list__item">\n    <a href="/don-vi/to-so-7/">'
            "Tổ &lt;b&gt;số 7&lt;/b&gt; &amp; &quot;Hòa Bình&quot;</a>"
            '\n    <span class="nd-unit-list__contact">Bà Lê Thị &lt;Hoa&gt; · '
            '<a href="tel:0912345678">0912 345 678</a></span>',
            '<li class="nd-unit-list__item">\n    <a href="/don-vi/to-so-8/">Tổ số 8</a>'
            '\n    <span class="nd-unit-list__contact">Ông Bảy</span>',
            '<li class="nd-unit-list__item">\n    <a href="/don-vi/to-so-9/">Tổ số 9</a>\n    \n  </li>',
        ]
        for url in ["/", "/don-vi/", f"/don-vi/nhom/{group.slug}/"]:
            html = client.get(url).content.decode()
            assert all(item in html for item in expected), url
            assert "<b>" not in html and "<Hoa>" not in html
        english = client.get("/en/don-vi/").content.decode()
        assert 'href="/en/don-vi/to-so-7/"' in english

    def test_units_listed_in_staff_order_within_their_group(self, client, letter):
        group = UnitGroup.objects.get(kind=UnitGroup.Kind.RESIDENTIAL)
        for order, name in [(2, "Tổ A"), (1, "Tổ C"), (1, "Tổ B")]:
            TargetUnit.objects.create(group=group, order=order, name=name, slug=f"to-{order}-{name[-1].lower()}")
        for url in ["/don-vi/", f"/don-vi/nhom/{group.slug}/"]:
            html = client.get(url).content.decode()
            positions = [html.index(f">{name}</a>") for name in ["Tổ B", "Tổ C", "Tổ A"]]
            assert positions == sorted(positions), url

    def test_group_without_units_says_so(self, client, letter):
        group = UnitGroup.objects.exclude(kind=UnitGroup.Kind.RESIDENTIAL).first()
        html = client.get(f"/don-vi/nhom/{group.slug}/").content.decode()
        assert '<p class="nd-empty">Danh sách đơn vị của nhóm này đang được phường cập nhật.</p>' in html

    def test_hidden_unit_is_not_public(self, client, unit):
        unit.is_active = False
        unit.save()
        assert client.get("/don-vi/to-dan-pho-so-1/").status_code == 404
        assert unit.name not in client.get("/don-vi/").content.decode()


class TestContestDates:
    """The home page shows the phase and days left only when staff entered dates."""

    def test_without_dates_nothing_is_guessed(self, client, letter):
        html = client.get("/").content.decode()
        assert "còn" not in html.split("nd-deadline")[1][:400]
        assert "chưa cập nhật thời hạn" in html

    def test_with_deadline(self, client, letter):
        today = timezone.localdate()
        ContestPhase.objects.create(
            contest=letter.contest,
            name="Nhận tác phẩm",
            starts_on=today - datetime.timedelta(days=3),
            ends_on=today + datetime.timedelta(days=12),
            is_deadline=True,
        )
        html = client.get("/").content.decode()
        assert "còn <strong>12 ngày</strong>" in html
        assert "Giai đoạn hiện tại:" in html and "Nhận tác phẩm" in html
        assert "Nhận tác phẩm" in client.get("/giai-thuong/").content.decode()


class TestContestPage:
    def test_phases_and_categories_in_staff_order(self, client, letter):
        """Each list comes in the order staff gave (then by date or name), whatever order
        the rows were typed in: the page orders them without joining the contest."""
        from campaign.models import ContestCategory

        contest, today = letter.contest, timezone.localdate()
        for order, name, starts in [(2, "Chấm giải", 20), (1, "Nhận tác phẩm", 1), (1, "Đăng ký", -5)]:
            ContestPhase.objects.create(
                contest=contest, order=order, name=name, starts_on=today + datetime.timedelta(days=starts)
            )
        for order, name in [(2, "Video"), (1, "Phóng sự"), (1, "Báo in")]:
            ContestCategory.objects.create(contest=contest, order=order, name=name)
        html = client.get("/giai-thuong/").content.decode()
        for names in (["Đăng ký", "Nhận tác phẩm", "Chấm giải"], ["Báo in", "Phóng sự", "Video"]):
            positions = [html.index(name) for name in names]
            assert positions == sorted(positions), names


class TestDraftsNeverLeak:
    """A draft directive is absent from every public page, feed, sitemap and search."""

    def test_draft(self, client, draft):
        assert client.get("/van-ban/32-mttq-btt/").status_code == 404
        assert client.get("/van-ban/32-mttq-btt/van-ban.txt").status_code == 404
        for url in ["/", "/van-ban/", "/van-ban/rss/", "/van-ban/atom/", "/sitemap.xml", "/tim-kiem/?q=bi+mat"]:
            assert "32/MTTQ-BTT" not in client.get(url).content.decode(), url
            assert "32-mttq-btt" not in client.get(url).content.decode(), url

    def test_scheduled_directive_appears_when_its_time_comes(self, client, draft):
        draft.status = Directive.Status.PUBLISHED
        draft.published_at = timezone.now() + datetime.timedelta(hours=1)
        draft.save()
        assert client.get("/van-ban/32-mttq-btt/").status_code == 404
        draft.published_at = timezone.now() - datetime.timedelta(seconds=1)
        draft.save()
        assert client.get("/van-ban/32-mttq-btt/").status_code == 200


class TestCompression:
    """Pages go out gzipped to a browser that accepts it: phones are on slow networks."""

    def test_gzip(self, client, letter):
        response = client.get("/van-ban/31-mttq-btt/", headers={"accept-encoding": "gzip"})
        assert response["Content-Encoding"] == "gzip"
        assert len(response.content) < 6000  # 15 KB of HTML before compression


class TestMachines:
    """Sitemap, robots, feeds, manifest and link previews."""

    def test_sitemap_lists_every_public_page(self, client, unit):
        xml = client.get("/sitemap.xml").content.decode()
        for path_ in [
            "/",
            "/van-ban/",
            "/van-ban/31-mttq-btt/",
            "/nhiem-vu/",
            "/don-vi/",
            "/giai-thuong/",
            "/don-vi/to-dan-pho-so-1/",
            "/don-vi/nhom/ban-cong-tac-mat-tran-cac-to-dan-pho/",
            "/tin-tuc/",
            "/tien-do/",
        ]:
            assert f"<loc>http://testserver{path_}</loc>" in xml, path_
        assert 'hreflang="en" href="http://testserver/en/van-ban/31-mttq-btt/"' in xml

    def test_robots(self, client, letter):
        text = client.get("/robots.txt").content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in text
        assert "Disallow: /quan-tri/" in text

    def test_feeds(self, client, letter):
        rss = client.get("/van-ban/rss/")
        assert rss["Content-Type"].startswith("application/rss+xml")
        assert "31/MTTQ-BTT" in rss.content.decode()
        assert "31/MTTQ-BTT" in client.get("/van-ban/atom/").content.decode()
        html = client.get("/").content.decode()
        assert 'type="application/rss+xml"' in html and 'type="application/atom+xml"' in html

    def test_link_preview_tags(self, client, letter):
        html = client.get("/van-ban/31-mttq-btt/").content.decode()
        for tag in [
            'property="og:title" content="Công văn số 31/MTTQ-BTT',
            'property="og:image" content="http://testserver/static/img/share.png"',
            'name="twitter:card"',
            'property="og:description"',
            'type="application/ld+json"',
            '"identifier": "31/MTTQ-BTT"',
        ]:
            assert tag in html, tag

    def test_manifest_and_icons(self, client, letter):
        data = client.get("/manifest.webmanifest").json()
        assert data["lang"] == "vi" and data["icons"][0]["sizes"] == "192x192"
        assert client.get("/favicon.ico").status_code == 301


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [path("loi/", boom)]


class TestErrors:
    """404 and 500 pages are in Vietnamese, with a way back, never a traceback."""

    def test_404(self, client, letter):
        response = client.get("/khong-co-trang-nay/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Không tìm thấy trang" in html and 'href="/"' in html

    @override_settings(ROOT_URLCONF=__name__)
    def test_500(self, client):
        client.raise_request_exception = False
        response = client.get("/loi/")
        assert response.status_code == 500
        html = response.content.decode()
        assert "Trang đang gặp sự cố" in html and 'href="/"' in html
        assert "Traceback" not in html and "RuntimeError" not in html

    @pytest.mark.parametrize(
        "url",
        [
            "/tim-kiem/?q=%00",
            "/tim-kiem/?q=" + "a" * 5000,
            "/tim-kiem/?q=%3Cscript%3Ealert(1)%3C/script%3E",
            "/tim-kiem/?q=%27%20OR%201=1--",
            "/tim-kiem/?q=%25%25_",
            "/tim-kiem/?q=%ff%fe",
            "/tim-kiem/?q[]=x",
            "/?page=abc",
            "/van-ban/31-mttq-btt/?x=%00",
        ],
    )
    def test_hostile_input_gets_a_calm_page(self, client, letter, url):
        response = client.get(url)
        assert response.status_code == 200
        assert "<script>alert(1)</script>" not in response.content.decode()


class TestEnglish:
    """English pages translate the interface and mark Vietnamese fallback content."""

    def test_english_home(self, client, letter):
        html = client.get("/en/").content.decode()
        assert '<html lang="en">' in html
        assert ">Home<" in html and "Trang chủ" not in html
        assert "National Award for External Information" in html
        assert 'hreflang="vi"' in html and 'href="/"' in html

    def test_untranslated_content_is_marked(self, client, letter):
        html = client.get("/en/nhiem-vu/").content.decode()
        assert '<span lang="vi">Đẩy mạnh công tác tuyên truyền</span>' in html
        assert "only" in html.lower() or "Vietnamese" in html
        section = letter.sections.get(number=1)
        section.title_en = "Step up outreach"
        section.save()  # as the admin saves it; the page cache is dropped at once
        html = client.get("/en/nhiem-vu/").content.decode()
        assert '<span lang="en">Step up outreach</span>' in html


class TestEmptySite:
    """Before any letter or contest is entered, the main pages still answer, and say so."""

    @pytest.mark.parametrize("url", ["/", "/nhiem-vu/", "/giai-thuong/", "/van-ban/", "/don-vi/", "/tin-tuc/"])
    def test_page(self, client, db, url):
        response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("<h1") == 1


# The loop of templates/campaign/home.html that {% task_steps %} replaced.
OLD_TASK_STEPS = (
    "{% load i18n campaign %}"
    "{% for section in sections %}\n"
    '    {% with title=section|localized:"title" %}\n'
    '    <li class="nd-steps__item">\n'
    '      <a class="nd-steps__link" href="{% url \'campaign:tasks\' %}#muc-{{ section.number }}">\n'
    '        <span class="nd-steps__number" aria-hidden="true">{{ section.number }}</span>\n'
    '        <span class="nd-steps__title" lang="{{ title.lang }}">{{ title }}</span>\n'
    '        <span class="nd-steps__meta">{% blocktranslate trimmed count counter=section.item_count %}'
    "{{ counter }} việc cụ thể{% plural %}{{ counter }} việc cụ thể{% endblocktranslate %}</span>\n"
    "      </a>\n"
    "    </li>\n"
    "    {% endwith %}\n"
    "    {% endfor %}"
)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_task_steps_write_what_the_template_loop_wrote(letter, language):
    from django.template import Context, Template
    from django.utils import translation

    from campaign.models import TaskSection

    sections = list(TaskSection.objects.filter(directive=letter).order_by("number"))
    assert len(sections) == 3
    sections[0].title = 'Tuyên truyền <b>"rộng"</b> & sâu'
    sections[1].title_en = "Take part & <i>vote</i>"
    sections[2].item_count = 1  # singular in English
    with translation.override(language):
        old = Template(OLD_TASK_STEPS).render(Context({"sections": sections}))
        new = Template("{% load campaign %}{% task_steps sections %}").render(Context({"sections": sections}))
    assert new == old
    assert "&lt;b&gt;&quot;rộng&quot;&lt;/b&gt; &amp; sâu" in new
    assert ("1 specific task<" if language == "en" else "1 việc cụ thể<") in new
