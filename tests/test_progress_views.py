"""The public progress pages: only approved reports count, charts come with
accessible tables, names appear only with consent and contacts never."""

import datetime
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from campaign.models import ContestCategory, OutreachChannel, TaskItem, UnitGroup
from progress.models import ActivityReport, Nomination, ReportPhoto
from progress.selectors import unit_reports

from .factories import nomination_create, report_create, unit_create

INDEX = "/tien-do/"


def stat(html, name):
    return re.search(rf'data-stat="{name}">([^<]*)<', html).group(1)


class TestEmptyState:
    """Before any report is approved the page says so, and shows no charts and no invented figures."""

    def test_empty(self, client, letter):
        unit_create(name="Tổ dân phố số 5")
        html = client.get(INDEX).content.decode()
        assert "Chưa có kết quả triển khai nào được duyệt" in html
        assert "nd-chart__bar" not in html
        assert stat(html, "reports") == "0"
        assert stat(html, "units") == "0 / 1"
        assert "Chưa có đơn vị nào giới thiệu tác giả" in html

    def test_pending_report_does_not_count(self, client, letter):
        unit = unit_create()
        report_create(unit=unit, status=ActivityReport.Status.PENDING, title="Chưa duyệt")
        report_create(unit=unit, status=ActivityReport.Status.NEEDS_MORE, title="Cần bổ sung")
        html = client.get(INDEX).content.decode()
        assert stat(html, "reports") == "0"
        assert "Chưa duyệt" not in client.get(reverse("progress:unit", args=[unit.slug])).content.decode()


