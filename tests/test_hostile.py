"""Hostile input against every public URL and form: never a 500, always a calm Vietnamese answer.

The public routes are found by themselves (``tests/public_urls.py``: the sitemap
and the URL resolver), so pages that other apps add later are covered without
editing this file. The test client re-raises any exception a view lets escape
(``raise_request_exception``, on by default), and every answer is also checked
to be below 500: a server error fails the test either way. Django answers
requests it refuses on purpose (bad Host, too much data, a file name outside
the uploads folder) with 400 and no exception, and those pages must be ours.

Property-based parts use hypothesis with a bounded number of examples and no
deadline, so the file runs in well under 30 seconds.
"""

import string
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.models import TargetUnit, UnitGroup
from news.roles import EDITORS, roles_sync
from tests.public_urls import public_routes

EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same inputs on every run: a failure in CI is a failure on a laptop
)

NOT_FOUND_TEXT = "Không tìm thấy trang"
BAD_REQUEST_TEXT = "Yêu cầu không hợp lệ"

# Query strings that have broken sites: huge, NUL, invalid and overlong percent-encoding,
# an encoded lone surrogate, repeated and array-style keys, page numbers of every kind.
NASTY_QUERIES = [
    "q=" + "a" * 10_000,
    "q=" + "%E1%BB%87" * 3_000,  # "ệ" 3,000 times
    "x" * 10_000,
    "q=%00",
    "q=\x00",
    "q=%ZZ&page=%",
    "q=%",
    "q=%ED%A0%80",  # a lone UTF-16 surrogate, UTF-8-encoded
    "q=%C0%AF",  # an overlong "/"
    "q=%FF%FE%FD",
    "q=a&q=b&q=c&page=1&page=2",
    "q[]=x&q[a]=y",
    "page=-1",
    "page=0",
    "page=1e9",
    "page=abc",
    "page=9999999999999999999",
    "page=1.5",
    "page=%00",
    "page=" + "9" * 5_000,
    "&&&===&&",
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=%27%20OR%201%3D1--",
    "q=%E2%80%AE%E2%80%8B%EF%BB%BF",  # right-to-left override, zero-width space, BOM
    "utm_source=zalo&fbclid=" + "A" * 500,
]
# Text that breaks slugs and search: controls, surrogates, combining marks, other scripts, traversal.
HOSTILE_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zs", "Mn", "L", "N", "P", "S"]),
    min_size=1,
    max_size=60,
) | st.sampled_from(["..", "../..", "%2e%2e%2f", "\x00", "\ud800", "/etc/passwd", "C:\\Windows", "a" * 2_000])


def raw_query():
    """A query string as an attacker sends it: arbitrary bytes, percent-encoded or not."""
    pieces = st.one_of(
        st.text(alphabet=string.printable, max_size=40),
        st.binary(max_size=30).map(lambda data: "".join(f"%{byte:02X}" for byte in data)),
        st.sampled_from(["%", "%Z", "%ZZ", "%00", "&", "=", "page=", "q=", "%ED%A0%80", "+", ";"]),
        st.integers(min_value=-(10**20), max_value=10**20).map(lambda n: f"page={n}"),
    )
    return st.lists(pieces, min_size=1, max_size=8).map("".join)


def form_text(text):
    """Text as a browser would send it in a form: lone surrogates cannot be encoded, so they become U+FFFD."""
    return text.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def assert_calm(response, where):
    """Below 500; a 404 or 400 page is the site's own, in Vietnamese."""
    assert response.status_code < 500, (where, response.status_code)
    content_type = response.get("Content-Type", "")
    if response.status_code in (400, 404) and content_type.startswith("text/html"):
        text = response.content.decode()
        expected = NOT_FOUND_TEXT if response.status_code == 404 else BAD_REQUEST_TEXT
        assert expected in text, (where, response.status_code, text[:300])
        assert "Traceback" not in text


@pytest.fixture
def site(letter):
    """The letter, a unit and a published article, so routes with parameters have real pages too."""
    from news.models import Article
    from news.services import article_save

    group = UnitGroup.objects.get(kind=UnitGroup.Kind.RESIDENTIAL)
    TargetUnit.objects.create(group=group, name="Tổ dân phố thử", slug="to-dan-pho-thu")
    for number in range(12):  # two pages of news
        article_save(article=Article(title=f"Tin thử {number}", body="<p>Nội dung.</p>", status="published"))
    return letter


@pytest.fixture
def routes(client, site):
    found = public_routes(client)
    names = {route.name for route in found}
    # The suite covers what the site has; new apps' routes join by themselves.
    assert {"home", "search", "list", "detail", "directive", "unit", "sitemap"} <= names, names
    return found


