"""REST API for meetings, agenda items (with their computed quorum), attendance, stances and
written opinions – the same filtering and the same services as the pages. A refusal of the
rulebook answers 409 ``{"rule": "M-Q2", "detail": "..."}`` through the project's handler."""

from __future__ import annotations

import django_filters
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import mixins, routers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from committees.forms import TextSearchFilter, YearFilter
from committees.models import Committee, Person
from committees.selectors import (
    can_manage,
    in_manageable_committees,
    manageable_committee_ids,
    manageable_committees,
    visible_committees,
)

from . import pdf
from .democratic_life import api as democratic_life_api
from .models import (
    AgendaCategory,
    AgendaItem,
    Attendance,
    Decision,
    ItemStatus,
    Meeting,
    MeetingKind,
    Minutes,
    Stance,
    StanceChoice,
    Vote,
    VoteChoice,
    VoteMethod,
    WrittenOpinion,
)
from .selectors import attendance as attendance_selectors
from .selectors.access import (
    can_manage_meeting,
    log_item_read,
    log_item_reads,
    person_of,
    visible_items,
    visible_meetings,
)
from .selectors.console import item_quorum, snapshot_quorum
from .selectors.decisions import MSG_RESERVATION_BY_MEMBERS_PRESENT, may_record_reservation, visible_decisions
from .selectors.minutes import read_minutes, visible_minutes
from .selectors.votes import live_counts, visible_votes, voted_count
from .services import notice as notice_services
from .services.agenda import add_item, approve_item, defer_item
from .services.attendance import mark_absent, mark_left, mark_present, record_leave
from .services.decisions import add_reservation, invalidate_decision, publish_decision
from .services.minutes import approve_minutes
from .services.scheduling import create_meeting
from .services.session import (
    close_discussion,
    close_meeting,
    open_meeting,
    record_stance,
    submit_written_opinion,
    take_up_item,
)
from .services.votes import cast_ballot, close_vote, open_vote


def _person(request) -> Person | None:
    return person_of(request.user)


class MeetingAccess:
    """Per-request cache: members due and management rights per meeting, so a page of items costs
    a few queries per meeting, not per item."""

    def __init__(self, request):
        self.request = request
        self.due: dict[int, set[int]] = {}
        self.attendances: dict[int, list[Attendance]] = {}

    def due_ids(self, meeting: Meeting) -> set[int]:
        if meeting.pk not in self.due:
            self.due[meeting.pk] = {a.person_id for a in attendance_selectors.members_due(meeting)}
        return self.due[meeting.pk]

    def attendance(self, meeting: Meeting) -> list[Attendance]:
        if meeting.pk not in self.attendances:
            self.attendances[meeting.pk] = list(meeting.attendances.all())
        return self.attendances[meeting.pk]

    def manages(self, committee_id: int) -> bool:
        ids = manageable_committee_ids(self.request.user)
        return ids is None or committee_id in ids

    def may_see(self, item: AgendaItem) -> bool:
        if not item.is_confidential or self.manages(item.committee_id):
            return True
        person = _person(self.request)
        return person is not None and item.meeting_id is not None and person.pk in self.due_ids(item.meeting)


def _access(context) -> MeetingAccess:
    request = context["request"]
    if not hasattr(request, "_meeting_access"):
        request._meeting_access = MeetingAccess(request)
    return request._meeting_access


# --------------------------------------------------------------------------- meetings


class MeetingSerializer(serializers.ModelSerializer):
    committee_name = serializers.CharField(source="committee.name", read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "committee",
            "committee_name",
            "kind",
            "kind_display",
            "title",
            "start_at",
            "end_at",
            "place",
            "chair",
            "recorder",
            "status",
            "status_display",
            "notice_sent_at",
            "opened_at",
            "closed_at",
            "rule_set_version",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    members_due = serializers.SerializerMethodField()
    observers = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "members_due", "observers"]

    def get_members_due(self, meeting):
        return [
            {"person": a.person_id, "name": a.person.name, "role": a.role}
            for a in attendance_selectors.members_due(meeting)
        ]

    def get_observers(self, meeting):
        return [
            {"person": a.person_id, "name": a.display_name, "kind": a.observer_kind, "status": a.status}
            for a in meeting.attendances.filter(role="observer").select_related("person")
        ]


