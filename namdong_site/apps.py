"""The admin app, with the project's admin site (namdong_site/admin.py) as ``admin.site``."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "namdong_site.admin.SiteAdmin"


# Vietnamese names for the admin sections of third-party apps, which name themselves in English.
from axes.apps import AppConfig as _AxesConfig  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402
from django_otp.plugins.otp_static.apps import DefaultConfig as _OtpStaticConfig  # noqa: E402
from django_otp.plugins.otp_totp.apps import DefaultConfig as _OtpTotpConfig  # noqa: E402


class AxesConfig(_AxesConfig):
    verbose_name = _("Khóa đăng nhập")


class OtpTotpConfig(_OtpTotpConfig):
    verbose_name = _("Xác thực hai lớp: ứng dụng tạo mã")


class OtpStaticConfig(_OtpStaticConfig):
    verbose_name = _("Xác thực hai lớp: mã dự phòng")
