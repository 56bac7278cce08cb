"""REST API of the reporting app: the engine's deadlines and notifications, and each topic's reports."""

from __future__ import annotations

from django.utils import timezone
from rest_framework import mixins, routers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import selectors
from .emergencies import api as emergencies_api
from .filters import DeadlineFilter
from .grassroots import api as grassroots_api
from .interviews import api as interviews_api
from .leave import api as leave_api
from .models import Deadline, Notification
from .openness import api as openness_api
from .opinions import api as opinions_api
from .periodic import api as periodic_api
from .personal import api as personal_api
from .petitions import api as petitions_api
from .worklog import api as worklog_api


class DeadlineSerializer(serializers.ModelSerializer):
    """The title worded in the reader's language (a stored phrase: ``committees.phrases``)."""

    title = serializers.CharField(source="title_text", read_only=True)
    subject_type = serializers.CharField(source="content_type.model", read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    owner_name = serializers.CharField(source="owner.name", read_only=True, allow_null=True)

    class Meta:
        model = Deadline
        fields = [
            "id",
            "title",
            "url",
            "subject_type",
            "object_id",
            "committee",
            "committee_name",
            "owner",
            "owner_name",
            "rule_id",
            "rule_set_version",
            "due_at",
            "original_due_at",
            "revision",
            "state",
            "met_at",
            "next_step_at",
        ]


class NotificationSerializer(serializers.ModelSerializer):
    """Title and body worded in the reader's language (stored as phrases: ``committees.phrases``)."""

    title = serializers.CharField(source="title_in", read_only=True)
    body = serializers.CharField(source="body_in", read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "step_kind", "deadline", "created_at", "read_at"]


class DeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = DeadlineSerializer
    filterset_class = DeadlineFilter

    def get_queryset(self):
        return selectors.visible_deadlines(self.request.user).order_by("due_at", "pk")


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The signed-in user's in-app notifications (the bell)."""

    serializer_class = NotificationSerializer
    filterset_fields = ["step_kind"]

    def get_queryset(self):
        return selectors.inbox(self.request.user)

    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        if notification.read_at is None:
            notification.read_at = timezone.now()
            notification.save(update_fields=["read_at"])
        return Response(self.get_serializer(notification).data)


router = routers.DefaultRouter()
router.register("deadlines", DeadlineViewSet, basename="deadline")
router.register("notifications", NotificationViewSet, basename="notification")
# Each topic registers its own endpoints.
for topic_api in (
    emergencies_api,
    leave_api,
    personal_api,
    petitions_api,
    periodic_api,
    grassroots_api,
    worklog_api,
    openness_api,
    interviews_api,
    opinions_api,
):
    topic_api.register(router)
