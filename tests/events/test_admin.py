"""The events admin, from the refused side: a unit representative reaches only
their own units' events by every admin URL, never publishes, and a change to a
published event takes it off the site until the ward publishes it again. Ward
staff (the groups "Quản trị" and "Biên tập viên") manage and publish every event."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from events.models import Event
from progress.models import ActivityReport
from tests.factories import (
    PASSWORD,
    event_create,
    report_form_data,
    representative_create,
    unit_create,
    ward_staff_create,
)

ADMIN = "/quan-tri/events/event"


def event_form_data(*, unit=None, title="Hội nghị tổ dân phố", **extra):
    data = {
        "title": title,
        "start_0": "15/07/2026",
        "start_1": "19:30",
        "end_0": "15/07/2026",
        "end_1": "21:00",
        "place": "Nhà văn hóa",
        "unit": str(unit.pk) if unit else "",
        "channel": "",
        "description": "Giới thiệu Giải thưởng.",
        "slug": "",
    }
    data.update(extra)
    return data


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
    return event_create(title="Sự kiện của tổ khác", unit=units[1], status=Event.Status.PENDING)


@pytest.fixture
def ward_wide(units):
    return event_create(title="Sự kiện chung của phường", unit=None)


@pytest.fixture
def mine(units, rep):
    return event_create(title="Sự kiện của tổ mình", unit=units[0], status=Event.Status.PENDING, created_by=rep)


def editor_create():
    user = get_user_model().objects.create_user("bientap", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Biên tập viên"))
    return user


class TestRoles:
    """The role sync gives representatives the event records and editors publishing too."""

    def test_representatives(self, db):
        codenames = set(Group.objects.get(name="Đại diện đơn vị").permissions.values_list("codename", flat=True))
        assert {"view_event", "add_event", "change_event", "delete_event"} <= codenames
        assert "publish_event" not in codenames

    def test_editors_and_administrators(self, db):
        for name in ["Biên tập viên", "Quản trị"]:
            codenames = set(Group.objects.get(name=name).permissions.values_list("codename", flat=True))
            assert {"add_event", "change_event", "delete_event", "publish_event"} <= codenames, name

    def test_assign_restores_event_permissions(self, units):
        Group.objects.filter(name="Đại diện đơn vị").delete()
        user = representative_create(units[0])
        assert user.has_perm("events.add_event") and not user.has_perm("events.publish_event")


class TestOtherUnitsEventsAreUnreachable:
    """Another unit's event and a ward-wide event answer 404 to a representative by every admin URL."""

    @pytest.mark.parametrize("view", ["change", "delete", "history"])
    @pytest.mark.parametrize("which", ["theirs", "ward_wide"])
    def test_get(self, rep_client, request, which, view):
        event = request.getfixturevalue(which)
        assert rep_client.get(f"{ADMIN}/{event.pk}/{view}/").status_code == 404

    def test_own_event_opens(self, rep_client, mine):
        for view in ["change", "delete", "history"]:
            assert rep_client.get(f"{ADMIN}/{mine.pk}/{view}/").status_code == 200

    def test_delete_post(self, rep_client, theirs):
        assert rep_client.post(f"{ADMIN}/{theirs.pk}/delete/", {"post": "yes"}).status_code == 404
        assert Event.objects.filter(pk=theirs.pk).exists()

    def test_change_post(self, rep_client, theirs, units):
        response = rep_client.post(f"{ADMIN}/{theirs.pk}/change/", event_form_data(unit=units[1], title="Sửa trộm"))
        assert response.status_code == 404
        theirs.refresh_from_db()
        assert theirs.title == "Sự kiện của tổ khác"

    def test_changelist_lists_only_own(self, rep_client, mine, theirs, ward_wide):
        html = rep_client.get(f"{ADMIN}/").content.decode()
        assert mine.title in html
        assert theirs.title not in html and ward_wide.title not in html
        assert "Tổ dân phố số 2" not in html

    def test_bulk_delete_skips_other_units(self, rep_client, mine, theirs):
        rep_client.post(
            f"{ADMIN}/", {"action": "delete_selected", "_selected_action": [theirs.pk, mine.pk], "post": "yes"}
        )
        assert Event.objects.filter(pk=theirs.pk).exists()
        assert not Event.objects.filter(pk=mine.pk).exists()


