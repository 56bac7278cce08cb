from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.http import HttpResponse
from django.urls import include, path
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from committees import views as committee_views
from committees.api import router
from meetings.api import router as meetings_router
from reporting.api import router as reporting_router
from supervision.api import router as supervision_router


@transaction.non_atomic_requests  # liveness: answers without the database, as before ATOMIC_REQUESTS
def healthz(request):
    """Liveness for the container health check: the app answers."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("", include("committees.urls")),
    path("", include("reporting.urls")),
    path("meetings/", include("meetings.urls")),
    path("supervision/", include("supervision.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/setlang/", committee_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("api/", include(router.urls)),
    path("api/", include(reporting_router.urls)),
    path("api/", include(meetings_router.urls)),
    path("api/", include(supervision_router.urls)),
    # Built from the code, no rows read: no transaction (the tests load it before any database exists).
    path("api/schema/", transaction.non_atomic_requests(SpectacularAPIView.as_view()), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api_docs"),
    # Redoc's styling library inserts <style> tags without the nonce: styles only, for this view only.
    path(
        "api/redoc/",
        csp_override({**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]})(
            SpectacularRedocView.as_view(url_name="schema")
        ),
        name="api_redoc",
    ),
]
