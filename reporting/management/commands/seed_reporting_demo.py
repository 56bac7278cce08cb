"""Demo obligations on top of ``seed_demo``: emergencies, petitions, periodic reports.

Idempotent: if the demo petitions exist, nothing is added. Runs the engine's scan once so the
bell shows what is due.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from committees.actors import system_user
from committees.models import TEAM_ROLES, Committee, Role, RoleAssignment
from reporting import deadlines
from reporting.emergencies import services as emergencies
from reporting.emergencies.models import Emergency, EmergencyKind
from reporting.leave import services as leave
from reporting.leave.models import LeaveKind, StepState
from reporting.openness import demo as openness_demo
from reporting.periodic import services as periodic
from reporting.personal import services as personal
from reporting.personal.models import PROHIBITIONS, FamilyEventKind, MatterKind
from reporting.petitions import services as petitions
from reporting.petitions.models import Petition, ReceptionType
from reporting.petitions.services import PetitionerData

DAY = datetime.timedelta(days=1)
MINUTE = datetime.timedelta(minutes=1)


def holder(committee: Committee, role: str):
    assignment = RoleAssignment.objects.on(timezone.localdate()).filter(committee=committee, role=role).first()
    return assignment.person if assignment else None


class Command(BaseCommand):
    help = "Load demo emergencies, petitions and periodic obligations (run after seed_demo)."

    def handle(self, *args, **options):
        if not Committee.objects.filter(name="桃源镇党委").exists():
            self.stderr.write("Run seed_demo first.")
            return
        if Petition.objects.exists() or Emergency.objects.exists():
            self.stdout.write("Reporting demo data is already loaded.")
            return
        with transaction.atomic():
            self.load(timezone.now())
        created = deadlines.scan()
        self.stdout.write(self.style.SUCCESS(f"Reporting demo data loaded; {created} notifications due now."))

    def load(self, now: datetime.datetime) -> None:
        town = Committee.objects.get(name="桃源镇党委")
        secretary = holder(town, Role.SECRETARY)
        deputy = holder(town, Role.DEPUTY_SECRETARY)
        load_emergencies(town, holder(town, Role.OFFICE_STAFF), now)
        load_petitions(town, (secretary, deputy), now)
        county = town.parent
        load_petitions(
            county, (holder(county, Role.SECRETARY), holder(county, Role.DEPUTY_SECRETARY)), now, COUNTY_PETITIONS
        )
        member = holder(town, Role.MEMBER)
        load_personal_matters(town, member, deputy, now)
        load_leave(town, member, deputy, now)
        # 临江区委: a member's request waiting for the approver (the desk of lj-secretary).
        leave.submit(
            person=holder(county, Role.MEMBER),
            committee=county,
            kind=LeaveKind.PRIVATE_LEAVE,
            reason="回老家处理家中房屋修缮事宜",
            destination="云川市青山县",
            start_date=timezone.localdate() + 4 * DAY,
            end_date=timezone.localdate() + 6 * DAY,
            contact="13900000000",
            now=now,
            acting_user=system_user(),
        )
        # 临江区委: a member's study visit, approved by lj-secretary, to be filed with the city's
        # organisation department (the desk of yc-orgstaff).
        approve_first_step(
            leave.submit(
                person=holder(county, Role.MEMBER),
                committee=county,
                kind=LeaveKind.BUSINESS_TRIP,
                reason="赴省委党校参加县处级干部专题研讨班",
                destination="省委党校",
                start_date=timezone.localdate() + 12 * DAY,
                end_date=timezone.localdate() + 16 * DAY,
                contact="13900000000",
                now=now,
                acting_user=system_user(),
            ),
            now,
        )
        # R-4, R-5, M-C5: the current periods' recurring reports.
        periodic.generate_obligations(now=now, acting_user=system_user())
        load_grassroots(town, county, timezone.localdate(now))
        load_work_logs(town, timezone.localdate(now))
        openness_demo.load(town, timezone.localdate(now))
        load_interviews(town, now)
        load_opinions(town, timezone.localdate(now))


def load_emergencies(town: Committee, office, now: datetime.datetime) -> None:
    """R-1: one incident reported in time, one whose two hours are running now."""
    reported = emergencies.record_emergency(
        committee=town,
        title="桃源河段山洪冲毁便桥",
        kind=EmergencyKind.NATURAL_DISASTER,
        place="桃源镇河口村",
        occurred_at=now - 3 * DAY - 40 * MINUTE,
        known_at=now - 3 * DAY - 30 * MINUTE,
        known_by="河口村党支部书记电话报告",
        recorded_by=office,
        acting_user=system_user(),
        now=now - 3 * DAY - 25 * MINUTE,
    )
    emergencies.send_report(
        reported,
        sent_at=now - 3 * DAY + 40 * MINUTE,
        recipient="临江区委办公室值班室",
        text="7月山洪冲毁河口村便桥一座，无人员伤亡，已设置警示并组织绕行。",
        sent_by=office,
        acting_user=system_user(),
        now=now - 3 * DAY + 40 * MINUTE,
    )
    emergencies.record_emergency(
        committee=town,
        title="镇中学食堂疑似食物中毒",
        kind=EmergencyKind.PUBLIC_HEALTH,
        place="桃源镇中学",
        occurred_at=now - 50 * MINUTE,
        known_at=now - 35 * MINUTE,
        known_by="镇卫生院值班医生",
        recorded_by=office,
        acting_user=system_user(),
        now=now - 30 * MINUTE,
    )


#: P-1..P-5: (content, reception type, days ago, answered, petitioners) of petitions in each state.
PETITIONS = [
    ("土地征收补偿标准有异议", ReceptionType.SCHEDULED, 70, True, 5),
    ("村道硬化工程质量问题", ReceptionType.APPOINTMENT, 45, False, 2),
    ("低保资格认定复核", ReceptionType.ON_SITE, 20, False, 1),
    ("养殖场异味扰民", ReceptionType.SCHEDULED, 3, False, 1),
]


#: 临江区委's petitions: two due within the week, so the petition office's desk has work today.
COUNTY_PETITIONS = [
    ("城区棚户区改造安置房交付延期", ReceptionType.SCHEDULED, 56, False, 6),
    ("企业拖欠农民工工资", ReceptionType.ON_SITE, 53, False, 3),
    ("小区业委会选举程序争议", ReceptionType.APPOINTMENT, 31, False, 2),
    ("学区划分调整意见", ReceptionType.SCHEDULED, 9, False, 1),
    ("农村宅基地确权登记纠纷", ReceptionType.ON_SITE, 88, True, 1),
]
#: Petitioners' names (the demo's people are cadres; these are the public).
PETITIONER_NAMES = ["刘桂芬", "陈德明", "张秀兰", "王志刚", "李春花", "赵永福", "孙建平", "周玉梅", "吴国华", "郑小红"]


def load_petitions(town: Committee, leaders: tuple, now: datetime.datetime, specs=None) -> None:
    """P-1..P-5: each petition received by the secretary or the deputy in turn, transferred the next
    day; the oldest answered, the 45-day-old one extended once (P-3)."""
    for number, (content, reception, days_ago, answered, people) in enumerate(specs or PETITIONS):
        received = now - days_ago * DAY
        petition = petitions.register_petition(
            committee=town,
            reception_type=reception,
            received_at=received,
            receiving_leader=leaders[number % 2],
            content=content,
            petitioners=[
                PetitionerData(
                    name=PETITIONER_NAMES[(number * 3 + n) % len(PETITIONER_NAMES)] + ("" if n < 10 else str(n)),
                    is_representative=people > 1 and n < 3,
                )
                for n in range(people)
            ],
            place="镇便民服务中心信访接待室",
            now=received,
            acting_user=system_user(),
        )
        petitions.transfer(
            petition,
            instruction="请相关部门依法依规调查处理，按时答复群众。",
            responsible_department="镇农业综合服务中心" if number % 2 else "镇自然资源所",
            at=received + DAY,
            acting_user=system_user(),
        )
        if answered:
            petitions.answer(
                petition,
                answer="经核实已按政策补足补偿款。",
                answered_at=received + 55 * DAY,
                now=received + 55 * DAY,
                acting_user=system_user(),
            )
        elif days_ago == 45:
            petitions.extend(
                petition,
                days=30,
                reason="涉及工程质量鉴定，需第三方检测。",
                petitioner_told_on=timezone.localdate(received + 40 * DAY),
                petitioner_told_how="电话告知并寄送书面延期通知",
                now=received + 40 * DAY,
                acting_user=system_user(),
            )


def load_personal_matters(town: Committee, member, deputy, now: datetime.datetime) -> None:
    """R-2: a filed personal-matter report and one still owed; R-3: a declared wedding."""
    filed = personal.record_event(
        cadre=member,
        committee=town,
        kind=MatterKind.PRIVATE_TRIP_ABROAD,
        event_date=timezone.localdate() - 20 * DAY,
        at=now - 19 * DAY,
        acting_user=system_user(),
    )
    personal.file_report(
        filed, description="因私赴新加坡探亲7天，已按规定交回证件。", at=now - 15 * DAY, acting_user=system_user()
    )
    personal.record_event(
        cadre=deputy,
        committee=town,
        kind=MatterKind.REAL_ESTATE,
        event_date=timezone.localdate() - 26 * DAY,
        at=now - 25 * DAY,
        acting_user=system_user(),
    )
    personal.declare_family_event(
        declarer=deputy,
        committee=town,
        kind=FamilyEventKind.WEDDING,
        event_at=now + 20 * DAY,
        reason="儿子结婚",
        place="桃源镇家中",
        relation="child",
        guest_count=40,
        table_count=4,
        spending_standard=Decimal("600"),
        confirmations={name: True for name, _label in PROHIBITIONS},
        at=now,
        acting_user=system_user(),
    )


#: L-3..L-5: (kind, starts in, days, reason, destination) – 2, 5 and 10 days and a trip abroad.
LEAVE_REQUESTS = [
    (LeaveKind.PRIVATE_LEAVE, 7, 2, "家中老人住院陪护", "临江市人民医院"),
    (LeaveKind.MEETING_TRAINING, 10, 5, "参加市委党校乡镇党委书记培训班", "云川市委党校"),
    (LeaveKind.BUSINESS_TRIP, 20, 10, "赴东部对口帮扶地区考察学习", "浙江省湖州市"),
    (LeaveKind.ABROAD_PRIVATE, 30, 7, "因私出境探亲", "新加坡"),
]


def load_leave(town: Committee, member, deputy, now: datetime.datetime) -> None:
    """L-3..L-5: each request waiting on its computed chain (the trip abroad is the deputy's); the
    training course, approved by the secretary, waits to be filed with the county's organisation
    department (L-3: 4 to 7 days)."""
    today = timezone.localdate()
    for kind, starts_in, days, reason, destination in LEAVE_REQUESTS:
        request = leave.submit(
            person=member if kind != LeaveKind.ABROAD_PRIVATE else deputy,
            committee=town,
            kind=kind,
            reason=reason,
            destination=destination,
            start_date=today + starts_in * DAY,
            end_date=today + (starts_in + days - 1) * DAY,
            contact="13800000000",
            now=now,
            acting_user=system_user(),
        )
        if kind == LeaveKind.MEETING_TRAINING:
            approve_first_step(request, now)


def approve_first_step(request, now: datetime.datetime) -> None:
    """The pending deciding step approved by its approver, through their login."""
    step = leave.current_steps(request).get(state=StepState.PENDING)
    leave.decide(step, decision="approve", annotation="同意。", now=now, acting_user=step.approver.user)


def load_grassroots(town: Committee, county: Committee, today: datetime.date) -> None:
    """X-6: the town secretary's stays in a backward village and branch meetings, two county members'
    days in villages and a research report – over the last weeks – then every team member's floors."""
    from reporting.grassroots import services as grassroots
    from reporting.grassroots.models import EntryKind

    system = system_user()

    def record(person, committee, kind, days_ago, length=1, **details):
        start = max(today - days_ago * DAY, datetime.date(today.year, 1, 1))
        end = min(start + (length - 1) * DAY, today)
        grassroots.record_entry(
            person=person,
            committee=committee,
            kind=kind,
            start_date=start,
            end_date=end,
            acting_user=system,
            today=today,
            **details,
        )

    secretary = holder(town, Role.SECRETARY)
    if secretary is not None:
        for days_ago, length in ((40, 4), (26, 5), (12, 3)):
            record(secretary, town, EntryKind.DAYS, days_ago, length, place="石板村", is_backward_village=True)
        meetings = ((35, "石板村党支部党员大会"), (20, "桃源村村民代表会议"), (6, "石板村党支部组织生活会"))
        for days_ago, topic in meetings:
            record(secretary, town, EntryKind.MEETING, days_ago, place=topic[:3], topic=topic)
    members = [a.person for a in RoleAssignment.objects.on(today).filter(committee=county, role=Role.MEMBER)[:2]]
    for number, person in enumerate(members):
        record(person, county, EntryKind.DAYS, 30 - 10 * number, 4 + number, place="桃源镇桃源村", is_village=True)
        record(person, county, EntryKind.DAYS, 9, 2, place="青石镇青石村", is_village=True)
    if members:
        topic = "关于发展壮大村级集体经济的调研报告"
        record(members[0], county, EntryKind.REPORT, 3, place="区农业农村局", topic=topic)
    grassroots.ensure_year(today, acting_user=system)


def load_interviews(town: Committee, now: datetime.datetime) -> None:
    """X-4: the town's reception days of this month and the next (the secretary's and the deputy
    secretary's), the office staff's urgent interview with the secretary – held at once, with a
    handling card still open – and a request booked on the next reception day; then next month's
    duty."""
    from committees.calendar import add_working_days
    from reporting.interviews import services as interviews
    from reporting.interviews.models import Channel, Topic

    system = system_user()
    today = timezone.localdate(now)
    secretary, deputy, office = (
        holder(town, role) for role in (Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.OFFICE_STAFF)
    )
    if None in (secretary, deputy, office) or office.user is None or secretary.user is None:
        return
    days = []
    for working_days, leader, place in (
        (4, secretary, "镇党委书记办公室"),
        (14, deputy, "镇党委副书记办公室"),
        (24, secretary, "镇党委书记办公室"),
    ):
        day = add_working_days(today, working_days)
        days.append(interviews.set_day(committee=town, day=day, leader=leader, place=place, acting_user=system))
    held = interviews.request_interview(
        committee=town,
        leader=secretary,
        channel=Channel.IN_PERSON,
        topic=Topic.SUGGESTION,
        summary="反映石板村饮水工程管护无人负责，建议明确村级管护责任",
        is_urgent=True,
        acting_user=office.user,
    )
    held = interviews.record_interview(
        held,
        held_at=now,
        record="听取了饮水工程管护问题的反映，书记要求镇水利站会同石板村明确管护责任",
        acting_user=secretary.user,
    )
    interviews.open_card(
        held,
        matter="石板村饮水工程管护责任不明确",
        instruction="请镇水利站会同石板村两委提出管护办法，月底前答复",
        unit="镇水利站",
        reply_due=today + 10 * DAY,
        acting_user=secretary.user,
    )
    interviews.request_interview(
        committee=town,
        leader=secretary,
        channel=Channel.PHONE,
        topic=Topic.PERSONAL,
        summary="家中老人需要照顾，希望调整值班安排",
        day=days[0],
        acting_user=office.user,
    )
    interviews.ensure_next_month(today, acting_user=system)


def load_opinions(town: Committee, today: datetime.date) -> None:
    """X-1: public opinion from 桃源村党支部 and the town's agriculture office over the last weeks, at
    every step: collected, screened out, sent, analysed, adopted with the source still to be told,
    and adopted and told."""
    from reporting.opinions import services as opinions
    from reporting.opinions.models import Adoption, OpinionChannel, OpinionTopic, ReporterKind

    system = system_user()
    village = town.children.order_by("name").first()
    specs = [
        # source, days ago, channel, topic, title, content, how far
        (village, 2, OpinionChannel.VISIT, OpinionTopic.LIVELIHOOD, "村道路灯损坏影响夜间出行",
         "村民反映桃源村主干道路灯损坏已两个月，夜间出行不便，希望尽快维修。", "collected"),
        (village, 6, OpinionChannel.PHONE, OpinionTopic.OTHER, "反映邻里宅基地纠纷",
         "村民电话反映与邻居宅基地界址纠纷。", "screened_out"),
        (village, 9, OpinionChannel.LETTER, OpinionTopic.POLICY, "耕地地力保护补贴发放进度",
         "合作社来信反映今年耕地地力保护补贴尚未到账，询问发放时间。", "submitted"),
        (town, 12, OpinionChannel.INTERNET, OpinionTopic.DEVELOPMENT, "建议发展林下经济",
         "镇农业办收集到多名种植户建议，利用山地林地发展林下种养。", "analysed"),
        (village, 16, OpinionChannel.VISIT, OpinionTopic.LIVELIHOOD, "高处农户自来水压力不足",
         "桃源村后山片区十余户反映自来水压力不足，用水高峰时断水。", "decided"),
        (village, 25, OpinionChannel.VISIT, OpinionTopic.GROUP_INTEREST, "希望增设镇村公交早班",
         "外出务工和上学群众希望增设早上六点半的镇村公交班次。", "answered"),
    ]  # fmt: skip
    for source, days_ago, channel, topic, title, content, how_far in specs:
        if source is None:
            continue
        received = max(today - days_ago * DAY, datetime.date(today.year, 1, 1))
        entry = opinions.collect(
            source=source,
            source_detail="镇农业办" if source == town else "",
            reporter_kind=ReporterKind.ORGANISATION if channel == OpinionChannel.LETTER else ReporterKind.CITIZEN,
            channel=channel,
            topic=topic,
            received_on=received,
            title=title,
            content=content,
            acting_user=system,
        )
        if how_far == "collected":
            continue
        if how_far == "screened_out":
            opinions.screen_out(entry, reason="经核实属个人民事纠纷，已引导其通过村调解委员会解决", acting_user=system)
            continue
        entry = opinions.submit(entry, verification="村党支部书记入户核实，情况属实", acting_user=system)
        if how_far == "submitted":
            continue
        entry = opinions.analyse(
            entry,
            topic=topic,
            analysis="反映问题具有普遍性，涉及群众切身利益",
            proposal="交相关站所研究办理",
            acting_user=system,
        )
        if how_far == "analysed":
            continue
        entry = opinions.decide(
            entry, adoption=Adoption.ADOPTED, note="列入镇为民办实事项目，由相关站所落实", acting_user=system
        )
        if how_far == "answered":
            opinions.answer(entry, feedback="已书面告知桃源村党支部，并在村务公开栏公布", acting_user=system)


def load_work_logs(town: Committee, today: datetime.date) -> None:
    """X-5: the town team's logs of the last working days (one day left out by a member: the
    secretary's week shows it missing), then today's logs opened with the engine."""
    from committees.calendar import WorkingCalendar, add_working_days
    from reporting.worklog import services as worklog

    calendar = WorkingCalendar(range(today.year - 1, today.year + 2))
    days = [add_working_days(today, -n, calendar=calendar) for n in (3, 2, 1)]
    people = [a.person for a in RoleAssignment.objects.on(today).filter(committee=town, role__in=TEAM_ROLES)]
    for number, person in enumerate(p for p in people if p.user_id):
        for day in days:
            if number == 1 and day == days[1]:
                continue  # not written: missing on the week
            worklog.submit_log(
                person=person,
                committee=town,
                day=day,
                summary="走访石板村困难群众，协调解决饮水工程遗留问题",
                plan="参加镇党委会议，研究秋冬季森林防火工作",
                carried=[("修订石板村村规民约", "待村民代表会议讨论", add_working_days(day, 3, calendar=calendar))]
                if day == days[-1]
                else [],
                acting_user=person.user,
                now=timezone.make_aware(datetime.datetime.combine(day, datetime.time(17, 30))),
            )
    worklog.open_day(today, acting_user=system_user())
