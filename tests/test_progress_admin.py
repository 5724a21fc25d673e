"""The progress admin, from the refused side: a unit representative reaches only
their own units' reports and nominations, by every admin URL, and cannot approve."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from progress.models import ActivityReport, Nomination, ReportPhoto, UnitRepresentative

from .factories import (
    jpeg_bytes,
    nomination_create,
    report_create,
    report_form_data,
    representative_create,
    unit_create,
    ward_staff_create,
)

ADMIN = "/quan-tri/progress"


@pytest.fixture
def units(letter):
    return unit_create(name="Tổ dân phố số 1"), unit_create(name="Tổ dân phố số 2")


@pytest.fixture
def rep(units):
    return representative_create(units[0], username="daidien1")


@pytest.fixture
def rep_client(client, rep):
    client.force_login(rep)
    return client


@pytest.fixture
def theirs(units):
    """Records of the other unit, which the representative must not reach."""
    other = units[1]
    return {
        "activityreport": report_create(unit=other, title="Báo cáo của tổ khác", status=ActivityReport.Status.PENDING),
        "nomination": nomination_create(unit=other, title="Tác phẩm của tổ khác", contact_phone="0900 111 222"),
    }


@pytest.fixture
def mine(units, rep):
    return {
        "activityreport": report_create(
            unit=units[0], title="Báo cáo của tổ mình", status=ActivityReport.Status.PENDING, created_by=rep
        ),
        "nomination": nomination_create(unit=units[0], title="Tác phẩm của tổ mình"),
    }


MODELS = ["activityreport", "nomination"]


class TestRepresentativeGroup:
    """The data migration gives the group "Đại diện đơn vị" the record permissions and nothing that reviews."""

    def test_group_permissions(self, db):
        codenames = set(Group.objects.get(name="Đại diện đơn vị").permissions.values_list("codename", flat=True))
        assert {"add_activityreport", "change_activityreport", "delete_activityreport", "view_nomination"} <= codenames
        assert {"add_reportphoto", "change_nomination", "delete_nomination"} <= codenames
        assert not codenames & {"approve_activityreport", "manage_all_units", "confirm_award"}
        assert not any(code.endswith("unitrepresentative") for code in codenames)

    def test_assign_makes_staff_and_member(self, units):
        Group.objects.filter(name="Đại diện đơn vị").delete()  # even if someone deleted the group
        user = representative_create(units[0])
        assert user.has_perm("progress.add_activityreport")
        assert user.is_staff
        assert user.groups.filter(name="Đại diện đơn vị").exists()
        assert list(UnitRepresentative.objects.filter(user=user).values_list("unit", flat=True)) == [units[0].pk]


class TestOtherUnitsRecordsAreUnreachable:
    """Every admin URL of another unit's record answers 404 to a representative, and changes nothing."""

    @pytest.mark.parametrize("model", MODELS)
    @pytest.mark.parametrize("view", ["change", "delete", "history"])
    def test_get(self, rep_client, theirs, model, view):
        response = rep_client.get(f"{ADMIN}/{model}/{theirs[model].pk}/{view}/")
        assert response.status_code == 404

    @pytest.mark.parametrize("model", MODELS)
    def test_own_records_open(self, rep_client, mine, model):
        for view in ["change", "delete", "history"]:
            assert rep_client.get(f"{ADMIN}/{model}/{mine[model].pk}/{view}/").status_code == 200

    @pytest.mark.parametrize("model", MODELS)
    def test_delete_post(self, rep_client, theirs, model):
        response = rep_client.post(f"{ADMIN}/{model}/{theirs[model].pk}/delete/", {"post": "yes"})
        assert response.status_code == 404
        assert type(theirs[model]).objects.filter(pk=theirs[model].pk).exists()

    def test_change_post(self, rep_client, theirs, units):
        report = theirs["activityreport"]
        data = report_form_data(unit=units[1], title="Sửa trộm")
        response = rep_client.post(f"{ADMIN}/activityreport/{report.pk}/change/", data)
        assert response.status_code == 404
        report.refresh_from_db()
        assert report.title == "Báo cáo của tổ khác"

    @pytest.mark.parametrize("model", MODELS)
    def test_changelist_lists_only_own(self, rep_client, mine, theirs, model):
        response = rep_client.get(f"{ADMIN}/{model}/")
        html = response.content.decode()
        assert response.status_code == 200
        assert mine[model].title in html
        assert theirs[model].title not in html
        assert "Tổ dân phố số 2" not in html  # not even in the unit filter

    @pytest.mark.parametrize("model", MODELS)
    def test_changelist_filter_by_other_unit_shows_nothing(self, rep_client, theirs, units, model):
        html = rep_client.get(f"{ADMIN}/{model}/", {"unit__id__exact": units[1].pk}).content.decode()
        assert theirs[model].title not in html

    @pytest.mark.parametrize("model", MODELS)
    def test_bulk_delete_action_skips_other_units(self, rep_client, theirs, mine, model):
        records = [theirs[model], mine[model]]
        rep_client.post(
            f"{ADMIN}/{model}/",
            {"action": "delete_selected", "_selected_action": [r.pk for r in records], "post": "yes"},
        )
        manager = type(theirs[model]).objects
        assert manager.filter(pk=theirs[model].pk).exists()
        assert not manager.filter(pk=mine[model].pk).exists()

    def test_admin_shortcut_does_not_reveal(self, rep_client, theirs):
        content_type = ContentType.objects.get_for_model(ActivityReport)
        response = rep_client.get(f"/quan-tri/r/{content_type.pk}/{theirs['activityreport'].pk}/")
        assert response.status_code == 404

    def test_missing_record_is_404(self, rep_client, rep):
        assert rep_client.get(f"{ADMIN}/activityreport/999999/change/").status_code == 404