class TestAdd:
    """A representative adds events for their own units only, and they wait for the ward."""

    def test_another_units_id_in_post(self, rep_client, units):
        response = rep_client.post(f"{ADMIN}/add/", event_form_data(unit=units[1]))
        assert response.status_code == 200
        assert 'id="id_unit_error"><li>Hãy chọn một lựa chọn hợp lệ' in response.content.decode()
        assert not Event.objects.exists()

    def test_ward_wide_refused_to_representative(self, rep_client, units):
        response = rep_client.post(f"{ADMIN}/add/", event_form_data(unit=None))
        assert response.status_code == 200
        assert 'id="id_unit_error"' in response.content.decode()
        assert not Event.objects.exists()

    def test_own_event_waits_for_approval(self, rep_client, rep, units):
        response = rep_client.post(f"{ADMIN}/add/", event_form_data(unit=units[0], status="da-dang"))
        assert response.status_code == 302, response.content.decode()[-2000:]
        event = Event.objects.get()
        assert event.status == Event.Status.PENDING and event.created_by == rep
        assert event.slug == "hoi-nghi-to-dan-pho-2026-07-15"
        assert (event.start_local.hour, event.start_local.minute) == (19, 30)
        assert not Event.objects.published().exists()

    def test_end_before_start_explained(self, rep_client, units):
        response = rep_client.post(f"{ADMIN}/add/", event_form_data(unit=units[0], end_1="18:00"))
        assert response.status_code == 200
        assert "Thời điểm kết thúc phải sau hoặc trùng thời điểm bắt đầu." in response.content.decode()
        assert not Event.objects.exists()

    def test_moving_own_event_to_another_unit(self, rep_client, mine, units):
        rep_client.post(f"{ADMIN}/{mine.pk}/change/", event_form_data(unit=units[1], title=mine.title))
        mine.refresh_from_db()
        assert mine.unit == units[0]


class TestPublishing:
    """Only ward staff publish; a unit's later edit sends a published event back for review."""

    def test_representative_cannot_publish(self, rep_client, mine, units):
        html = rep_client.get(f"{ADMIN}/{mine.pk}/change/").content.decode()
        assert 'name="status"' not in html
        rep_client.post(f"{ADMIN}/{mine.pk}/change/", event_form_data(unit=units[0], status="da-dang"))
        rep_client.post(f"{ADMIN}/", {"action": "publish_selected", "_selected_action": [mine.pk]})
        mine.refresh_from_db()
        assert mine.status == Event.Status.PENDING

    def test_edit_of_published_event_goes_back_to_review(self, rep_client, rep, units):
        event = event_create(title="Cũ", unit=units[0], created_by=rep)
        assert Event.objects.published().filter(pk=event.pk).exists()
        response = rep_client.post(f"{ADMIN}/{event.pk}/change/", event_form_data(unit=units[0], title="Mới"))
        assert response.status_code == 302
        event.refresh_from_db()
        assert event.title == "Mới" and event.status == Event.Status.PENDING
        assert not Event.objects.published().exists()

    def test_editor_publishes_a_units_event(self, client, mine):
        editor = editor_create()
        client.force_login(editor)
        client.post(f"{ADMIN}/", {"action": "publish_selected", "_selected_action": [mine.pk]})
        mine.refresh_from_db()
        assert mine.status == Event.Status.PUBLISHED and mine.reviewed_by == editor and mine.reviewed_at

    def test_editor_adds_ward_wide_event_published(self, client, units):
        client.force_login(editor_create())
        response = client.post(f"{ADMIN}/add/", event_form_data(unit=None, status="da-dang"))
        assert response.status_code == 302, response.content.decode()[-2000:]
        event = Event.objects.get()
        assert event.unit is None and event.status == Event.Status.PUBLISHED and event.reviewed_at
        assert client.get(event.get_absolute_url()).status_code == 200

    def test_sending_back_needs_a_note(self, client, mine, units):
        client.force_login(editor_create())
        data = event_form_data(unit=units[0], title=mine.title, status="can-bo-sung", review_note="")
        response = client.post(f"{ADMIN}/{mine.pk}/change/", data)
        assert response.status_code == 200 and "cần bổ sung gì" in response.content.decode()
        data["review_note"] = "Ghi rõ số nhà."
        assert client.post(f"{ADMIN}/{mine.pk}/change/", data).status_code == 302
        mine.refresh_from_db()
        assert mine.status == Event.Status.NEEDS_MORE and mine.review_note == "Ghi rõ số nhà."


class TestReportPicksEvent:
    """Filing a report, a representative may pick one of their units' events that has begun, and no other."""

    def test_choices(self, rep_client, units, mine, theirs, ward_wide):
        future = event_create(title="Sự kiện tương lai của tổ", unit=units[0], start=mine.start.replace(year=2099))
        html = rep_client.get("/quan-tri/progress/activityreport/add/").content.decode()
        select = re.search(r'<select name="event".*?</select>', html, re.S).group(0)
        assert f'<option value="{mine.pk}">' in select
        for other in (theirs, ward_wide, future):
            assert f'<option value="{other.pk}">' not in select

    def test_other_units_event_refused(self, rep_client, units, theirs):
        data = report_form_data(unit=units[0], event=str(theirs.pk))
        response = rep_client.post("/quan-tri/progress/activityreport/add/", data)
        assert response.status_code == 200
        assert not ActivityReport.objects.exists()

    def test_own_event_saved(self, rep_client, units, mine):
        data = report_form_data(unit=units[0], event=str(mine.pk))
        assert rep_client.post("/quan-tri/progress/activityreport/add/", data).status_code == 302
        assert ActivityReport.objects.get().event == mine

    def test_staff_event_of_another_unit_explained(self, client, units, theirs):
        client.force_login(ward_staff_create())
        data = report_form_data(unit=units[0], event=str(theirs.pk))
        response = client.post("/quan-tri/progress/activityreport/add/", data)
        assert response.status_code == 200
        assert "Sự kiện này do đơn vị khác tổ chức." in response.content.decode()
        assert not ActivityReport.objects.exists()
