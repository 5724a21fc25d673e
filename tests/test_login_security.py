"""Admin login hardening: lockout after repeated failures (django-axes), strong passwords,
short sessions with safe cookies, and the optional second factor (django-otp)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "mat-khau-dai-123"
LOCKOUT_TEXT = "Tạm khóa đăng nhập"


def log_in(username, password, address="10.0.0.1", client=None, **extra):
    client = client or Client(REMOTE_ADDR=address)
    response = client.post("/quan-tri/login/?next=/quan-tri/", {"username": username, "password": password, **extra})
    return client, response


def logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("canbo", password=PASSWORD, is_staff=True, is_superuser=True)


@pytest.fixture
def other_staff(django_user_model):
    return django_user_model.objects.create_user("canbokhac", password=PASSWORD, is_staff=True)


class TestLockout:
    """Five wrong passwords for one username from one address lock that username out from that address,
    for an hour, with a Vietnamese page: even the right password is refused then. Others are not affected."""

    def test_five_failures_then_right_password_refused(self, staff, other_staff):
        for attempt in range(4):
            client, response = log_in("canbo", "sai-mat-khau")
            assert response.status_code == 200 and not logged_in(client), attempt  # the form again
        client, response = log_in("canbo", "sai-mat-khau")  # the fifth
        assert response.status_code == 429
        client, response = log_in("canbo", PASSWORD)
        assert response.status_code == 429 and not logged_in(client)
        html = response.content.decode()
        assert LOCKOUT_TEXT in html and "5 lần" in html and "60 phút" in html
        assert '<html lang="vi">' in html

        # Another account from the same address, and the same account from another address, still log in.
        client, response = log_in("canbokhac", PASSWORD)
        assert response.status_code == 302 and logged_in(client)
        client, response = log_in("canbo", PASSWORD, address="10.0.0.2")
        assert response.status_code == 302 and logged_in(client)

    def test_lockout_ends_after_an_hour(self, staff):
        from axes.models import AccessAttempt
        from django.utils import timezone

        for _ in range(5):
            log_in("canbo", "sai")
        assert log_in("canbo", PASSWORD)[1].status_code == 429
        AccessAttempt.objects.update(attempt_time=timezone.now() - timezone.timedelta(hours=1, minutes=1))
        client, response = log_in("canbo", PASSWORD)
        assert response.status_code == 302 and logged_in(client)

    def test_reset_by_command(self, staff):
        for _ in range(5):
            log_in("canbo", "sai")
        assert log_in("canbo", PASSWORD)[1].status_code == 429
        call_command("axes_reset_username", "canbo", verbosity=0)
        client, response = log_in("canbo", PASSWORD)
        assert response.status_code == 302 and logged_in(client)

    def test_success_clears_the_count(self, staff):
        for _ in range(4):
            log_in("canbo", "sai")
        assert log_in("canbo", PASSWORD)[1].status_code == 302
        for _ in range(4):
            log_in("canbo", "sai")
        client, response = log_in("canbo", PASSWORD)  # 4 + 4 failures, but never 5 in a row
        assert response.status_code == 302 and logged_in(client)

    def test_english_admin_is_locked_too(self, staff):
        client = Client(REMOTE_ADDR="10.0.0.9")
        for _ in range(5):
            client.post("/en/quan-tri/login/", {"username": "canbo", "password": "sai"})
        response = client.post("/en/quan-tri/login/", {"username": "canbo", "password": PASSWORD})
        assert response.status_code == 429
        assert "Login temporarily locked" in response.content.decode()


class TestProxyAddress:
    """Behind nginx the address is nginx's X-Real-IP; served directly, a client's header is ignored."""

    def test_direct(self, rf, settings):
        from namdong_site.security import client_ip

        settings.SECURE_PROXY_SSL_HEADER = None
        request = rf.get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="1.2.3.4")
        assert client_ip(request) == "10.0.0.5"

    def test_behind_proxy(self, rf, settings):
        from namdong_site.security import client_ip

        settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")) == "203.0.113.7"
        assert client_ip(rf.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"


class TestPasswords:
    """Staff passwords: at least 12 characters, not common, not all digits, not like the username."""

    @pytest.mark.parametrize(
        "password",
        ["ngan-qua1", "password1234", "123456789012345", "canbophuong1"],
        ids=["short", "common", "digits", "like-name"],
    )
    def test_weak(self, django_user_model, password):
        user = django_user_model(username="canbophuong1", email="canbo@example.invalid")
        with pytest.raises(ValidationError):
            validate_password(password, user)

    def test_strong(self, django_user_model):
        validate_password("Hội nghị tổ dân phố 5 lúc 19h", django_user_model(username="canbo"))


class TestSessions:
    """A staff session lasts a working day and ends with the browser; its cookie is HttpOnly and Lax."""

    def test_session_cookie(self, staff):
        client, response = log_in("canbo", PASSWORD)
        cookie = response.cookies["sessionid"]
        assert cookie["httponly"] and cookie["samesite"] == "Lax"
        assert not cookie["max-age"] and not cookie["expires"]  # ends when the browser closes
        assert client.session.get_expiry_age() == 8 * 60 * 60


def token_for(device, offset=0):
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"


@pytest.fixture
def otp_on(settings):
    settings.ADMIN_OTP = True


class TestSecondFactor:
    """With DJANGO_ADMIN_OTP=1 the admin asks for a code: no device, no entry; the right code from the
    user's authenticator app (TOTP) or a backup code lets them in; a wrong code does not."""

    def test_off_by_default(self, staff):
        client, response = log_in("canbo", PASSWORD)
        assert response.status_code == 302

    def test_no_device_no_entry(self, otp_on, staff):
        client, response = log_in("canbo", PASSWORD)
        assert response.status_code == 200 and not logged_in(client)
        assert "Mã xác thực" in response.content.decode()
        # A session opened without a code (say, before the switch was turned on) is not enough either.
        client = Client()
        client.force_login(staff)
        response = client.get("/quan-tri/")
        assert response.status_code == 302 and "/quan-tri/login/" in response["Location"]

    def test_totp(self, otp_on, staff):
        device = TOTPDevice.objects.create(user=staff, name="Điện thoại", confirmed=True)
        client, response = log_in("canbo", PASSWORD, otp_token="000000" if token_for(device) != "000000" else "111111")
        assert response.status_code == 200 and not logged_in(client)
        assert "Mã xác thực không đúng" in response.content.decode()
        # Right after a wrong code, even the right one waits (django-otp's throttling doubles the wait each time).
        client, response = log_in("canbo", PASSWORD, otp_token=token_for(device))
        assert response.status_code == 200 and not logged_in(client)
        assert "Tạm chưa kiểm tra mã vì đã nhập sai 1 lần" in response.content.decode()

        device.refresh_from_db()
        device.throttle_reset()  # as the wait has passed
        client, response = log_in("canbo", PASSWORD, otp_token=token_for(device))
        assert response.status_code == 302 and logged_in(client)
        assert client.get("/quan-tri/").status_code == 200

    def test_unconfirmed_device_does_not_count(self, otp_on, staff):
        device = TOTPDevice.objects.create(user=staff, name="Chưa xác nhận", confirmed=False)
        client, response = log_in("canbo", PASSWORD, otp_token=token_for(device))
        assert not logged_in(client)

    def test_someone_elses_device_does_not_count(self, otp_on, staff, other_staff):
        device = TOTPDevice.objects.create(user=other_staff, name="Của người khác", confirmed=True)
        client, response = log_in("canbo", PASSWORD, otp_token=token_for(device), otp_device=device.persistent_id)
        assert not logged_in(client)

    def test_backup_code(self, otp_on, staff):
        device = StaticDevice.objects.create(user=staff, name="Mã dự phòng")
        device.token_set.create(token="dutru12345")
        client, response = log_in("canbo", PASSWORD, otp_token="dutru12345", otp_device=device.persistent_id)
        assert response.status_code == 302 and logged_in(client)
        client, response = log_in("canbo", PASSWORD, otp_token="dutru12345", otp_device=device.persistent_id)
        assert not logged_in(client)  # used once only

    def test_totp_setup_page_shows_a_qr_code(self, otp_on, staff):
        device = TOTPDevice.objects.create(user=staff, name="Điện thoại", confirmed=True)
        client, _ = log_in("canbo", PASSWORD, otp_token=token_for(device))
        new = TOTPDevice.objects.create(user=staff, name="Điện thoại mới", confirmed=False)
        response = client.get(f"/quan-tri/otp_totp/totpdevice/{new.pk}/qrcode/")
        assert response.status_code == 200 and response["Content-Type"].startswith("image/svg+xml")
