"""Demo meetings for the demo committees (run after ``seed_demo``; idempotent).

Every committee gets a past, closed meeting of each kind (attendance, stances, a leave, recusals)
and upcoming ones: today's standing committee meeting with its notice sent – ready to be opened
and run in the browser – and a draft for next week with an item awaiting the secretary's
approval. 临江区委 and 桃源镇党委 also get a year of regular meetings so the cadence page
(M-C1..M-C3) has something to show, and an emergency handled without a meeting (M-E1).
Everything goes through the services, so every rule holds for the demo data too.
"""

from __future__ import annotations

import collections
import datetime

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from committees.actors import acting, system_user
from committees.calendar import WorkingCalendar, add_working_days
from committees.models import Committee, Level, Person, Role
from committees.selectors import current_rules
from meetings import rules
from meetings.models import (
    AgendaCategory,
    AttachmentKind,
    AttendanceStatus,
    Meeting,
    MeetingKind,
    ObserverKind,
    RecusalReason,
    StanceChoice,
    VoteChoice,
)
from meetings.selectors.attendance import leave_approvers, members_due, roles_on
from meetings.services.agenda import add_attachment, add_item, approve_item, update_item
from meetings.services.attendance import add_observer, mark_absent, mark_present, record_leave
from meetings.services.decisions import decide_by_consensus, record_recommendation
from meetings.services.emergencies import record_emergency_handling
from meetings.services.minutes import approve_minutes
from meetings.services.notice import send_notice
from meetings.services.scheduling import create_meeting
from meetings.services.session import close_discussion, close_meeting, open_meeting, record_stance, recuse, take_up_item
from meetings.services.votes import cast_ballot, close_vote, open_vote

DEMO_COMMITTEES = ["云川市委", "临江区委", "青山县委", "桃源镇党委", "白石街道党工委", "柳溪镇党委", "桃源村党支部"]
CADENCE_COMMITTEES = ["临江区委", "桃源镇党委"]

