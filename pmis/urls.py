"""URLs of the whole PMIS: pages, the REST API under /api/v1/, its schema and docs, the admin."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from pmis.core.health import healthz

api_v1 = [
    path("", include("pmis.core.api.urls")),
    path("org/", include("org.api.urls")),
    path("", include("portfolios.api.urls")),
    path("", include("programs.api.urls")),
    path("", include("projects.api.urls")),
    path("scrum/", include("scrum.api.urls")),
    path("kpi/", include("kpi_maps.api.urls")),
    path("", include("operational_plans.api.urls")),
    path("", include("initiatives.api.urls")),
    path("", include("governance.api.urls")),
    path("", include("instructions.api.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    # Core first: its i18n/setlang/ wraps Django's to also remember the language on the person.
    path("", include("pmis.core.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("org/", include("org.urls")),
    path("", include("portfolios.urls")),
    path("", include("programs.urls")),
    path("", include("projects.urls")),
    path("kpi/", include("kpi_maps.urls")),
    path("scrum/", include("scrum.urls")),
    path("operational-plans/", include("operational_plans.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("governance/", include("governance.urls")),
    path("instructions/", include("instructions.urls")),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
