"""Settings for the Nam Đồng campaign site, read from the environment.

One settings file for every place the site runs. DEBUG is off unless
``DJANGO_DEBUG=1``; with DEBUG off the site refuses to start without a secret
key and allowed hosts rather than inventing them. ``make run`` writes a local
secret key into a git-ignored file and passes it in.
"""

import os
from pathlib import Path

import dj_database_url
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
    "django.contrib.admin",
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
    "campaign",
    "news",
    "progress",
    "ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "namdong_site.middleware.SecurityHeadersMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
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
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
# Paths that get the admin's Content Security Policy (see namdong_site/middleware.py).
ADMIN_PATH_PREFIXES = ["/quan-tri/", "/en/quan-tri/", "/nested_admin/"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
# Load balancers and monitoring may probe the health check over plain http.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}