class TestQueryStrings:
    """Malformed, huge and repeated query strings and every kind of page number, on every public route."""

    def test_nasty_queries_everywhere(self, client, routes):
        for route in routes:
            for query in NASTY_QUERIES:
                assert_calm(client.get(f"{route.example}?{query}"), (route.route, query[:40]))

    @EXAMPLES
    @given(query=raw_query())
    def test_random_queries_everywhere(self, client, routes, query):
        for route in routes:
            assert_calm(client.get(f"{route.example}?{query}"), (route.route, query))

    @pytest.mark.parametrize("page", ["-1", "0", "1e9", "abc", "9999999999999999999", "", "2", "3", "%00"])
    def test_news_pages_out_of_range(self, client, site, page):
        response = client.get(f"/tin-tuc/?page={page}")
        assert response.status_code == 200  # get_page() shows the first or the last page
        assert "Tin thử" in response.content.decode()


class TestSlugs:
    """Unicode, control characters and traversal in the part of the address that names a page: 404, not 500."""

    @EXAMPLES
    @given(text=HOSTILE_TEXT)
    def test_hostile_slugs(self, client, routes, text):
        encoded = quote(text.encode("utf-8", "surrogatepass"), safe="")
        for route in routes:
            if route.has_parameters:
                # Replace the page's own name (the last non-empty part) with the hostile one.
                parts = route.example.rstrip("/").split("/")
                parts[-1 if route.example.endswith("/") else -2] = encoded
                path = "/".join(parts) + ("/" if route.example.endswith("/") else "")
            else:
                path = route.example.rstrip("/") + "/" + encoded + "/"
            assert_calm(client.get(path), (route.route, path))

    @pytest.mark.parametrize("path", ["/tin-tuc/%00/", "/van-ban/%ED%A0%80/", "/don-vi/%C0%AF/", "/en/%FF/"])
    def test_known_bad_bytes(self, client, site, path):
        response = client.get(path)
        assert response.status_code == 404
        assert NOT_FOUND_TEXT in response.content.decode() or "Page not found" in response.content.decode()