class MeetingInputSerializer(serializers.Serializer):
    committee = serializers.PrimaryKeyRelatedField(queryset=Committee.objects.none())
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=200)
    start_at = serializers.DateTimeField()
    end_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["committee"].queryset = manageable_committees(request.user)


def _visible_committees(request):
    return visible_committees(request.user) if request else Committee.objects.none()


class MeetingApiFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_visible_committees)
    start_from = django_filters.DateFilter(field_name="start_at", lookup_expr="date__gte")
    start_to = django_filters.DateFilter(field_name="start_at", lookup_expr="date__lte")

    class Meta:
        model = Meeting
        fields = ["committee", "kind", "status", "start_from", "start_to"]


class MeetingViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Meetings of the committees the user sees. The party office, secretary and deputies create,
    notify (M-N1), open and close them."""

    filterset_class = MeetingApiFilter

    def get_queryset(self):
        return visible_meetings(self.request.user).order_by("-start_at", "-pk")

    def get_serializer_class(self):
        if self.action == "create":
            return MeetingInputSerializer
        return MeetingDetailSerializer if self.action == "retrieve" else MeetingSerializer

    def create(self, request, *args, **kwargs):
        data = MeetingInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        meeting = create_meeting(acting_user=request.user, **data.validated_data)
        return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    def _managed(self) -> Meeting:
        meeting = self.get_object()
        if not can_manage_meeting(self.request.user, meeting):
            raise PermissionDenied
        return meeting

    def _act(self, service):
        meeting = self._managed()
        service(meeting, acting_user=self.request.user)
        return Response(MeetingDetailSerializer(self.get_object(), context={"request": self.request}).data)

    @action(detail=True, methods=["post"], url_path="send-notice")
    def send_notice(self, request, pk=None):
        """M-N1: refused (409) unless N working days before the meeting's date."""
        return self._act(notice_services.send_notice)

    @action(detail=True, methods=["post"], url_path="notify-amendments")
    def notify_amendments(self, request, pk=None):
        return self._act(notice_services.send_amendment_notice)

    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        return self._act(open_meeting)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(close_meeting)


# --------------------------------------------------------------------------- agenda items