class TestTotals:
    """Totals by group, unit, channel, task item and month count approved reports of visible units."""

    @pytest.fixture
    def reported(self, letter):
        first, second = unit_create(name="Tổ dân phố số 7"), unit_create(name="Tổ dân phố số 8")
        hidden = unit_create(name="Tổ đã giải thể", is_active=False)
        radio = OutreachChannel.objects.get(slug="truyen-thanh-co-so")
        items = list(TaskItem.objects.order_by("section__number", "order"))
        report_create(unit=first, people=1200, held_on=datetime.date(2026, 6, 20), items=items[:2])
        report_create(unit=first, people=30, held_on=datetime.date(2026, 7, 2), channel=radio, items=items[2:3])
        report_create(unit=second, people=5, held_on=datetime.date(2026, 7, 3), items=items[:1])
        report_create(unit=hidden, people=999, held_on=datetime.date(2026, 7, 3))
        return first, second

    def test_headline_figures(self, client, reported):
        html = client.get(INDEX).content.decode()
        assert stat(html, "reports") == "3"
        assert stat(html, "people") == "1.235"  # Vietnamese thousands separator
        assert stat(html, "units") == "2 / 2"
        assert "Tổ đã giải thể" not in html

    def test_tables(self, client, reported):
        html = client.get(INDEX).content.decode()
        channel_table = html[html.index('id="theo-hinh-thuc"') :]
        assert re.search(r"Hệ thống truyền thanh cơ sở</th>\s*<td[^>]*>1</td>\s*<td[^>]*>30</td>", channel_table)
        month_table = html[html.index('id="theo-thang"') :]
        assert re.search(r"Tháng 6/2026</th>\s*<td[^>]*>1</td>\s*<td[^>]*>1.200</td>", month_table)
        assert re.search(r"Tháng 7/2026</th>\s*<td[^>]*>2</td>\s*<td[^>]*>35</td>", month_table)
        item_table = html[html.index('id="theo-nhiem-vu"') :]
        assert re.search(r"Mục 1, ý 1<span[^>]*>[^<]*</span></th>\s*<td[^>]*>2</td>", item_table)
        # Each unit's figures are on its group's page, linked from the "Từng đơn vị" section.
        first, _second = reported
        group_url = reverse("progress:group", args=[first.group.slug])
        units_section = html[html.index('id="tung-don-vi"') :]
        assert f'href="{group_url}"' in units_section
        assert "2 trên 2 đơn vị đã có báo cáo" in units_section
        group_html = client.get(group_url).content.decode()
        assert re.search(r"Tổ dân phố số 7</a></th>\s*<td[^>]*>2</td>\s*<td[^>]*>1.230</td>", group_html)
        assert re.search(r"Tổ dân phố số 8</a></th>\s*<td[^>]*>1</td>\s*<td[^>]*>5</td>", group_html)
        assert (stat(group_html, "reports"), stat(group_html, "people"), stat(group_html, "units")) == (
            "3",
            "1.235",
            "2 / 2",
        )
        assert "Tổ đã giải thể" not in group_html

    def test_charts_are_followed_by_accessible_tables(self, client, reported):
        html = client.get(INDEX).content.decode()
        charts = html.count('class="nd-chart" aria-hidden="true"')
        assert charts == 4
        for chunk in html.split('class="nd-chart" aria-hidden="true"')[1:]:
            table = chunk[: chunk.index("</table>")]
            assert "<caption" in table and 'scope="col"' in table and 'scope="row"' in table

    def test_task_note_only_under_task_chart(self, client, reported):
        html = client.get(INDEX).content.decode()
        assert html.count("nên không cộng dồn các dòng") == 1
        assert html.index("nên không cộng dồn") < html.index('id="theo-thang"')

    def test_bar_lengths_are_not_localised(self, client, reported):
        # A Vietnamese decimal comma in an SVG attribute would draw nothing.
        html = client.get(INDEX).content.decode()
        widths = re.findall(r'<rect width="([^"]+)"', html)
        assert widths and all(re.fullmatch(r"\d+(\.\d+)?", width) for width in widths)
        assert "100.0" in widths

    def test_unit_page(self, client, reported):
        first, _second = reported
        html = client.get(reverse("progress:unit", args=[first.slug])).content.decode()
        assert stat(html, "reports") == "2"
        assert stat(html, "people") == "1.230"
        assert html.count('class="nd-report"') == 2

    def test_group_page(self, client, reported):
        first, _second = reported
        html = client.get(reverse("progress:group", args=[first.group.slug])).content.decode()
        assert f'<h1 class="nd-progress__title">{first.group.name}</h1>' in html
        assert html.count('class="nd-table nd-table--units"') == 1
        # The unit's progress page and the group's page in the unit directory lead to it.
        group_url = reverse("progress:group", args=[first.group.slug])
        for page in (reverse("progress:unit", args=[first.slug]), first.group.get_absolute_url()):
            assert f'href="{group_url}"' in client.get(page).content.decode(), page

    def test_group_without_units(self, client, letter):
        group = UnitGroup.objects.order_by("order").last()
        html = client.get(reverse("progress:group", args=[group.slug])).content.decode()
        assert "Nhóm này chưa có đơn vị nào trên trang." in html
        assert "nd-table--units" not in html
        assert stat(html, "units") == "0 / 0"

    def test_unknown_group_is_404(self, client, letter):
        assert client.get(reverse("progress:group", args=["khong-co-nhom-nay"])).status_code == 404

    def test_group_pages_in_sitemap(self, client, letter):
        xml = client.get("/sitemap.xml").content.decode()
        for group in UnitGroup.objects.all():
            assert f"/tien-do/nhom/{group.slug}/</loc>" in xml
            assert f"/en/tien-do/nhom/{group.slug}/</loc>" in xml

    def test_hidden_unit_page_is_404(self, client, letter):
        hidden = unit_create(is_active=False)
        assert client.get(reverse("progress:unit", args=[hidden.slug])).status_code == 404