class TestAddForAnotherUnit:
    """A representative's forms offer only their units; posting another unit's id is refused."""

    def test_unit_choices(self, rep_client, units):
        html = rep_client.get(f"{ADMIN}/activityreport/add/").content.decode()
        assert "Tổ dân phố số 1" in html
        assert "Tổ dân phố số 2" not in html

    def test_report_for_other_unit(self, rep_client, units):
        response = rep_client.post(f"{ADMIN}/activityreport/add/", report_form_data(unit=units[1]))
        assert response.status_code == 200  # the form again, with an error
        assert 'id="id_unit_error"><li>Hãy chọn một lựa chọn hợp lệ' in response.content.decode()
        assert not ActivityReport.objects.exists()

    def test_nomination_for_other_unit(self, rep_client, units):
        data = {"unit": units[1].pk, "nominated_on": "2026-07-01", "title": "X", "author_name": "Y", "state": "de-xuat"}
        response = rep_client.post(f"{ADMIN}/nomination/add/", data)
        assert response.status_code == 200
        assert not Nomination.objects.exists()

    def test_moving_own_report_to_other_unit(self, rep_client, mine, units):
        report = mine["activityreport"]
        data = report_form_data(unit=units[1], title=report.title)
        rep_client.post(f"{ADMIN}/activityreport/{report.pk}/change/", data)
        report.refresh_from_db()
        assert report.unit == units[0]

    def test_own_report_is_filed_pending(self, rep_client, rep, units):
        data = report_form_data(unit=units[0], status="da-duyet")  # a forged state is ignored
        response = rep_client.post(f"{ADMIN}/activityreport/add/", data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        report = ActivityReport.objects.get()
        assert report.status == ActivityReport.Status.PENDING
        assert report.created_by == rep
        assert not ActivityReport.objects.published().exists()

    def test_representative_without_units_cannot_add(self, client, letter):
        lonely = representative_create()
        lonely.is_staff = True
        lonely.save()
        lonely.groups.add(Group.objects.get(name="Đại diện đơn vị"))
        client.force_login(lonely)
        assert client.get(f"{ADMIN}/activityreport/add/").status_code == 403


class TestApproval:
    """Only ward staff approve, never their own report; a unit's later edit sends the report back for review."""

    def test_representative_has_no_approve_action(self, rep_client, mine):
        html = rep_client.get(f"{ADMIN}/activityreport/").content.decode()
        assert "approve_selected" not in html
        rep_client.post(
            f"{ADMIN}/activityreport/",
            {"action": "approve_selected", "_selected_action": [mine["activityreport"].pk]},
        )
        mine["activityreport"].refresh_from_db()
        assert mine["activityreport"].status == ActivityReport.Status.PENDING

    def test_representative_cannot_set_status_in_form(self, rep_client, mine, units):
        report = mine["activityreport"]
        html = rep_client.get(f"{ADMIN}/activityreport/{report.pk}/change/").content.decode()
        assert 'name="status"' not in html
        data = report_form_data(unit=units[0], title=report.title, status="da-duyet")
        rep_client.post(f"{ADMIN}/activityreport/{report.pk}/change/", data)
        report.refresh_from_db()
        assert report.status == ActivityReport.Status.PENDING

    def test_list_shows_state(self, rep_client, mine, units):
        report_create(unit=units[0], title="Đã xong", status=ActivityReport.Status.APPROVED)
        report_create(unit=units[0], title="Thiếu ảnh", status=ActivityReport.Status.NEEDS_MORE)
        html = rep_client.get(f"{ADMIN}/activityreport/").content.decode()
        for label in ["Chờ duyệt", "Đã duyệt", "Cần bổ sung"]:
            assert f">{label}</span>" in html

    def test_ward_staff_approve_action(self, client, mine):
        staff = ward_staff_create()
        client.force_login(staff)
        client.post(
            f"{ADMIN}/activityreport/",
            {"action": "approve_selected", "_selected_action": [mine["activityreport"].pk]},
        )
        report = ActivityReport.objects.get(pk=mine["activityreport"].pk)
        assert report.status == ActivityReport.Status.APPROVED
        assert report.reviewed_by == staff and report.reviewed_at

    def test_ward_staff_cannot_approve_own_report(self, client, units):
        staff = ward_staff_create()
        own = report_create(unit=units[0], status=ActivityReport.Status.PENDING, created_by=staff)
        client.force_login(staff)
        client.post(f"{ADMIN}/activityreport/", {"action": "approve_selected", "_selected_action": [own.pk]})
        own.refresh_from_db()
        assert own.status == ActivityReport.Status.PENDING
        html = client.get(f"{ADMIN}/activityreport/{own.pk}/change/").content.decode()
        assert 'name="status"' not in html

    def test_sending_back_needs_a_note(self, client, mine, units):
        staff = ward_staff_create()
        client.force_login(staff)
        report = mine["activityreport"]
        data = report_form_data(unit=units[0], title=report.title, status="can-bo-sung", review_note="")
        response = client.post(f"{ADMIN}/activityreport/{report.pk}/change/", data)
        assert response.status_code == 200
        assert "cần bổ sung gì" in response.content.decode()
        data["review_note"] = "Thêm ảnh hội nghị."
        assert client.post(f"{ADMIN}/activityreport/{report.pk}/change/", data).status_code == 302
        report.refresh_from_db()
        assert report.status == ActivityReport.Status.NEEDS_MORE and report.review_note == "Thêm ảnh hội nghị."

    def test_edit_of_approved_report_goes_back_to_review(self, rep_client, units, rep):
        report = report_create(unit=units[0], title="Cũ", status=ActivityReport.Status.APPROVED, created_by=rep)
        data = report_form_data(unit=units[0], title="Mới")
        assert rep_client.post(f"{ADMIN}/activityreport/{report.pk}/change/", data).status_code == 302
        report.refresh_from_db()
        assert report.title == "Mới"
        assert report.status == ActivityReport.Status.PENDING
        assert not ActivityReport.objects.published().exists()


class TestNominationAdmin:
    """Representatives enter nominations for their units; only the ward marks a work as awarded."""

    def test_awarded_not_offered_to_representative(self, rep_client, units):
        html = rep_client.get(f"{ADMIN}/nomination/add/").content.decode()
        assert 'value="dat-giai"' not in html
        data = {
            "unit": units[0].pk,
            "nominated_on": "2026-07-01",
            "title": "Ảnh phố biển",
            "author_name": "Nhóm ảnh tổ 1",
            "state": "dat-giai",
        }
        assert rep_client.post(f"{ADMIN}/nomination/add/", data).status_code == 200
        assert not Nomination.objects.exists()
        data["state"] = "de-xuat"
        assert rep_client.post(f"{ADMIN}/nomination/add/", data).status_code == 302
        assert Nomination.objects.get().unit == units[0]

    def test_ward_staff_may_mark_awarded(self, client, units):
        client.force_login(ward_staff_create())
        html = client.get(f"{ADMIN}/nomination/add/").content.decode()
        assert 'value="dat-giai"' in html


class TestRepresentativesAdmin:
    """Only ward staff tie accounts to units; a representative cannot give themself another unit."""

    def test_representative_refused(self, rep_client, units):
        assert rep_client.get(f"{ADMIN}/unitrepresentative/").status_code == 403
        assert rep_client.get(f"{ADMIN}/unitrepresentative/add/").status_code == 403

    def test_ward_staff_assign(self, client, units, django_user_model):
        client.force_login(ward_staff_create())
        person = django_user_model.objects.create_user("nguoimoi", password="x-mat-khau-dai-123")
        response = client.post(f"{ADMIN}/unitrepresentative/add/", {"user": person.pk, "unit": units[1].pk})
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.is_staff and person.groups.filter(name="Đại diện đơn vị").exists()
        client.force_login(person)
        assert "Tổ dân phố số 2" in client.get(f"{ADMIN}/activityreport/add/").content.decode()


class TestPhotoUpload:
    """A photo sent with a report is checked, stripped of its GPS position, and gets WebP copies."""

    def test_upload(self, rep_client, units, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        data = report_form_data(unit=units[0], photos=1)
        data["photos-0-image"] = SimpleUploadedFile("IMG_0001.jpg", jpeg_bytes(gps=True), "image/jpeg")
        data["photos-0-alt_text"] = "Bà con dự hội nghị"
        data["photos-0-order"] = "0"
        response = rep_client.post(f"{ADMIN}/activityreport/add/", data)
        assert response.status_code == 302, response.content.decode()[-2000:]
        photo = ReportPhoto.objects.get()
        assert photo.has_renditions and (photo.width, photo.height) == (1200, 800)
        assert "IMG_0001" not in photo.image.name
        with Image.open(photo.image.path) as stored:
            assert dict(stored.getexif()) == {}
        assert (tmp_path / photo.image.name.replace(".jpg", "-w480.webp")).exists()
        assert "480w" in photo.srcset

    def test_fake_image_refused_with_message(self, rep_client, units, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        data = report_form_data(unit=units[0], photos=1)
        data["photos-0-image"] = SimpleUploadedFile("anh.jpg", b"<script>alert(1)</script>", "image/jpeg")
        data["photos-0-alt_text"] = "x"
        response = rep_client.post(f"{ADMIN}/activityreport/add/", data)
        assert response.status_code == 200
        assert "không phải ảnh" in response.content.decode()
        assert not ActivityReport.objects.exists()

    def test_photo_needs_alt_text(self, rep_client, units, settings, tmp_path):
        settings.MEDIA_ROOT = tmp_path
        data = report_form_data(unit=units[0], photos=1)
        data["photos-0-image"] = SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")
        data["photos-0-alt_text"] = ""
        assert rep_client.post(f"{ADMIN}/activityreport/add/", data).status_code == 200
        assert not ReportPhoto.objects.exists()
