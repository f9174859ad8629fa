"""Settings shared by every environment. Everything that differs between machines comes from the environment.

DATABASE_URL and REDIS_URL point at the servers; `python -m pmis.embedded` sets them to an embedded real
PostgreSQL and Redis when they are not given (see docs/operations.md).
"""

from pathlib import Path

import dj_database_url
import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "guardian",
    "simple_history",
    "django_htmx",
    "pmis.core",
    "org",
    "portfolios",
    "programs",
    "projects",
    "scrum",
    "kpi_maps",
    "operational_plans",
    "initiatives",
    "governance",
    "instructions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "pmis.urls"
WSGI_APPLICATION = None
ASGI_APPLICATION = "pmis.asgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", default="postgres://postgres@localhost:5432/pmis"),
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", default=60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")

AUTH_USER_MODEL = "org.Person"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    # Object permissions — roles, substitution and guardian's explicit grants — through pmis.core.authorization.
    "pmis.core.authorization.PermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Languages of the UI: Kazakh first, as the state language (Constitution art. 7), then Russian, then English.
LANGUAGE_CODE = env("DJANGO_LANGUAGE_CODE", default="ru")
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Django ships no formats for Kazakh; ours write dates as Kazakh documents do (pmis/formats/kk).
FORMAT_MODULE_PATH = ["pmis.formats"]
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
# Front-end libraries are installed from npm by `make setup` and served straight from node_modules:
# only their distribution folders are exposed, nothing is copied into the repository.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    # SortableJS ships its UMD build (Sortable.min.js) at the package's root, not in a dist folder.
    ("vendor/sortablejs", NODE_MODULES / "sortablejs"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
    ("vendor/frappe-gantt", NODE_MODULES / "frappe-gantt" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pmis",
    }
}

CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [REDIS_URL], "prefix": env("CHANNELS_PREFIX", default="pmis")},
    }
}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict = {
    # Rules p.81: overdue project assignments go to the project manager and the head of the basic direction
    # every morning; the task itself skips the days off of Kazakhstan's calendar.
    "projects.assignments-escalate": {
        "task": "projects.assignments_escalate",
        "schedule": crontab(minute=0, hour=9),
    },
    # Rules p.46: every Sunday evening the approved scrum schedules get their meetings for the weeks ahead
    # (public holidays skipped).
    "scrum.meetings-generate": {
        "task": "scrum.meetings_generate",
        "schedule": crontab(minute=0, hour=18, day_of_week="sun"),
    },
    # Participants hear of a meeting the day before and an hour before it (the task looks ahead itself).
    "scrum.meetings-remind": {
        "task": "scrum.meetings_remind",
        "schedule": crontab(minute="*/15"),
    },
    # Rules p.50: an expert council that has not met in the quarter is reminded in its last 15 days, once.
    "governance.expert-quarter-remind": {
        "task": "governance.expert_quarter_remind",
        "schedule": crontab(minute=0, hour=8),
    },
    # Rules p.45: owners of overdue binding decisions are reminded every working morning.
    "scrum.decisions-remind": {
        "task": "scrum.decisions_remind",
        "schedule": crontab(minute=30, hour=9),
    },
    # Rules p.68(4): the program manager's weekly information board, every Monday morning for the week before.
    "scrum.boards-generate": {
        "task": "scrum.boards_generate",
        "schedule": crontab(minute=0, hour=7, day_of_week="mon"),
    },
    # OP Rules p.13: units that have not submitted their quarter hear of it three working days before the 10th
    # and on the day; the monitoring unit hears of the late ones the day after.
    "op.submissions-remind": {
        "task": "op.submissions_remind",
        "schedule": crontab(minute=0, hour=9),
    },
    # OP Rules p.15: the monitoring unit is reminded of the report before the 15th; the approver hears if it is late.
    "op.reports-remind": {
        "task": "op.reports_remind",
        "schedule": crontab(minute=10, hour=9),
    },
    # Rules p.92: overdue instructions on control climb to the controller, then to the head of the project office
    # (the task skips the days off and never escalates twice to one level).
    "instructions.escalate": {
        "task": "instructions.escalate",
        "schedule": crontab(minute=20, hour=9),
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "pmis.core.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "pmis.core.api.exceptions.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PMIS API",
    "DESCRIPTION": "Project-management information system of the state bodies of Kazakhstan.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v[0-9]+",
    # Choice sets used by several fields (or named "kind" in several models) get one name each.
    "ENUM_NAME_OVERRIDES": {
        "AbsenceKindEnum": "org.choices.AbsenceKind",
        "ScopeKindEnum": "org.choices.ScopeKind",
        "SprintStatusEnum": "projects.choices.SprintStatus",
        "ColumnKindEnum": "projects.choices.ColumnKind",
        "DocumentKindEnum": "projects.choices.DocumentKind",
        "RiskLevelEnum": "projects.choices.RiskLevel",
        "RiskStatusEnum": "projects.choices.RiskStatus",
        "ChangeStatusEnum": "projects.choices.ChangeStatus",
        "AssignmentStatusEnum": "projects.choices.AssignmentStatus",
        "NodeStatusEnum": "pmis.core.choices.Status",
        "BodyKindEnum": "org.choices.BodyKind",
        "IndicatorKindEnum": "kpi_maps.choices.IndicatorKind",
        "ScheduleStatusEnum": "scrum.choices.ScheduleStatus",
        "MeetingStatusEnum": "scrum.choices.MeetingStatus",
        "DecisionStatusEnum": "scrum.choices.DecisionStatus",
        "EscalationStatusEnum": "scrum.choices.EscalationStatus",
        "AttendanceStatusEnum": "scrum.choices.AttendanceStatus",
        "ScrumLevelEnum": "scrum.choices.Level",
        "RoleLevelEnum": "org.choices.RoleLevel",
        "OutcomeKindEnum": "scrum.choices.OutcomeKind",
        "GoverningBodyKindEnum": "governance.choices.BodyKind",
        "ProgramKindEnum": "programs.choices.ProgramKind",
        "CertificateKindEnum": "org.choices.CertificateKind",
        "ComplianceEnum": "governance.choices.Compliance",
        "MonitoringResultStatusEnum": "governance.choices.ResultStatus",
        "DiscussionStatusEnum": "governance.choices.DiscussionStatus",
        "RecommendationStatusEnum": "governance.choices.RecommendationStatus",
        "ProblemStatusEnum": "programs.choices.ProblemStatus",
        "CompletionReportStatusEnum": "programs.choices.ReportStatus",
        "InitiativeOutcomeEnum": "initiatives.choices.Outcome",
        "InitiativeStatusEnum": "initiatives.choices.InitiativeStatus",
        "InitiativeDecisionFormEnum": "initiatives.choices.DecisionForm",
        "DecidingBodyEnum": "initiatives.choices.DecidingBody",
        "ProposerKindEnum": "initiatives.choices.ProposerKind",
        "InstructionSourceEnum": "instructions.choices.Source",
        "InstructionFormEnum": "instructions.choices.Form",
        "InstructionStatusEnum": "instructions.choices.InstructionStatus",
        "ExpectationsEnum": "projects.choices.Expectations",
        "AgendaSourceEnum": "scrum.choices.AgendaSource",
        "FundingSourceEnum": "projects.choices.FundingSource",
        "SubjectKindEnum": "scrum.choices.SubjectKind",
        "HeadingKindEnum": "operational_plans.choices.HeadingKind",
        "ReportDecisionKindEnum": "operational_plans.choices.DecisionKind",
        "FormLanguageEnum": ["kk", "ru"],
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
GUARDIAN_RAISE_403 = False
# Guardian's grants are read by pmis.core.authorization, whose backend replaces guardian's (same rules for
# has_perm, can and restrict); guardian only warns that its own backend is not listed.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
ANONYMOUS_USER_NAME = None

EMAIL_BACKEND = env("DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
# Where the PMIS is reached from outside: links in e-mails and calendar invitations start with it.
PMIS_BASE_URL = env("PMIS_BASE_URL", default="http://localhost:8000")
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="pmis@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