TITLES = {
    MeetingKind.PLENARY: "全体会议",
    MeetingKind.STANDING: "常委会（班子）会议",
    MeetingKind.SECRETARY_OFFICE: "书记办公会",
    MeetingKind.FIVE_PERSON: "“五人小组”会议",
    MeetingKind.DEMOCRATIC_LIFE: "年度民主生活会",
    MeetingKind.CENTRAL_STUDY: "中心组理论学习",
    MeetingKind.BRIEFING: "碰头会",
    MeetingKind.CONGRESS: "党代会年会",
}
#: Each kind's agenda: its slots (a category and the titles it takes in turn). Every committee
#: starts at its own place in each list (``Demo.pick``), so the demo's meetings, decisions and the
#: supervision board read like different committees' work, not copies of one agenda.
ITEMS = {
    MeetingKind.PLENARY: [
        (
            AgendaCategory.IMPORTANT,
            [
                "审议上半年工作报告",
                "审议全面从严治党主体责任落实情况报告",
                "审议关于加强基层治理体系建设的实施意见",
                "审议年度党建工作要点",
                "审议关于推进乡村全面振兴的决定",
                "审议巡察整改工作情况报告",
            ],
        )
    ],
    MeetingKind.STANDING: [
        (
            AgendaCategory.LARGE_FUNDS,
            [
                "关于{next_year}年财政预算安排的议题",
                "关于拨付防汛抗旱专项资金的议题",
                "关于乡村振兴衔接资金使用计划的议题",
                "关于教育基础设施补短板资金安排的议题",
                "关于农村公路养护资金分配方案的议题",
                "关于基层党建经费保障方案的议题",
                "关于城乡医疗救助资金调剂的议题",
                "关于高标准农田建设资金安排的议题",
                "关于政府债务化解资金筹措方案的议题",
                "关于民生实事项目资金安排的议题",
                "关于村级集体经济发展扶持资金的议题",
                "关于消防救援装备购置资金的议题",
            ],
        ),
        (
            AgendaCategory.MAJOR_CONSTRUCTION,
            [
                "关于城区老旧小区改造项目的议题",
                "关于滨江大道改扩建工程的议题",
                "关于人民医院新院区建设项目的议题",
                "关于产业园区污水处理厂建设的议题",
                "关于农村饮水安全巩固提升工程的议题",
                "关于第二实验小学新建项目的议题",
                "关于农贸市场提质改造项目的议题",
                "关于江堤除险加固工程的议题",
                "关于公共租赁住房建设项目的议题",
                "关于便民服务中心建设项目的议题",
                "关于垃圾中转站建设项目的议题",
                "关于智慧停车场建设项目的议题",
            ],
        ),
        (
            AgendaCategory.PERSONNEL,
            [
                "关于干部任免的议题",
                "关于推荐提名科级领导干部人选的议题",
                "关于年轻干部交流任职的议题",
                "关于试用期满干部正式任职的议题",
                "关于选派驻村第一书记的议题",
                "关于事业单位领导班子调整的议题",
                "关于部分领导班子补缺配强的议题",
                "关于推荐优秀年轻干部人选的议题",
                "关于干部轮岗交流的议题",
                "关于推荐“两代表一委员”人选的议题",
                "关于公开遴选干部拟任人选的议题",
                "关于职级晋升人选的议题",
            ],
        ),
        (
            AgendaCategory.REPORT,
            [
                "通报近期安全生产工作",
                "通报信访维稳工作情况",
                "通报巡察反馈问题整改进展",
                "通报森林防火工作情况",
                "通报重点项目建设进度",
                "通报民生实事办理情况",
                "通报生态环保督察问题整改情况",
                "通报意识形态工作情况",
                "通报基层减负工作情况",
                "通报营商环境优化工作情况",
                "通报耕地保护和粮食安全工作",
                "通报食品药品安全工作情况",
            ],
        ),
    ],
    MeetingKind.SECRETARY_OFFICE: [
        (
            AgendaCategory.OTHER,
            [
                "酝酿常委会议题安排",
                "研究近期重点工作安排",
                "研究重大项目推进中的难点问题",
                "酝酿年度综合考核方案",
                "研究招商引资重点项目落地事宜",
                "酝酿全会筹备工作",
            ],
        )
    ],
    MeetingKind.FIVE_PERSON: [
        (
            AgendaCategory.PERSONNEL,
            [
                "酝酿科级干部调整人选",
                "酝酿后备干部推荐人选",
                "酝酿驻村工作队选派人选",
                "酝酿领导班子补缺人选",
                "酝酿干部交流轮岗方案",
                "酝酿年轻干部培养选拔人选",
            ],
        )
    ],
    MeetingKind.DEMOCRATIC_LIFE: [
        (
            AgendaCategory.OTHER,
            [
                "对照检查与批评和自我批评",
                "专题民主生活会对照检查",
                "巡察整改专题民主生活会对照检查",
                "通报上年度民主生活会整改落实情况",
            ],
        )
    ],
    MeetingKind.CENTRAL_STUDY: [
        (
            AgendaCategory.OTHER,
            [
                "专题学习党的建设理论",
                "专题学习党章党规党纪",
                "专题学习新时代“枫桥经验”",
                "专题学习乡村振兴战略",
                "专题学习意识形态工作责任制",
                "专题学习安全生产法律法规",
                "专题学习生态文明建设",
                "专题学习法治政府建设",
            ],
        )
    ],
    MeetingKind.BRIEFING: [
        (
            AgendaCategory.REPORT,
            [
                "通报本周重点工作",
                "碰头近期防汛值班安排",
                "碰头近期招商引资项目洽谈进展",
                "碰头近期群众来信来访办理情况",
                "碰头近期重大活动筹备工作",
                "碰头近期督查事项落实情况",
            ],
        )
    ],
    MeetingKind.CONGRESS: [
        (
            AgendaCategory.IMPORTANT,
            [
                "听取和审议党委工作报告",
                "审议代表提案办理情况报告",
                "听取和审议纪委工作报告",
                "审议党费收缴使用管理情况报告",
            ],
        )
    ],
}
#: The monthly standing committee meeting of the year's history: one report each, so the decisions
#: (and the supervision items S-1 makes of them) read like a year's work, not twelve copies.
MONTHLY_REPORTS = [
    "通报元旦春节期间安全生产和市场保供工作",
    "听取春季农业生产和春耕备耕情况汇报",
    "通报一季度经济运行情况",
    "听取基层党组织标准化建设推进情况汇报",
    "通报防汛抗旱准备工作",
    "听取上半年信访维稳工作情况汇报",
    "通报“七一”表彰和党员教育工作",
    "听取高温汛期安全生产检查情况汇报",
    "通报三季度经济运行和重点项目进度",
    "听取秋冬季森林防火工作部署情况汇报",
    "通报农村人居环境整治年度考核情况",
    "听取年度目标责任制考核准备工作汇报",
]
#: The briefings' topics, in turn (one a fortnight: the year's briefings rarely repeat one).
BRIEFING_TOPICS = [
    "通报本周重点工作",
    "碰头近期信访积案化解进度",
    "碰头重点项目征地拆迁进度",
    "通报安全生产隐患排查情况",
    "碰头乡村振兴示范点建设",
    "通报近期舆情和社会稳定情况",
    "碰头民生实事项目推进",
    "碰头春节期间值班值守安排",
    "碰头春耕备耕物资保障",
    "碰头清明节森林防火工作",
    "碰头“五一”假期旅游安全",
    "碰头汛前隐患排查进度",
    "碰头高考期间环境保障",
    "碰头主汛期防汛值守安排",
    "碰头“七一”主题党日活动安排",
    "碰头高温天气安全生产",
    "碰头秋季开学校园安全",
    "碰头中秋国庆节前廉政提醒",
    "碰头秋收秋种进度",
    "碰头秸秆禁烧巡查安排",
    "碰头冬季供暖保障",
    "碰头年度考核迎检准备",
    "碰头农民工工资清欠进度",
    "碰头冬春火灾防控",
    "碰头年终岁末走访慰问安排",
    "碰头基层党组织换届准备",
]
MATERIALS = {
    AgendaCategory.IMPORTANT: [AttachmentKind.INVESTIGATION],
    AgendaCategory.LARGE_FUNDS: [AttachmentKind.INVESTIGATION, AttachmentKind.ARGUMENTATION, AttachmentKind.ASSESSMENT],
    AgendaCategory.MAJOR_CONSTRUCTION: [AttachmentKind.INVESTIGATION, AttachmentKind.ARGUMENTATION],
}
HOURS = {MeetingKind.CENTRAL_STUDY: 4, MeetingKind.DEMOCRATIC_LIFE: 4, MeetingKind.BRIEFING: 1}