class TestMediaTraversal:
    """File names that climb out of the uploads folder answer 404 or 400 and never show a file."""

    SECRETS = ("SECRET_KEY", "DJANGO_", "root:x:0:0")

    @pytest.mark.parametrize(
        "name",
        [
            "../namdong_site/settings.py",
            "../../namdong_site/settings.py",
            "..%2fnamdong_site%2fsettings.py",
            "%2e%2e/%2e%2e/namdong_site/settings.py",
            "%2e%2e%2f%2e%2e%2fnamdong_site%2fsettings.py",
            "..%5c..%5cnamdong_site%5csettings.py",
            "%252e%252e%252fsettings.py",
            "/etc/passwd",
            "//etc/passwd",
            "%2fetc%2fpasswd",
            "....//....//etc/passwd",
            "tin-tuc/../../../etc/passwd",
            "anh.jpg%00.py",
            "%00",
            "%ED%A0%80.jpg",
            "C:%5cWindows%5cwin.ini",
            "",
            ".",
        ],
    )
    def test_traversal(self, client, db, name):
        response = client.get("/media/" + name)
        assert response.status_code in (400, 404), (name, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert not any(secret.encode() in body for secret in self.SECRETS), name
        assert_calm(response, name)

    @EXAMPLES
    @given(text=HOSTILE_TEXT)
    def test_random_names(self, client, db, text):
        response = client.get("/media/" + quote(text.encode("utf-8", "surrogatepass"), safe="/"))
        assert response.status_code in (400, 404, 301, 302), (text, response.status_code)


@pytest.fixture
def editor_client(db, django_user_model):
    roles_sync(group_model=Group, permission_model=Permission)
    user = django_user_model.objects.create_user("bientap", password="mat-khau-dai-123", is_staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    return client


def big_file(size, name="anh.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\0" * (size - 4), content_type=content_type)


class TestUploads:
    """Oversized and fake uploads to the editor's upload endpoint and to the admin's image fields:
    a Vietnamese refusal with a 4xx (or the form again with its error), never a 500."""

    def test_editor_upload_too_large(self, editor_client):
        response = editor_client.post("/tin-tuc/tai-anh-len/", {"upload": big_file(11 * 1024 * 1024)})
        assert response.status_code == 400
        assert "Ảnh quá lớn" in response.json()["error"]["message"]

    @pytest.mark.parametrize(
        "upload",
        [
            SimpleUploadedFile("a.svg", b"<svg onload=alert(1)>", content_type="image/svg+xml"),
            SimpleUploadedFile("a.jpg", b"", content_type="image/jpeg"),
            SimpleUploadedFile("../../etc/passwd", b"GIF89a" + b"\0" * 50, content_type="image/gif"),
            SimpleUploadedFile("\x00.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png"),
        ],
        ids=["svg", "empty", "traversal-name", "nul-name"],
    )
    def test_editor_upload_not_an_image(self, editor_client, upload):
        response = editor_client.post("/tin-tuc/tai-anh-len/", {"upload": upload})
        assert response.status_code == 400
        assert response.json()["error"]["message"]

    def test_editor_upload_anonymous(self, client, db):
        response = client.post("/tin-tuc/tai-anh-len/", {"upload": big_file(1024)})
        assert response.status_code == 403
        assert "đăng nhập" in response.json()["error"]["message"]

    def test_admin_cover_too_large(self, editor_client):
        response = editor_client.post(
            "/quan-tri/news/article/add/",
            {"title": "Tin có ảnh bìa quá lớn", "summary": "", "body": "<p>x</p>", "status": "draft",
             "cover": big_file(11 * 1024 * 1024), "cover_alt": "Ảnh", "published_at_0": "", "published_at_1": ""},
        )  # fmt: skip
        assert response.status_code == 200  # the form again, with the error
        assert "Ảnh quá lớn" in response.content.decode()

    def test_too_many_files(self, editor_client):
        count = django_settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1
        files = {f"upload{n}": big_file(16, name=f"{n}.jpg") for n in range(count)}
        response = editor_client.post("/tin-tuc/tai-anh-len/", files)
        assert response.status_code == 400


class TestHugeBodies:
    """More form data than the site accepts, to every public route and form: 4xx, never a 500."""

    def test_huge_form_to_every_route(self, routes):
        client = Client(enforce_csrf_checks=True)
        body = {"q": "a" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)}
        for route in routes:
            response = client.post(route.example, body)
            assert 400 <= response.status_code < 500, (route.route, response.status_code)
            assert_calm(response, route.route)

    def test_too_many_fields(self, client, db):
        fields = {f"f{n}": "x" for n in range(django_settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}
        response = client.post("/i18n/setlang/", fields)
        assert response.status_code == 400
        assert_calm(response, "setlang")

    def test_huge_login(self, db):
        client = Client()
        response = client.post(
            "/quan-tri/login/", {"username": "a" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1), "password": "x"}
        )
        assert response.status_code == 400
        assert BAD_REQUEST_TEXT in response.content.decode()


class TestForms:
    """The public forms (search, language, the admin's login) with hostile text: an answer, not an error."""

    @EXAMPLES
    @given(text=HOSTILE_TEXT)
    def test_search(self, client, site, text):
        assert_calm(client.get("/tim-kiem/", {"q": form_text(text)}), text)

    @EXAMPLES
    @given(language=HOSTILE_TEXT, next_url=HOSTILE_TEXT)
    def test_set_language(self, client, db, language, next_url):
        response = client.post("/i18n/setlang/", {"language": form_text(language), "next": form_text(next_url)})
        assert response.status_code in (302, 204), response.status_code

    @EXAMPLES
    @given(username=HOSTILE_TEXT, password=HOSTILE_TEXT)
    def test_admin_login(self, client, db, username, password):
        response = client.post("/quan-tri/login/", {"username": form_text(username), "password": form_text(password)})
        assert response.status_code in (200, 429), response.status_code  # the form again, or locked out
        assert "_auth_user_id" not in client.session


class TestBadHost:
    """Requests for a host the site does not serve: 400 with the Vietnamese page (DEBUG is off here)."""

    @pytest.mark.parametrize(
        "host",
        ["evil.example", "evil.example:8041", "127.0.0.1:80:80", "[::1", "a" * 300, "nam-đồng.vn",
         "testserver\x00", "", "testserver, evil", "localhost@evil.example", "xn--zz"],
    )  # fmt: skip
    def test_bad_host(self, client, letter, host):
        assert not django_settings.DEBUG
        response = client.get("/", HTTP_HOST=host)
        assert response.status_code == 400, host
        assert BAD_REQUEST_TEXT in response.content.decode()

    def test_bad_host_on_post(self, client, db):
        response = client.post("/quan-tri/login/", {"username": "x", "password": "y"}, HTTP_HOST="evil.example")
        assert response.status_code == 400


class TestStaffOnly:
    """Every admin address (the progress export among them) sends an anonymous visitor to the login page;
    a form posted without its CSRF token gets the Vietnamese explanation, not Django's English page."""

    def test_admin_urls_need_a_login(self, client, db):
        from django.urls import get_resolver

        from tests.public_urls import _walk

        paths = [
            "/" + route
            for route, pattern in _walk(get_resolver())
            if route.startswith("quan-tri/") and "<" not in route and "(?P" not in route and "^" not in route
        ]
        assert "/quan-tri/progress/activityreport/xuat/" in paths, paths
        for path in paths:
            if path in ("/quan-tri/login/", "/quan-tri/logout/"):
                continue
            response = client.get(path)
            assert response.status_code == 302, (path, response.status_code)
            assert response["Location"].startswith("/quan-tri/login/"), path

    def test_csrf_failure_page(self, db):
        response = Client(enforce_csrf_checks=True).post("/quan-tri/login/", {"username": "x", "password": "y"})
        assert response.status_code == 403
        assert "Phiên làm việc đã hết hạn" in response.content.decode()
