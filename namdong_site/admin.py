"""The admin site: Django's own, with a second factor when ``settings.ADMIN_OTP`` is on.

With ``DJANGO_ADMIN_OTP=1`` a staff account enters the admin only after a code
from a device it has confirmed (django-otp): a TOTP authenticator app, or a
one-time backup code. The login page then asks for the code with the
password; an account without a device cannot enter at all, and a session that
was opened before the switch was turned on must log in again with a code.
docs/security.md describes the set-up.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.admin import OTPAdminAuthenticationForm
from django_otp.plugins.otp_totp.models import TOTPDevice


class OTPLoginForm(OTPAdminAuthenticationForm):
    """The admin's login with a code; the authenticator app is the device unless another is chosen."""

    otp_error_messages = {
        **OTPAdminAuthenticationForm.otp_error_messages,
        "token_required": _("Hãy nhập mã xác thực 6 chữ số từ ứng dụng xác thực trên điện thoại."),
        "invalid_token": _("Mã xác thực không đúng hoặc đã hết hạn. Hãy nhập mã đang hiện trong ứng dụng."),
        "device_required": _("Hãy chọn thiết bị xác thực."),
        "verification_not_allowed": _("Tạm thời chưa kiểm tra được mã. Hãy thử lại sau ít phút."),
        "n_failed_attempts": _(
            "Tạm chưa kiểm tra mã vì đã nhập sai %(failure_count)d lần. Hãy chờ một lát rồi nhập mã mới."
        ),
    }

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None and not self.cleaned_data.get("otp_device"):
            # Only this user's own confirmed authenticator app, as the form would offer it.
            device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("pk").first()
        return device

    @staticmethod
    def device_choices(user):
        return [("", _("Ứng dụng xác thực"))] + [(d.persistent_id, d.name) for d in devices_for_user(user)]


class SiteAdmin(admin.AdminSite):
    """``admin.site``: Django's AdminSite, plus the second factor when ``ADMIN_OTP`` is on."""

    @property
    def login_form(self):
        return OTPLoginForm if settings.ADMIN_OTP else AdminAuthenticationForm

    @property
    def login_template(self):
        return "admin/login_otp.html" if settings.ADMIN_OTP else None

    def has_permission(self, request):
        allowed = super().has_permission(request)
        if settings.ADMIN_OTP:
            return allowed and request.user.is_verified()
        return allowed
