"""The Content Security Policy blocks nothing the site needs, in a real Chromium.

Every ``securitypolicyviolation`` event and every console message about the
policy is collected, on every page a test opens; a test fails on the first one.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from news.models import Article
from news.roles import EDITORS, roles_sync
from tests.news.conftest import PASSWORD, phone_photo
from tests.news.test_browser import log_in

pytestmark = pytest.mark.browser

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation({
        page: document.location.pathname,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        sample: event.sample,
        source: event.sourceFile + ":" + event.lineNumber,
    });
}, true);
"""


@pytest.fixture
def editor(db, django_user_model):
    """A member of "Biên tập viên", as ward staff who write news are."""
    roles_sync(group_model=Group, permission_model=Permission)
    user = django_user_model.objects.create_user("bientap", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def watched(desktop):
    """The desktop page, reporting CSP violations and CSP console messages into a list."""
    violations = []
    desktop.expose_function("__cspViolation", lambda violation: violations.append(violation))
    desktop.add_init_script(REPORT_VIOLATIONS)
    desktop.on(
        "console",
        lambda message: (
            violations.append({"console": message.text})
            if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text
            else None
        ),
    )
    desktop.on("pageerror", lambda error: violations.append({"pageerror": str(error)}))
    desktop.violations = violations
    return desktop


class TestEditorUnderPolicy:
    """An editor writes an article with a heading, a list and an uploaded photo in CKEditor 5 and saves it,
    with the admin's policy (no inline script, no inline style, no eval) in force and nothing blocked."""

    def test_write_and_save(self, live_server, watched, editor):
        page = watched
        log_in(page, live_server.url, editor.username)
        response = page.goto(live_server.url + "/quan-tri/news/article/add/")
        policy = response.headers["content-security-policy"]
        script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
        style_src = next(part for part in policy.split(";") if part.strip().startswith("style-src "))
        assert "unsafe-inline" not in script_src and "unsafe-eval" not in policy
        # <style> elements stay blocked; only style attributes (the upload's progress bar) are allowed here.
        assert "unsafe-inline" not in style_src and "style-src-elem" not in policy
        assert "frame-ancestors 'none'" in policy

        page.fill("#id_title", "Thử trình soạn thảo dưới chính sách bảo mật nội dung")
        page.fill("#id_summary", "Tóm tắt.")
        editable = page.locator(".ck-editor__editable")
        editable.click()
        page.locator(".ck-heading-dropdown button").first.click()
        page.locator(".ck-heading-dropdown .ck-list__item button", has_text="Tiêu đề mục").click()
        page.keyboard.type("Kết quả")
        page.keyboard.press("Enter")
        page.keyboard.type("Đoạn văn có ")
        page.keyboard.press("Control+b")
        page.keyboard.type("chữ đậm")
        page.keyboard.press("Control+b")
        page.keyboard.press("Enter")
        page.locator('.ck-toolbar button[data-cke-tooltip-text^="Danh sách đánh ký hiệu"]').first.click()
        page.keyboard.type("Mục một")
        page.keyboard.press("Enter")
        page.keyboard.type("Mục hai")
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")  # leaves the list
        upload_input = page.locator('.ck-toolbar .ck-file-dialog-button input[type="file"]').first
        upload_input.set_input_files(
            files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": phone_photo(800, 600)}]
        )
        page.wait_for_selector('.ck-editor__editable img[src^="/media/tin-tuc/noi-dung/"]')
        page.keyboard.press("Enter")  # on the selected picture: a new paragraph after it
        # The balloon toolbars and the table UI position themselves with styles too.
        page.locator('.ck-toolbar button[data-cke-tooltip-text^="Tạo bảng"]').first.click()
        page.locator(".ck-insert-table-dropdown-grid-box").nth(11).click()  # a 2×2 table
        page.keyboard.type("Ô bảng")
        page.wait_for_function("() => document.querySelector('#id_body').value.includes('Ô bảng')")
        page.select_option("#id_status", "draft")
        page.click('input[name="_save"]')
        page.wait_for_selector(".messagelist .success")

        article = Article.objects.get(title="Thử trình soạn thảo dưới chính sách bảo mật nội dung")
        assert "<h2>Kết quả</h2>" in article.body
        assert "<strong>chữ đậm</strong>" in article.body
        assert "<li>Mục một</li><li>Mục hai</li>" in article.body
        assert "/media/tin-tuc/noi-dung/" in article.body and "Ô bảng" in article.body

        # Open it again: the editor loads the saved content, picture included.
        page.goto(live_server.url + reverse("admin:news_article_change", args=[article.pk]))
        page.wait_for_selector('.ck-editor__editable img[src^="/media/tin-tuc/noi-dung/"]')
        page.wait_for_timeout(300)
        assert page.violations == [], page.violations


class TestAdminPagesUnderPolicy:
    """Every admin list, add and change page (one object of each model of the letter) and the history
    pages open without any CSP violation (Django's admin, nested inlines, date pickers, history), for a
    superuser, who sees them all."""

    def test_every_admin_page(self, live_server, watched, letter, django_user_model):
        user = django_user_model.objects.create_superuser("quantri", "quantri@example.invalid", PASSWORD)
        device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=False)  # its QR code page too
        request = RequestFactory().get("/quan-tri/")
        request.user = user
        page = watched
        log_in(page, live_server.url, user.username)
        urls = [
            "/quan-tri/",
            "/quan-tri/password_change/",
            reverse("admin:otp_totp_totpdevice_config", args=[device.pk]),
        ]
        for model, model_admin in admin.site._registry.items():
            name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            urls.append(reverse(f"{name}_changelist"))
            if model_admin.has_add_permission(request):
                urls.append(reverse(f"{name}_add"))
            first = model._default_manager.order_by("pk").first()
            if first is not None:
                urls += [reverse(f"{name}_change", args=[first.pk]), reverse(f"{name}_history", args=[first.pk])]
        assert reverse("admin:campaign_directive_change", args=[letter.pk]) in urls
        statuses = {}
        for url in urls:
            statuses[url] = page.goto(live_server.url + url).status
        assert all(status == 200 for status in statuses.values()), statuses
        page.wait_for_timeout(200)
        assert page.violations == [], page.violations