class TestNominationPrivacy:
    """A nominee's name is public only with consent; contact details never appear in any public response."""

    SECRETS = ["0912 000 111", "Số 5 ngõ Bí Mật", "Người Không Đồng Ý"]

    @pytest.fixture
    def nominated(self, letter):
        unit = unit_create(name="Chi hội Cựu chiến binh thử")
        category = ContestCategory.objects.create(contest=letter.contest, name="Ảnh", order=1)
        nomination_create(
            unit=unit,
            title="Phóng sự phố cảng",
            author_name="Người Đồng Ý",
            name_public=True,
            category=category,
            contact_phone="0912 000 111",
            contact_note="Số 5 ngõ Bí Mật",
            state=Nomination.State.SUBMITTED,
        )
        nomination_create(unit=unit, title="Tác phẩm giấu tên", author_name="Người Không Đồng Ý", name_public=False)
        report_create(unit=unit)
        return unit

    def test_no_public_response_leaks(self, client, nominated):
        urls = [INDEX, reverse("progress:unit", args=[nominated.slug]), "/", "/en/tien-do/"]
        for url in urls:
            # LocaleMiddleware's activation of English would outlive the request in this thread.
            with translation.override("vi"):
                response = client.get(url)
            assert response.status_code == 200, url
            html = response.content.decode()
            for secret in self.SECRETS:
                assert secret not in html, (url, secret)

    def test_named_with_consent_and_counted_otherwise(self, client, nominated):
        html = client.get(reverse("progress:unit", args=[nominated.slug])).content.decode()
        assert "Người Đồng Ý" in html and "Phóng sự phố cảng" in html
        assert "Tác phẩm giấu tên" not in html
        assert "Và 1 tác giả, tác phẩm khác (tên không công khai)" in html

    def test_counts_by_state_and_category(self, client, nominated):
        html = client.get(INDEX).content.decode()
        assert stat(html, "nominations") == "2"
        matrix = html[html.index("nd-table--matrix") :]
        # Ảnh: 0 proposed... 1 submitted; unknown category: 1 proposed.
        assert re.search(r"Ảnh</th>\s*<td[^>]*>0</td>\s*<td[^>]*>0</td>\s*<td[^>]*>1</td>\s*<td[^>]*>0</td>", matrix)
        assert re.search(r"Chưa xác định thể loại</th>\s*<td[^>]*>1</td>", matrix)
        assert "Người Đồng Ý" not in html  # the summary page shows counts only


