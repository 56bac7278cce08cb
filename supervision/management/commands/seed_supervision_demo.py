"""Demo supervision work for 临江区委 (after seed_demo and seed_demo_meetings; idempotent).

Items in every S-2 state – one waiting at registration for the inspector to take through the whole
workflow, one rejected and re-submitted, one overdue – failed inspections that cost awards (S-4),
an accountability case opened from the overdue item with combined sanctions (A-4), and written
inquiries (A-7), so that the board, the register and the eligibility view have something to show.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from committees.actors import system_user
from committees.models import Committee, Person, Role, RoleAssignment
from supervision import services
from supervision.models import (
    AccountabilityGround,
    InspectionResult,
    SanctionKind,
    SourceKind,
    SupervisionItem,
)
from supervision.proposals import demo as proposals_demo
from supervision.talks import demo as talks_demo

COMMITTEE = "临江区委"
MARK = "【示例】"


class Command(BaseCommand):
    help = "Load demo supervision items, inspections, an accountability case and inquiries for 临江区委."

    def handle(self, *args, **options):
        committee = Committee.objects.filter(name=COMMITTEE).first()
        if committee is None:
            raise CommandError("Run `manage.py seed_demo` first.")
        if SupervisionItem.objects.filter(committee=committee, matter__startswith=MARK).exists():
            self.stdout.write("Demo supervision work is already loaded.")
            return
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            Demo(committee).load()
        self.stdout.write(self.style.SUCCESS("Demo supervision work loaded."))


class Demo:
    def __init__(self, committee: Committee):
        self.committee = committee
        self.today = timezone.localdate()
        self.actor = system_user()  # the seed acts as the system, for the people it portrays
        self.secretary = self.holder(Role.SECRETARY)
        self.inspector = self.holder(Role.DISCIPLINE_INSPECTOR)
        self.members = list(
            Person.objects.filter(
                roles__in=RoleAssignment.objects.on(self.today).filter(
                    committee=committee, role__in=[Role.MEMBER, Role.DEPUTY_SECRETARY, Role.ORGANIZATION_MEMBER]
                )
            )
            .distinct()
            .order_by("name")
        )
        self.towns = list(committee.children.order_by("name"))

    def holder(self, role: str) -> Person:
        assignment = RoleAssignment.objects.on(self.today).filter(committee=self.committee, role=role).first()
        if assignment is None:
            raise CommandError(f"{COMMITTEE} has nobody in the role {role}; run `manage.py seed_demo` first.")
        return assignment.person

    def day(self, offset: int) -> datetime.date:
        return self.today + datetime.timedelta(days=offset)

    def item(self, matter: str, unit: str, person: Person, deadline: int, **kwargs) -> SupervisionItem:
        town = next((t for t in self.towns if t.name == unit), None)
        return services.register_item(
            committee=self.committee,
            source_kind=kwargs.pop("source_kind", SourceKind.HIGHER_INSTRUCTION),
            matter=MARK + matter,
            basis=kwargs.pop("basis", "市委办公室通知"),
            requirements=kwargs.pop("requirements", "按期书面反馈落实情况"),
            unit_committee=town,
            unit_name="" if town else unit,
            responsible_person=person,
            leader_in_charge=kwargs.pop("leader", self.members[0]),
            feedback_deadline=self.day(deadline),
            acting_user=self.actor,
            on_behalf_of=self.inspector,
        )

    def assigned(self, *args, **kwargs) -> SupervisionItem:
        item = services.approve(self.item(*args, **kwargs), acting_user=self.actor, on_behalf_of=self.secretary)
        return services.assign(item, acting_user=self.actor, on_behalf_of=self.inspector)

    def load(self) -> None:
        lead, other = self.members[0], self.members[min(1, len(self.members) - 1)]
        overdue = self.load_items(lead, other)
        self.load_inspections(lead, other)
        self.load_case(overdue, lead, other)
        # M-C4: the district's delegates and the town's.
        for committee in (self.committee, *Committee.objects.filter(parent=self.committee, name="桃源镇党委")):
            proposals_demo.load(committee)
            talks_demo.load(committee)

    def load_items(self, lead: Person, other: Person) -> SupervisionItem:
        """S-2: an item in every state – registered, approved, assigned, urged with a progress
        report, waiting for review, rejected then closed – and one overdue, which it returns."""
        self.item("秋冬季森林防火专项检查部署", "应急管理局", other, 20)
        services.approve(
            self.item("城区老旧小区改造进度督查", "住房和城乡建设局", other, 30),
            acting_user=self.actor,
            on_behalf_of=self.secretary,
        )
        self.assigned(
            "落实市委关于秸秆禁烧工作的批示", "农业农村局", lead, 15, source_kind=SourceKind.LEADER_INSTRUCTION
        )

        urged = self.assigned("乡村振兴示范点建设", "桃源镇党委", lead, 10)
        services.urge(
            urged,
            contact="桃源镇党政办 王主任",
            contacted_on=self.today,
            content="电话催办，要求本周内报送进展",
            acting_user=self.actor,
            on_behalf_of=self.inspector,
        )
        services.submit_feedback(
            urged,
            content="示范点道路硬化已完成六成",
            acting_user=self.actor,
            on_behalf_of=lead,
            is_finished=False,
            unfinished_reason="雨季停工两周",
            next_report_date=self.day(7),
        )

        waiting = self.assigned(
            "民情信箱反映的菜市场环境整治", "白石街道党工委", other, 5, source_kind=SourceKind.MAILBOX
        )
        services.submit_feedback(
            waiting, content="已完成摊位规范和排水沟清理", acting_user=self.actor, on_behalf_of=other
        )

        redone = self.assigned("河长制巡河记录整改", "水利局", lead, 12)
        services.submit_feedback(redone, content="已补齐巡河记录", acting_user=self.actor, on_behalf_of=lead)
        services.reject(
            redone,
            acting_user=self.actor,
            on_behalf_of=self.inspector,
            opinions="缺少村级河长签字，请补充后重新反馈",
            new_deadline=self.day(5),
        )
        services.submit_feedback(
            redone, content="已补齐村级河长签字并附台账", acting_user=self.actor, on_behalf_of=lead
        )
        services.accept(redone, acting_user=self.actor, on_behalf_of=self.inspector, opinions="整改到位")
        services.close(
            redone,
            closing_report="河长制巡河记录已全面规范，归档。",
            acting_user=self.actor,
            on_behalf_of=self.inspector,
        )

        overdue = self.assigned("安全生产大检查问题整改", "应急管理局", other, 3)
        SupervisionItem.objects.filter(pk=overdue.pk).update(feedback_deadline=self.day(-6))
        overdue.refresh_from_db()
        return overdue

    def load_inspections(self, lead: Person, other: Person) -> None:
        """S-4: two failed inspections of one unit in a row cost its people this year's awards."""
        for offset in (-120, -40):
            services.record_inspection(
                committee=self.committee,
                period_start=self.day(offset - 30),
                period_end=self.day(offset),
                inspected_on=self.day(offset) if self.day(offset).year == self.today.year else self.today,
                result=InspectionResult.FAILED,
                problems="安全生产台账缺失，隐患整改不闭环",
                acting_user=self.actor,
                on_behalf_of=self.inspector,
                unit_name="应急管理局",
                leader_in_charge=lead,
                person_concerned=other,
            )

    def load_case(self, overdue: SupervisionItem, lead: Person, other: Person) -> None:
        """A-2..A-7: a case opened from the overdue item, the responsibility split, combined
        sanctions, the decision and a written inquiry."""
        case = services.open_case(
            committee=self.committee,
            ground=AccountabilityGround.SUPERVISION_ITEM_FAILED,
            facts="安全生产大检查问题整改逾期六天未反馈，经催办仍未落实。",
            acting_user=self.actor,
            on_behalf_of=self.inspector,
            subject_person=other,
            source=overdue,
        )
        services.split_leaders(
            case, principal=self.secretary, in_charge=lead, fell_short="in_charge", acting_user=self.actor
        )
        services.add_sanction(case, kind=SanctionKind.CRITICISM, note="在全区范围内通报", acting_user=self.actor)
        services.add_sanction(case, kind=SanctionKind.NO_AWARDS, acting_user=self.actor)
        services.decide_case(case, acting_user=self.actor, on_behalf_of=self.secretary)
        services.send_inquiry(
            committee=self.committee,
            person=other,
            letter="请就安全生产整改逾期的原因作出书面说明。",
            acting_user=self.actor,
            on_behalf_of=self.inspector,
            case=case,
        )