class AgendaItemSerializer(serializers.ModelSerializer):
    category_display = serializers.CharField(source="get_category_display", read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    description = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    quorum = serializers.SerializerMethodField()
    recusals = serializers.SerializerMethodField()

    class Meta:
        model = AgendaItem
        fields = [
            "id",
            "committee",
            "meeting",
            "position",
            "title",
            "description",
            "category",
            "category_display",
            "status",
            "status_display",
            "is_confidential",
            "proposed_by",
            "proposing_department",
            "member_in_charge",
            "approved_by",
            "approved_at",
            "is_on_notified_agenda",
            "taken_up_at",
            "discussed_at",
            "attachments",
            "recusals",
            "quorum",
        ]

    def get_description(self, item):
        return item.description if _access(self.context).may_see(item) else None

    def get_attachments(self, item):
        if not _access(self.context).may_see(item):
            return None
        return [
            {"id": a.pk, "kind": a.kind, "name": a.name, "uploaded_at": a.uploaded_at} for a in item.attachments.all()
        ]

    def get_recusals(self, item):
        return [{"person": r.person_id, "reason": r.reason} for r in item.recusals.all()]

    def get_quorum(self, item):
        """M-Q6: the stored snapshot once decided; otherwise computed now (None without a meeting)."""
        if item.meeting_id is None:
            return None
        if item.quorum_due is not None and item.status != ItemStatus.IN_DISCUSSION:
            result, is_snapshot = snapshot_quorum(item), True
        else:
            access = _access(self.context)
            result = item_quorum(
                item,
                timezone.now(),
                due_ids=access.due_ids(item.meeting),
                attendances=access.attendance(item.meeting),
                recused_ids={r.person_id for r in item.recusals.all()},
            )
            is_snapshot = False
        return {
            "due": result.due,
            "present": result.present,
            "needed": result.needed,
            "may_proceed": result.may_proceed,
            "rule": result.rule_id,
            "reason": result.reason,
            "is_snapshot": is_snapshot,
        }


class AgendaItemInputSerializer(serializers.Serializer):
    meeting = serializers.PrimaryKeyRelatedField(queryset=Meeting.objects.none())
    title = serializers.CharField(max_length=200)
    category = serializers.ChoiceField(choices=AgendaCategory.choices)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    proposed_by = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    proposing_department = serializers.CharField(required=False, allow_blank=True, default="")
    member_in_charge = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    department_consent = serializers.BooleanField(required=False, default=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["meeting"].queryset = Meeting.objects.filter(in_manageable_committees(request.user))


class AgendaItemApiFilter(django_filters.FilterSet):
    committee = django_filters.ModelChoiceFilter(queryset=_visible_committees)

    class Meta:
        model = AgendaItem
        fields = ["committee", "meeting", "status", "category"]


class AgendaItemViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Agenda items with their quorum (due, present, needed, may proceed, rule). Actions: approve
    (principal leader, M-N2), take-up (M-N3, M-Q*), close (M-D1), defer."""

    filterset_class = AgendaItemApiFilter

    def get_queryset(self):
        return (
            visible_items(self.request.user)
            .select_related("meeting__rule_set_version", "meeting__committee")
            .prefetch_related("attachments", "recusals")
            .order_by("meeting", "position", "pk")
        )

    def get_serializer_class(self):
        return AgendaItemInputSerializer if self.action == "create" else AgendaItemSerializer

    def retrieve(self, request, *args, **kwargs):
        item = self.get_object()
        serializer = self.get_serializer(item)
        if _access(serializer.context).may_see(item):
            log_item_read(request.user, item, what="api")  # M-M7
        return Response(serializer.data)

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        items = page if page is not None else list(queryset)
        serializer = self.get_serializer(items, many=True)
        access = _access(serializer.context)
        log_item_reads(request.user, [i for i in items if access.may_see(i)], what="api")  # M-M7
        return self.get_paginated_response(serializer.data) if page is not None else Response(serializer.data)

    def create(self, request, *args, **kwargs):
        data = AgendaItemInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        meeting = values.pop("meeting")
        item = add_item(committee=meeting.committee, meeting=meeting, acting_user=request.user, **values)
        return Response(self._out(item.pk), status=status.HTTP_201_CREATED)

    def _out(self, pk):
        return AgendaItemSerializer(self.get_queryset().get(pk=pk), context={"request": self.request}).data

    def _act(self, service, *, manager_only=True, **kwargs):
        item = self.get_object()
        if manager_only and not can_manage(self.request.user, item.committee):
            raise PermissionDenied
        service(item, acting_user=self.request.user, **kwargs)
        return Response(self._out(item.pk))

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(approve_item, manager_only=False)

    @action(detail=True, methods=["post"], url_path="take-up")
    def take_up(self, request, pk=None):
        return self._act(take_up_item)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._act(close_discussion)

    @action(detail=True, methods=["post"])
    def defer(self, request, pk=None):
        if not isinstance(request.data, dict):
            raise serializers.ValidationError({"detail": _('Send an object such as {"reason": "…"}.')})
        return self._act(defer_item, reason=str(request.data.get("reason", ""))[:200])


# --------------------------------------------------------------------------- attendance


class AttendanceSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = Attendance
        fields = [
            "id",
            "meeting",
            "person",
            "name",
            "role",
            "observer_kind",
            "status",
            "leave_reason",
            "leave_approved_by",
            "leave_approved_at",
            "arrived_at",
            "left_at",
        ]


class AttendanceActionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["present", "left", "leave", "absent"])
    at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    approved_by = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)


class AttendanceViewSet(viewsets.ReadOnlyModelViewSet):
    """Attendance rows; POST /record/ with action present (at = arrival), left (at), leave
    (reason, approved_by – M-N4) or absent (warned, M-N4)."""

    serializer_class = AttendanceSerializer
    filterset_fields = ["meeting", "role", "status"]

    def get_queryset(self):
        return (
            Attendance.objects.filter(meeting__in=visible_meetings(self.request.user).values("pk"))
            .select_related("person")
            .order_by("meeting", "role", "pk")
        )

    @action(detail=True, methods=["post"], serializer_class=AttendanceActionSerializer)
    def record(self, request, pk=None):
        row = self.get_object()
        if not can_manage(request.user, row.meeting.committee):
            raise PermissionDenied
        data = AttendanceActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["action"] == "present":
            mark_present(row, arrived_at=values["at"], acting_user=request.user)
        elif values["action"] == "left":
            mark_left(row, left_at=values["at"], acting_user=request.user)
        elif values["action"] == "leave":
            record_leave(row, reason=values["reason"], approved_by=values["approved_by"], acting_user=request.user)
        else:
            mark_absent(row, acting_user=request.user)
        return Response(AttendanceSerializer(self.get_queryset().get(pk=row.pk)).data)


# --------------------------------------------------------------------------- stances and written opinions


class StanceSerializer(serializers.ModelSerializer):
    reason = serializers.SerializerMethodField()

    class Meta:
        model = Stance
        fields = ["id", "item", "person", "stance", "reason", "recorded_at", "recorded_by"]

    def get_reason(self, stance):
        """Reasons given on confidential items are for the members due and the office only."""
        return stance.reason if _access(self.context).may_see(stance.item) else None


class StanceInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.none())
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    stance = serializers.ChoiceField(choices=StanceChoice.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["item"].queryset = visible_items(request.user)


def _may_act_for(request, item: AgendaItem, person: Person) -> bool:
    """The office records for anyone; a member records for themselves."""
    me = _person(request)
    return can_manage(request.user, item.committee) or (me is not None and me.pk == person.pk)


class StanceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """M-D1 stances. Creating one applies M-D2 (chair last), M-D3 (absent members), M-D4 (recused)."""

    filterset_fields = ["item", "person", "stance"]

    def get_queryset(self):
        return (
            Stance.objects.filter(item__in=visible_items(self.request.user).values("pk"))
            .select_related("item__meeting")
            .order_by("pk")
        )

    def get_serializer_class(self):
        return StanceInputSerializer if self.action == "create" else StanceSerializer

    def create(self, request, *args, **kwargs):
        data = StanceInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if not _may_act_for(request, values["item"], values["person"]):
            raise PermissionDenied
        stance = record_stance(acting_user=request.user, **values)
        return Response(StanceSerializer(stance, context={"request": request}).data, status=status.HTTP_201_CREATED)


class WrittenOpinionSerializer(serializers.ModelSerializer):
    text = serializers.SerializerMethodField()

    class Meta:
        model = WrittenOpinion
        fields = ["id", "item", "person", "text", "submitted_at", "recorded_by"]

    def get_text(self, opinion):
        return opinion.text if _access(self.context).may_see(opinion.item) else None


class WrittenOpinionInputSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.none())
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    text = serializers.CharField()
    position = serializers.ChoiceField(choices=StanceChoice.choices, required=False, default="")
    submitted_at = serializers.DateTimeField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["item"].queryset = visible_items(request.user)


class WrittenOpinionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """M-D3: absent members' written opinions, submitted before the meeting; never votes."""

    filterset_fields = ["item", "person"]

    def get_queryset(self):
        return (
            WrittenOpinion.objects.filter(item__in=visible_items(self.request.user).values("pk"))
            .select_related("item__meeting")
            .order_by("pk")
        )

    def get_serializer_class(self):
        return WrittenOpinionInputSerializer if self.action == "create" else WrittenOpinionSerializer

    def create(self, request, *args, **kwargs):
        data = WrittenOpinionInputSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if not _may_act_for(request, values["item"], values["person"]):
            raise PermissionDenied
        opinion = submit_written_opinion(acting_user=request.user, **values)
        return Response(
            WrittenOpinionSerializer(opinion, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


# --------------------------------------------------------------------------- votes (M-V1..M-V6)


class VoteSerializer(serializers.ModelSerializer):
    """Counts only once the vote is closed. While open: live counts for oral / show-of-hands /
    named votes; for a secret ballot only how many have voted (M-V6)."""

    results = serializers.SerializerMethodField()
    live = serializers.SerializerMethodField()
    voted = serializers.SerializerMethodField()
    ballots = serializers.SerializerMethodField()

    class Meta:
        model = Vote
        fields = [
            "id",
            "item",
            "method",
            "default_method",
            "method_reason",
            "status",
            "is_emergency",
            "opened_at",
            "closed_at",
            "due",
            "voted",
            "live",
            "results",
            "ballots",
            "referred_upward",
            "referral_note",
        ]

    def get_results(self, vote):
        if vote.is_open:
            return None
        return {
            "yes": vote.yes,
            "no": vote.no,
            "abstain": vote.abstain,
            "not_voted": vote.not_voted,
            "absent": vote.absent,
            "recused": vote.recused,
            "present": len(vote.present_ids),
            "written_for": vote.written_for,
            "written_against": vote.written_against,
            "outcome": vote.outcome,
            "rule": vote.rule_id,
            "arithmetic": vote.arithmetic_text,
            "decision": getattr(getattr(vote, "decision", None), "pk", None),
        }

    def get_live(self, vote):
        return live_counts(vote) if vote.is_open else None

    def get_voted(self, vote):
        return voted_count(vote)

    def get_ballots(self, vote):
        """Named ballots by name once closed; never anything for secret ballots."""
        if vote.is_secret or vote.is_open or vote.method != VoteMethod.NAMED:
            return []
        return [{"person": b.person_id, "name": b.person.name, "choice": b.choice} for b in vote.ballots.all()]


class VoteOpenSerializer(serializers.Serializer):
    item = serializers.PrimaryKeyRelatedField(queryset=AgendaItem.objects.none())
    method = serializers.ChoiceField(choices=VoteMethod.choices, required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, default="", allow_blank=True)
    is_emergency = serializers.BooleanField(required=False, allow_null=True, default=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["item"].queryset = visible_items(request.user)


class CastSerializer(serializers.Serializer):
    choice = serializers.ChoiceField(choices=VoteChoice.choices)
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)


class CloseSerializer(serializers.Serializer):
    resolution = serializers.CharField(required=False, default="", allow_blank=True)
    basis = serializers.CharField(required=False, default="", allow_blank=True)
    responsible = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all(), many=True, required=False)
    supervision = serializers.CharField(required=False, default="", allow_blank=True)
    refer_upward = serializers.BooleanField(required=False, default=False)
    referral_note = serializers.CharField(required=False, default="", allow_blank=True)


class VoteViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Votes: open (POST), ``cast`` (the voter; the recorder for non-secret votes), ``close``."""

    filterset_fields = ["item", "status", "method"]

    def get_queryset(self):
        return visible_votes(self.request.user).select_related("decision").order_by("pk")

    def get_serializer_class(self):
        return VoteOpenSerializer if self.action == "create" else VoteSerializer

    def _manager(self, committee):
        if not can_manage(self.request.user, committee):
            raise PermissionDenied

    def create(self, request, *args, **kwargs):
        data = VoteOpenSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = data.validated_data
        self._manager(values["item"].committee)
        vote = open_vote(acting_user=request.user, **values)
        return Response(VoteSerializer(vote, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=CastSerializer)
    def cast(self, request, pk=None):
        """The response never echoes the choice."""
        vote = self.get_object()
        data = CastSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        me = _person(request)
        person = data.validated_data.get("person") or me
        if person is None:
            raise PermissionDenied
        if me is None or person.pk != me.pk:
            self._manager(vote.item.committee)
        cast_ballot(vote, person=person, choice=data.validated_data["choice"], acting_user=request.user)
        return Response({"voted": True}, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=CloseSerializer)
    def close(self, request, pk=None):
        vote = self.get_object()
        self._manager(vote.item.committee)
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        vote = close_vote(vote, acting_user=request.user, **data.validated_data)
        vote = self.get_queryset().get(pk=vote.pk)
        return Response(VoteSerializer(vote, context={"request": request}).data)


# --------------------------------------------------------------------------- decisions


class DecisionSerializer(serializers.ModelSerializer):
    responsible = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    superseded_by = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = [
            "id",
            "committee",
            "item",
            "vote",
            "kind",
            "category",
            "resolution",
            "basis",
            "responsible",
            "supervision",
            "is_confidential",
            "decided_at",
            "status",
            "supersedes",
            "superseded_by",
            "is_emergency_majority",
            "invalid_reason",
            "invalidated_at",
            "needs_accountability_review",
            "published_at",
        ]

    def get_superseded_by(self, decision):
        return getattr(getattr(decision, "superseded_by", None), "pk", None)


class DecisionApiFilter(django_filters.FilterSet):
    year = YearFilter(field_name="decided_at", lookup_expr="year")
    q = TextSearchFilter(field_name="resolution")

    class Meta:
        model = Decision
        fields = ["committee", "category", "status", "kind", "year", "q"]


class TextSerializer(serializers.Serializer):
    text = serializers.CharField()
    report_upward = serializers.BooleanField(required=False, default=False)


class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """The decisions register. ``reservation`` (M-V8), ``invalidate`` (M-V10), ``publish`` (M-M6)."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionApiFilter

    def get_queryset(self):
        return (
            visible_decisions(self.request.user)
            .select_related("superseded_by")
            .prefetch_related("responsible")
            .order_by("-decided_at", "-pk")
        )

    @action(detail=True, methods=["post"], serializer_class=TextSerializer)
    def reservation(self, request, pk=None):
        decision = self.get_object()
        me = _person(request)
        if not may_record_reservation(me, decision):
            raise PermissionDenied({"rule": "M-V8", "detail": str(MSG_RESERVATION_BY_MEMBERS_PRESENT)})
        data = TextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        add_reservation(
            decision,
            person=me,
            text=data.validated_data["text"],
            report_upward=data.validated_data["report_upward"],
            acting_user=request.user,
        )
        return Response({"recorded": True}, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], serializer_class=TextSerializer)
    def invalidate(self, request, pk=None):
        decision = self.get_object()
        me = _person(request)
        if me is None or not can_manage(request.user, decision.committee):
            raise PermissionDenied
        data = TextSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = invalidate_decision(
            decision, reason=data.validated_data["text"], proposed_by=me, acting_user=request.user
        )
        return Response({"redeliberation_item": item.pk})

    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        decision = self.get_object()
        if not can_manage(request.user, decision.committee):
            raise PermissionDenied
        decision = publish_decision(decision, acting_user=request.user)
        return Response(DecisionSerializer(decision, context={"request": request}).data)


# --------------------------------------------------------------------------- minutes


class MinutesSerializer(serializers.ModelSerializer):
    number_display = serializers.CharField(read_only=True)
    items = serializers.SerializerMethodField()

    class Meta:
        model = Minutes
        fields = [
            "id",
            "committee",
            "meeting",
            "corrects",
            "status",
            "title",
            "year",
            "number",
            "number_display",
            "fingerprint",
            "approved_at",
            "approved_by",
            "summary",
            "items",
        ]

    def get_items(self, minutes):
        """The distributed version in lists; the detail shows the full one to those allowed (logged)."""
        full = self.context.get("full", False)
        return pdf.minutes_items(minutes, full=full)


class MinutesViewSet(viewsets.ReadOnlyModelViewSet):
    """Minutes; ``?version=full`` on the detail for the confidential items (logged, M-M7);
    ``pdf``; ``approve`` (the chair)."""

    serializer_class = MinutesSerializer
    filterset_fields = ["committee", "year", "status", "meeting"]

    def get_queryset(self):
        return visible_minutes(self.request.user).order_by("-year", "-number", "-pk")

    def retrieve(self, request, *args, **kwargs):
        minutes = self.get_object()
        full = read_minutes(request.user, minutes, full=request.query_params.get("version") == "full", what="api")
        return Response(MinutesSerializer(minutes, context={"request": request, "full": full}).data)

    @action(detail=True, methods=["get"])
    def pdf(self, request, pk=None):
        minutes = self.get_object()
        full = read_minutes(request.user, minutes, full=request.query_params.get("version") == "full", what="pdf")
        return HttpResponse(pdf.render_minutes_pdf(minutes, full=full), content_type="application/pdf")

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        minutes = self.get_object()
        me = _person(request)
        if me is None:
            raise PermissionDenied
        minutes = approve_minutes(minutes, acting_user=request.user)
        return Response(MinutesSerializer(minutes, context={"request": request}).data)


def register(router) -> None:
    router.register("meetings", MeetingViewSet, basename="meeting")
    router.register("agenda-items", AgendaItemViewSet, basename="agendaitem")
    router.register("attendance", AttendanceViewSet, basename="attendance")
    router.register("stances", StanceViewSet, basename="stance")
    router.register("written-opinions", WrittenOpinionViewSet, basename="writtenopinion")
    router.register("votes", VoteViewSet, basename="vote")
    router.register("decisions", DecisionViewSet, basename="decision")
    router.register("minutes", MinutesViewSet, basename="minutes")
    democratic_life_api.register(router)


#: For a separate ``path("api/", include(router.urls))``; or call ``register`` on the project's router.
router = routers.DefaultRouter()
register(router)