class TestUnitReportsPiece:
    """The reusable piece for the unit page: approved reports with photos, in two queries."""

    def test_selector_queries(self, letter, django_assert_num_queries, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        unit = unit_create()
        for index in range(5):
            report = report_create(unit=unit)
            for number in range(3):
                ReportPhoto.objects.create(report=report, image=f"tien-do/x{index}{number}.jpg", alt_text="Ảnh")
        report_create(unit=unit, status=ActivityReport.Status.PENDING)
        with django_assert_num_queries(2):
            reports = unit_reports(unit)
            assert sum(len(report.photos.all()) for report in reports) == 15
            assert all(report.channel.name for report in reports)
        assert len(reports) == 5

    def test_template_tag(self, letter, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        unit = unit_create()
        report = report_create(unit=unit, title="Hội nghị có ảnh", people=1500)
        ReportPhoto.objects.create(
            report=report, image="tien-do/a.jpg", alt_text="Hội trường", width=1200, height=800, has_renditions=True
        )
        html = Template("{% load progress_tags %}{% unit_reports unit heading_level=3 %}").render(
            Context({"unit": unit})
        )
        assert (
            '<h3 id="nd-unit-reports-heading"' in html and '<h4 class="nd-report__title">Hội nghị có ảnh</h4>' in html
        )
        assert 'alt="Hội trường"' in html
        assert 'src="/media/tien-do/a-w480.webp"' in html and "a-w960.webp 960w" in html
        assert "1.500 người được tuyên truyền" in html


class TestUnitPagination:
    """A unit's page lists 20 reports a page, newest first, with totals over all of them."""

    def test_pages_totals_and_bad_page(self, client, letter):
        unit = unit_create()
        reports = [
            report_create(
                unit=unit, people=index + 1, held_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=index)
            )
            for index in range(25)
        ]
        url = f"/tien-do/don-vi/{unit.slug}/"
        first = client.get(url).content.decode()
        assert first.count('class="nd-report"') == 20
        assert stat(first, "reports") == "25"
        assert stat(first, "people") == str(sum(range(1, 26)))
        assert f'id="bao-cao-{reports[-1].pk}"' in first and f'id="bao-cao-{reports[4].pk}"' not in first
        assert 'href="?page=2" rel="next"' in first
        second = client.get(url + "?page=2").content.decode()
        assert second.count('class="nd-report"') == 5 and f'id="bao-cao-{reports[0].pk}"' in second
        assert stat(second, "reports") == "25"
        for bad in ("abc", "0", "-1", "999", "1e9"):
            response = client.get(url + f"?page={bad}")
            assert response.status_code == 200
        assert client.get(url + "?page=999").content.decode().count('class="nd-report"') == 5

    def test_photos_on_every_page_and_the_same_html_through_the_orm(
        self, client, letter, settings, tmp_path, monkeypatch
    ):
        """Each page's reports come with their own photos (read by report id, as a prefetch does),
        and pages past the prepared ones (read through the ORM) give the same HTML."""
        settings.MEDIA_ROOT = tmp_path
        unit = unit_create()
        reports = [
            report_create(unit=unit, held_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=index))
            for index in range(23)
        ]
        for report in (reports[0], reports[5], reports[22]):
            for number in (2, 1):
                ReportPhoto.objects.create(
                    report=report, order=number, image=f"tien-do/r{report.pk}-{number}.jpg", alt_text=f"Ảnh {number}"
                )
        url = f"/tien-do/don-vi/{unit.slug}/"
        first, second = client.get(url).content.decode(), client.get(url + "?page=2").content.decode()
        # Newest first: the first page holds reports 22 to 3, the second 2 to 0.
        assert first.count('class="nd-report__photo"') == 4 and second.count('class="nd-report__photo"') == 2
        assert first.index(f"r{reports[22].pk}-1.jpg") < first.index(f"r{reports[22].pk}-2.jpg")
        section = first[first.index(f'id="bao-cao-{reports[5].pk}"') : first.index(f'id="bao-cao-{reports[4].pk}"')]
        assert section.count('class="nd-report__photo"') == 2
        from progress import selectors

        monkeypatch.setattr(selectors, "_reports_at", {})
        monkeypatch.setattr(selectors, "_OFFSETS_PREPARED", 0)
        assert client.get(url).content.decode() == first
        assert client.get(url + "?page=2").content.decode() == second

    def test_report_link_goes_to_its_page(self, client, letter):
        unit = unit_create()
        reports = [
            report_create(unit=unit, held_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=index % 3))
            for index in range(45)
        ]
        for report in reports:
            location = client.get(f"/tien-do/bao-cao/{report.pk}/")["Location"]
            path, anchor = location.split("#")
            assert anchor == f"bao-cao-{report.pk}"
            assert f'id="bao-cao-{report.pk}"' in client.get(path).content.decode()
        pending = report_create(unit=unit, status=ActivityReport.Status.PENDING)
        assert client.get(f"/tien-do/bao-cao/{pending.pk}/").status_code == 404


class TestUnitPageInTheCampaignSection:
    """/don-vi/<slug>/ shows the newest 20 reports and links to the unit's progress page for the rest."""

    def test_newest_twenty_and_a_link(self, client, letter):
        unit = unit_create()
        reports = [
            report_create(unit=unit, held_on=datetime.date(2026, 6, 1) + datetime.timedelta(days=index))
            for index in range(21)
        ]
        html = client.get(f"/don-vi/{unit.slug}/").content.decode()
        assert html.count('class="nd-report"') == 20
        assert f'id="bao-cao-{reports[0].pk}"' not in html and f'id="bao-cao-{reports[-1].pk}"' in html
        assert f'href="/tien-do/don-vi/{unit.slug}/">Xem tất cả kết quả triển khai của đơn vị' in html
        reports[0].delete()
        html = client.get(f"/don-vi/{unit.slug}/").content.decode()
        assert html.count('class="nd-report"') == 20 and "Xem tất cả kết quả triển khai" not in html