def login_of(person: Person):
    """The login ``person`` acts through in the demo: their account, or an inactive one without a
    password made for the demo (nobody signs in with it; it only names the author in history)."""
    if person.user_id is None:
        user, created = get_user_model().objects.get_or_create(
            username=f"demo-person-{person.pk}", defaults={"is_active": False}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        person.user = user
        acting(person, system_user()).save(update_fields=["user"])
    return person.user


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Demo:
    def __init__(self, committee: Committee, today: datetime.date, taken: collections.Counter | None = None):
        self.committee = committee
        self.today = today
        roles = roles_on(committee, today)
        self.secretary = rules.principal_leader(roles, today)
        self.office = next((a.person for a in roles if a.role == Role.OFFICE_STAFF), self.secretary)
        self.team = [a.person for a in rules.members_due(MeetingKind.STANDING, roles, today)]
        self.delegates = [a.person for a in roles if a.role == Role.DELEGATE]
        self.deputies = [a.person for a in roles if a.role == Role.DEPUTY_SECRETARY]
        self.version = current_rules(committee)
        #: The demo is loaded by the system; only the steps a rule reserves to a person (the
        #: principal leader approves, the chair approves the minutes, a voter casts a secret
        #: ballot) act through that person's login.
        self.actor = system_user()
        #: How many titles of each list the demo took so far (shared by the committees, so each
        #: takes the next ones), and how many working days this committee's meetings are moved by,
        #: so the committees do not all meet on the same days.
        self.taken = taken if taken is not None else collections.Counter()
        self.shift = DEMO_COMMITTEES.index(committee.name) % 3 if committee.name in DEMO_COMMITTEES else 0

    def pick(self, kind, category, titles: list[str]) -> str:
        """The list's next title: the demo's committees take its titles in turn."""
        taken = self.taken[kind, category]
        self.taken[kind, category] += 1
        return titles[taken % len(titles)].format(next_year=self.today.year + 1)

    def kinds(self):
        if self.committee.level == Level.BRANCH:
            return [MeetingKind.PLENARY, MeetingKind.STANDING, MeetingKind.DEMOCRATIC_LIFE, MeetingKind.CENTRAL_STUDY]
        return list(MeetingKind)

    def meeting(self, kind, day, hour=9, title=None) -> Meeting:
        start = at(day, hour)
        return create_meeting(
            committee=self.committee,
            kind=kind,
            title=title or f"{day.year}年{day.month}月{day.day}日{TITLES[kind]}",
            start_at=start,
            end_at=start + datetime.timedelta(hours=HOURS.get(kind, 3)),
            place="党委会议室",
            acting_user=self.actor,
        )

    def items(self, meeting: Meeting, *, approve=True, when=None, limit=None, categories=None, title=None):
        when = when or meeting.start_at - datetime.timedelta(days=10)
        due = [a.person for a in members_due(meeting)]
        made = []
        slots = [(c, titles) for c, titles in ITEMS[meeting.kind] if categories is None or c in categories][:limit]
        if title is not None:  # the year's regular meetings: one item under its own title
            chosen = [(title, category) for category, _titles in slots]
        else:
            chosen = [(self.pick(meeting.kind, category, titles), category) for category, titles in slots]
        for index, (title, category) in enumerate(chosen):
            in_charge = due[(index + 1) % len(due)] if len(due) > 1 else None
            item = add_item(
                committee=self.committee,
                meeting=meeting,
                title=title,
                category=category,
                description=f"{title}。由分管领导汇报，提请会议研究。",
                proposed_by=in_charge or self.secretary,
                member_in_charge=in_charge,
                acting_user=self.actor,
                at=when,
            )
            for kind in MATERIALS.get(category, []):
                add_attachment(
                    item,
                    file=ContentFile(f"{title}\n{kind}\n".encode(), name=f"{kind}.txt"),
                    kind=kind,
                    acting_user=self.actor,
                    at=when,
                )
            if approve:
                item = approve_item(item, acting_user=login_of(self.secretary), at=when)
            made.append(item)
        return made

    def notify(self, meeting: Meeting):
        sent = add_working_days(meeting.date, -2)
        return send_notice(meeting, acting_user=self.actor, at=at(min(sent, self.today), 10))

    def hold(self, meeting: Meeting, *, absent_without_leave=False, recusal=False):
        """Open, take the attendance, discuss every item (chair last), close."""
        start = meeting.start_at
        open_meeting(meeting, acting_user=self.actor, at=start)
        self.take_attendance(meeting, absent_without_leave=absent_without_leave)
        chair_id = meeting.chair_id
        present = [
            r.person
            for r in meeting.attendances.filter(role="member", status=AttendanceStatus.PRESENT).select_related("person")
        ]
        moment = start + datetime.timedelta(minutes=5)
        due_count = len(members_due(meeting))
        for item in (
            meeting.items.filter(status="approved").select_related("meeting__rule_set_version").order_by("position")
        ):
            if item.member_in_charge_id and item.member_in_charge not in present:
                # M-Q3: the member in charge is away; the special reason is recorded.
                item = update_item(
                    item, member_in_charge_absence_reason="外出学习，已委托书面汇报", acting_user=self.actor
                )
            keeps_quorum = rules.quorum(
                due=due_count,
                present_ids=[p.pk for p in present],
                recused_ids=[present[-1].pk],
                category=item.category,
                kind=meeting.kind,
                version=meeting.rule_set_version,
            ).may_proceed
            if recusal and item.category == AgendaCategory.PERSONNEL and keeps_quorum:
                recuse(
                    item,
                    person=present[-1],
                    reason=RecusalReason.RELATIVE,
                    details="与拟任人选有亲属关系",
                    acting_user=self.actor,
                    at=moment,
                )
            take_up_item(item, at=moment, acting_user=self.actor)
            recused = set(item.recusals.values_list("person_id", flat=True))
            speakers = sorted((p for p in present if p.pk not in recused), key=lambda p: p.pk == chair_id)
            for number, person in enumerate(speakers):
                stance = StanceChoice.DEFER if number == 1 and len(speakers) > 4 else StanceChoice.AGREE
                reason = "建议进一步论证资金来源" if stance == StanceChoice.DEFER else ""
                record_stance(item, person=person, stance=stance, reason=reason, acting_user=self.actor, at=moment)
            close_discussion(item, acting_user=self.actor, at=moment + datetime.timedelta(minutes=20))
            self.decide(item, list(speakers), moment + datetime.timedelta(minutes=25))
            moment += datetime.timedelta(minutes=30)
        close_meeting(meeting, acting_user=self.actor, at=meeting.end_at)
        minutes = meeting.minutes.get()
        if meeting.chair_id and meeting.kind in (MeetingKind.STANDING, MeetingKind.PLENARY):
            approve_minutes(
                minutes, acting_user=login_of(meeting.chair), at=meeting.end_at + datetime.timedelta(hours=2)
            )

    def take_attendance(self, meeting: Meeting, *, absent_without_leave: bool) -> None:
        """Everyone present but one member on approved leave (M-N4) – and, if asked, one absent
        without leave."""
        rows = list(meeting.attendances.filter(role="member").select_related("person"))
        chair_id = meeting.chair_id
        away = (
            [r for r in rows if r.person_id != chair_id and r.person not in self.deputies][-1:] if len(rows) > 5 else []
        )
        for row in rows:
            if row in away:
                approver_id = leave_approvers(
                    self.committee, meeting.kind, meeting.date, absent_person_id=row.person_id
                )[0]
                approver = Person.objects.get(pk=approver_id)
                record_leave(row, reason="外出学习", approved_by=approver, acting_user=self.actor, at=meeting.start_at)
            elif absent_without_leave and row is rows[-2]:
                mark_absent(row, acting_user=self.actor)
            else:
                mark_present(row, acting_user=self.actor)

    def decide(self, item, voters, moment):
        """M-V1..M-V7: vote where a vote is due (one member votes no), a recommendation at the
        bodies that do not decide, consensus for reports."""
        meeting = item.meeting
        if not rules.may_decide(meeting.kind, item.category):
            record_recommendation(item, text=f"建议提请常委会研究：{item.title}", acting_user=self.actor, at=moment)
            return
        if meeting.kind not in (MeetingKind.STANDING, MeetingKind.PLENARY, MeetingKind.SECRETARY_OFFICE):
            return
        if not rules.must_vote(item.category) and item.category in (AgendaCategory.REPORT, AgendaCategory.OTHER):
            decide_by_consensus(item, resolution=f"同意{item.title}", acting_user=self.actor, at=moment)
            return
        vote = open_vote(item, acting_user=self.actor, at=moment)
        for number, person in enumerate(voters):
            choice = VoteChoice.NO if number == 0 and len(voters) > 5 else VoteChoice.YES
            cast_ballot(
                vote, person=person, choice=choice, acting_user=login_of(person) if vote.is_secret else self.actor
            )
        close_vote(
            vote,
            acting_user=self.actor,
            at=moment,
            resolution=f"会议同意{item.title}",
            basis="经调查研究和集体讨论",
            responsible=[item.member_in_charge] if item.member_in_charge_id else [],
            supervision="由党委办公室督查，按月报告进展",
        )

    # ------------------------------------------------------------------ the demo

    def load(self):
        today = self.today
        kinds = self.kinds()
        # Past meetings of each kind, closed.
        for number, kind in enumerate(kinds):
            day = add_working_days(today, -(5 + 3 * number + self.shift))
            meeting = self.meeting(kind, day, hour=9 if number % 2 else 15)
            self.items(meeting)
            if kind in (MeetingKind.PLENARY, MeetingKind.STANDING):
                for delegate in self.delegates[:2]:
                    add_observer(meeting, kind=ObserverKind.DELEGATE, person=delegate, acting_user=self.actor)
            self.notify(meeting)
            self.hold(meeting, absent_without_leave=kind == MeetingKind.STANDING, recusal=True)
        # Today: notice sent, ready to open and run in the browser.
        meeting = self.meeting(
            MeetingKind.STANDING,
            today,
            hour=14,
            title=f"{today.year}年{today.month}月{today.day}日常委会（班子）会议（今日）",
        )
        self.items(meeting, when=at(add_working_days(today, -3), 9))
        for delegate in self.delegates[:2]:
            add_observer(meeting, kind=ObserverKind.DELEGATE, person=delegate, acting_user=self.actor)
        send_notice(meeting, acting_user=self.actor, at=at(add_working_days(today, -2), 10))
        # Next week: a draft with an item waiting for the secretary's approval (M-N2).
        meeting = self.meeting(MeetingKind.STANDING, add_working_days(today, 5 + self.shift))
        self.items(meeting, approve=False, when=at(today, 8))
        # Other upcoming meetings of each kind, notice sent where the calendar allows.
        for number, kind in enumerate(k for k in kinds if k != MeetingKind.STANDING):
            meeting = self.meeting(kind, add_working_days(today, 2 + number + self.shift), hour=15)
            self.items(meeting, when=at(today, 8))
            if number % 2 == 0:
                send_notice(meeting, acting_user=self.actor, at=at(today, 8))

    def load_year(self):
        """A year of regular meetings up to last week (M-C1..M-C3 cadence)."""
        today = self.today
        for month in range(1, today.month):
            day = add_working_days(datetime.date(today.year, month, 1), 6)
            self.plain(MeetingKind.STANDING, day, 9, title=MONTHLY_REPORTS[month - 1])
        # Briefings on the last working day that keeps the gap within the interval (holidays may
        # still make a gap too long: the cadence page shows it).
        interval = self.version.town_briefing_interval_days if self.committee.is_town_level else 14
        calendar = WorkingCalendar(range(today.year, today.year + 2))
        last = datetime.date(today.year, 1, 1) - datetime.timedelta(days=1)
        day = datetime.date(today.year, 1, 1)
        while day < today - datetime.timedelta(days=1):
            if calendar.is_working_day(day):
                following = day + datetime.timedelta(days=1)
                while not calendar.is_working_day(following):
                    following += datetime.timedelta(days=1)
                if (following - last).days > interval:
                    topic = self.pick(MeetingKind.BRIEFING, "topic", BRIEFING_TOPICS)
                    self.plain(MeetingKind.BRIEFING, day, 17, title=topic)
                    last = day
            day += datetime.timedelta(days=1)
        for month in (3, 6, 9):
            if month < today.month:
                self.plain(MeetingKind.CENTRAL_STUDY, add_working_days(datetime.date(today.year, month, 1), 9), 14)
        if today.month > 1:
            self.plain(MeetingKind.DEMOCRATIC_LIFE, add_working_days(datetime.date(today.year, 1, 15), 1), 9)

    def plain(self, kind, day, hour, title=None):
        """A regular meeting of the year's history: one item – at the standing committee the monthly
        report, decided by consensus (the detailed votes are in ``load``'s meetings); a notice always
        carries an agenda (M-N1)."""
        meeting = self.meeting(kind, day, hour)
        if kind == MeetingKind.STANDING:
            self.items(meeting, limit=1, categories={AgendaCategory.REPORT}, title=title)
        else:
            self.items(meeting, limit=1, title=title)
        self.notify(meeting)
        self.hold(meeting)

    def emergency(self):
        handled = at(add_working_days(self.today, -2), 3)
        handler = self.team[-1]
        record_emergency_handling(
            committee=self.committee,
            title="暴雨致江堤管涌险情处置",
            handled_by=handler,
            principal_consulted=self.secretary,
            consulted_at=handled - datetime.timedelta(minutes=20),
            handled_at=handled,
            actions="连夜组织转移低洼地带群众 320 人，调集抢险队伍封堵管涌。",
            acting_user=self.actor,
            now=timezone.now(),
        )


class Command(BaseCommand):
    help = "Load demo meetings of each kind for the demo committees (after seed_demo; idempotent)."

    def handle(self, *args, **options):
        committees = list(Committee.objects.filter(name__in=DEMO_COMMITTEES).order_by("level", "name"))
        if not committees:
            raise CommandError("Run `manage.py seed_demo` first.")
        if Meeting.objects.filter(committee__in=committees).exists():
            self.stdout.write("Demo meetings are already loaded.")
            return
        today = timezone.localdate()
        # Notices of the demo are recorded in the app; no e-mails are sent for them.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
            taken = collections.Counter()
            for committee in committees:
                demo = Demo(committee, today, taken)
                if committee.name in CADENCE_COMMITTEES:
                    demo.load_year()
                    demo.emergency()
                demo.load()
        count = Meeting.objects.filter(committee__in=committees).count()
        self.stdout.write(self.style.SUCCESS(f"Demo meetings loaded: {count}."))
