"""Settings for the Nam Đồng campaign site, read from the environment.

One settings file for every place the site runs. DEBUG is off unless
``DJANGO_DEBUG=1``; with DEBUG off the site refuses to start without a secret
key and allowed hosts rather than inventing them. ``make run`` writes a local
secret key into a git-ignored file and passes it in.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF, UNSAFE_HASHES
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. `make run` creates one in .secret_key; "
            "in production set it in the environment."
        )
    SECRET_KEY = "insecure-debug-only-key"  # noqa: S105 - DEBUG runs only

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1" if DEBUG else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is not set (comma-separated host names).")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "namdong_site.apps.AdminConfig",  # django.contrib.admin with our admin.site (second factor)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "nested_admin",
    "django_ckeditor_5",
    "simple_history",
    "csp",
    "namdong_site.apps.AxesConfig",  # django-axes, its admin section named in Vietnamese
    "django_otp",
    "namdong_site.apps.OtpTotpConfig",
    "namdong_site.apps.OtpStaticConfig",
    "campaign",
    "news",
    "progress",
    "events",
    "outreach",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Anonymous public pages from the shared cache (namdong_site/pagecache.py). Below
    # SecurityMiddleware (HTTPS redirect and HSTS still apply to hits); above GZip, so
    # pages are stored compressed, and above the CSP middleware, whose header is stored
    # with the page (public pages have no nonce). Hits skip everything below.
    "namdong_site.pagecache.PageCacheMiddleware",
    # Content-Security-Policy (django-csp; the admin and uploads get their own, by path)
    # and Permissions-Policy. Above whitenoise, so static files get them too.
    "namdong_site.middleware.ContentSecurityPolicyMiddleware",
    "namdong_site.middleware.PermissionsPolicyMiddleware",
    # Database unreachable -> 503 maintenance page with Retry-After, never a traceback (ops/middleware.py).
    "ops.middleware.DatabaseUnavailableMiddleware",
    # Pages are small but phones are on slow networks. BREACH: public pages carry
    # no secret, and Django masks the CSRF token anew on every admin response.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records who made each change in the history of news, directives and contests.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Marks a request verified by a second factor (request.user.is_verified()); see ADMIN_OTP.
    "django_otp.middleware.OTPMiddleware",
    # Turns a locked-out login into the lockout page (AXES_* below). Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "namdong_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "campaign.context_processors.site",
            ],
            # {% url %} with remembered results (a page reverses dozens of fixed URLs).
            "builtins": ["namdong_site.urltags"],
        },
    },
]

WSGI_APPLICATION = "namdong_site.wsgi.application"

# SQLite next to the code unless DATABASE_URL names another database.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# The shared cache: Redis in production (REDIS_URL), else files under the project,
# which every gunicorn worker on the machine shares. Tests use memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / "var" / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# The page chrome that depends only on the language and the deployment (base.html's
# `{% cache %}` blocks: stylesheet and feed links, brand, footer), in each worker's memory.
# Never content: see docs/speed.md.
CACHES["template_fragments"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "chrome"}

# Page cache of anonymous public pages (namdong_site/pagecache.py). DJANGO_PAGE_CACHE=0
# turns it off (`make bench` measures both ways).
PAGE_CACHE_ENABLED = env_bool("DJANGO_PAGE_CACHE", default=True)
PAGE_CACHE_ALIAS = "default"
# A stored page lives at most this long, whatever happens (new code, a missed signal).
PAGE_CACHE_SECONDS = int(os.environ.get("DJANGO_PAGE_CACHE_SECONDS", "600"))
# Bump to drop every stored page after a deployment that changes templates or code.
PAGE_CACHE_VERSION = os.environ.get("DJANGO_PAGE_CACHE_VERSION", "1")
# Any save, delete or M2M change of a model of these apps drops every stored page.
# A new app whose content shows on public pages is added here.
PAGE_CACHE_INVALIDATING_APPS = ["campaign", "news", "progress", "events"]
# Callables returning the next datetime at which a page changes by itself (or None).
PAGE_CACHE_SCHEDULES = [
    "news.models.next_scheduled_publication",
    "events.models.next_event_change",
    # "Còn N ngày" before the contest deadline and "today" change at local midnight.
    "namdong_site.pagecache.next_local_midnight",
]
# Never stored (besides static and media files); logged-in users bypass the cache anyway.
PAGE_CACHE_EXCLUDED_PREFIXES = [
    "/quan-tri/",
    "/en/quan-tri/",
    "/nested_admin/",
    "/i18n/",
    "/healthz",  # a health check must reach the database, never a stored answer
    "/tin-tuc/xem-truoc/",
    "/en/tin-tuc/xem-truoc/",
]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff accounts can publish in the ward's name: at least 12 characters, not like
# the user's name or e-mail, not a common password, not digits only.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Vietnamese first; English for visitors from elsewhere.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Day-first date input in Vietnamese (Django's "vi" locale has no input formats).
FORMAT_MODULE_PATH = ["namdong_site.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Local runs serve uploads from Django; production puts nginx or object storage in front.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", default=DEBUG)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads on S3-compatible object storage once the site runs on more than one server:
# DJANGO_MEDIA_STORAGE=s3 with AWS_STORAGE_BUCKET_NAME and, as needed, AWS_S3_ENDPOINT_URL,
# AWS_S3_REGION_NAME, AWS_S3_CUSTOM_DOMAIN, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (docs/deploy.md).
MEDIA_STORAGE = os.environ.get("DJANGO_MEDIA_STORAGE", "local").strip().lower() or "local"
if MEDIA_STORAGE == "s3":
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE=s3 needs AWS_STORAGE_BUCKET_NAME (see docs/deploy.md).")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Public images at plain URLs; the bucket policy, not per-object ACLs, makes them readable.
            "querystring_auth": False,
            "default_acl": None,
            # Never replace a stored file that has the same name.
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=604800"},
        },
    }
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("DJANGO_MEDIA_STORAGE must be 'local' (the default) or 's3'.")

# Uploads: the original file of a directive may be a scanned PDF.
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
ORIGINAL_FILE_MAX_BYTES = 20 * 1024 * 1024

# The rich-text editor for news (django-ckeditor-5). Its toolbar offers only what
# the server-side sanitiser (news/sanitize.py) keeps; the package bundles more
# plugins than that, so the extra ones are removed, among them Markdown (which
# would make the editor save Markdown instead of HTML) and raw HTML editing.
# Uploads go to our own view (news.views.editor_image_upload), never to the
# package's, which stores files under their uploaded names without checking them.
CK_EDITOR_5_UPLOAD_FILE_VIEW_NAME = "news:editor-image-upload"
CKEDITOR_5_CUSTOM_CSS = "news/editor.css"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp", "gif"]
CKEDITOR_5_CONFIGS = {
    "news": {
        "language": "vi",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "uploadImage",
                "insertTable",
                "|",
                "undo",
                "redo",
            ],
            "shouldNotGroupWhenFull": True,
        },
        "removePlugins": [
            "Markdown",
            "SourceEditing",
            "HtmlEmbed",
            "GeneralHtmlSupport",
            "FullPage",
            "Style",
            "MediaEmbed",
            "Mention",
            "CodeBlock",
            "Code",
            "Font",
            "Highlight",
            "Alignment",
            "TableProperties",
            "TableCellProperties",
            "ImageResize",
            "TodoList",
            "ListProperties",
            "IndentBlock",
            "PageBreak",
            "HorizontalLine",
            "Underline",
            "Strikethrough",
            "Subscript",
            "Superscript",
            "Autosave",
            "CKFinderUploadAdapter",
        ],
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Đoạn văn", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Tiêu đề mục", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Tiêu đề nhỏ", "class": "ck-heading_heading3"},
            ]
        },
        "image": {
            "toolbar": ["imageTextAlternative", "toggleImageCaption"],
            "insert": {"integrations": ["upload"]},
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells", "toggleTableCaption"]},
        "link": {"defaultProtocol": "https://"},
    }
}

# Security headers. HTTPS settings follow DJANGO_HTTPS, on by default in
# production; `make run` turns it off because it serves plain http on 127.0.0.1.
# docs/security.md says which header comes from where and how to check them.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)

# Content Security Policy (django-csp, namdong_site/middleware.py). The public
# pages load nothing but the site's own stylesheet, images and manifest: no
# script at all today, no inline script or style ever, no other host, no
# framing. Keep them without nonces: their responses are the same for every
# visitor, which the page cache relies on.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# The admin (Django's own, nested_admin, CKEditor 5): its scripts are files
# from the site; an inline script needs the response's nonce ({{ request.csp_nonce }}).
# No 'unsafe-inline' for styles either: the editor's styles come from a
# stylesheet and it sets positions through the CSSOM, which CSP allows
# (tests/test_csp_browser.py proves the editor works with no violation).
# blob: images are the pictures pasted into the editor before they upload.
# No framing: related-object pop-ups are windows (window.open), not frames.
# The one style attribute in the admin's templates, django-simple-history's
# <p class="paginator" style="border-top: 0"> on history pages, is allowed by its
# hash alone. The article form allows style attributes for the editor (news/admin.py).
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "style-src-attr": [UNSAFE_HASHES, "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Uploaded files (/media/, when Django serves them; nginx sends the same header in
# production, docs/security.md): nothing may load or run, and a file that a browser
# would render as a page runs in a sandbox with an opaque origin.
CONTENT_SECURITY_POLICY_MEDIA = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "sandbox": True,
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "form-action": [NONE],
    }
}
# Paths that get the admin's policy.
ADMIN_PATH_PREFIXES = ["/quan-tri/", "/en/quan-tri/", "/nested_admin/"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
# Only staff have sessions. A working day, then log in again; closing the browser on
# a shared office computer ends the session too. Lax: sent on links from elsewhere
# (a bookmark in Zalo), never on cross-site form posts.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = HTTPS
# Not HttpOnly, as Django recommends: the token is in every form anyway, so HttpOnly
# hides nothing from a script on the page, and the editor's upload adapter reads the
# cookie first (django-ckeditor-5's app.js) to send it in X-CSRFToken.
CSRF_COOKIE_HTTPONLY = False
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Load balancers and monitoring may probe the health check over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logins (django-axes): after 5 wrong passwords for one username from one address,
# that username is locked out from that address for an hour (the Vietnamese page in
# templates/axes/lockout.html, HTTP 429); other users and other addresses are not.
# A wrong try during the lockout starts the hour again. A right password before the
# limit clears the count. Staff unlock someone at once with
# `manage.py axes_reset_username <username>` (docs/security.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
# The client's address: REMOTE_ADDR, or behind nginx the X-Real-IP header that nginx
# sets from its own $remote_addr (never one the client sent; docs/security.md).
AXES_CLIENT_IP_CALLABLE = "namdong_site.security.client_ip"
# Log failures only; successful logins are in the admin's own history.
AXES_DISABLE_ACCESS_LOG = True

# Second factor (django-otp), off unless DJANGO_ADMIN_OTP=1: then the admin asks every
# staff account for a code from an authenticator app (TOTP) or a one-time backup code,
# and an account without a confirmed device cannot enter. docs/security.md: set-up.
ADMIN_OTP = env_bool("DJANGO_ADMIN_OTP")
OTP_TOTP_ISSUER = "MTTQ Nam Đồng"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
