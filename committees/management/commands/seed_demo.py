"""Load a realistic demo: a city → county/district → town/street → branch tree.

Every committee has a leadership team of 7–11 with a role history over two terms, a division
of work, staff and party-congress delegates; one login per kind of role. Re-running it keeps the
existing data and prints the accounts again.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction

from committees import services
from committees.actors import system_user
from committees.models import Committee, Level, Person, PortfolioArea, Role, RuleSet, Term
from committees.permissions import sync_all_permissions

DEFAULT_PASSWORD = "Dangwei-2026"  # noqa: S105 - demo logins, printed by the command  # nosec B105
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
    "卢姜崔钟谭陆汪范金石廖贾夏韦付方邹熊白孟秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = [
    "建国",
    "志强",
    "海燕",
    "秀英",
    "桂兰",
    "立新",
    "卫东",
    "晓明",
    "丽华",
    "文杰",
    "红梅",
    "春生",
    "永刚",
    "国庆",
    "小平",
    "玉兰",
    "德华",
    "振华",
    "建华",
    "淑珍",
    "家伟",
    "美玲",
    "光荣",
    "学军",
    "宏伟",
    "丽娟",
    "海涛",
    "俊峰",
    "晓燕",
    "宇航",
    "雪梅",
    "明远",
    "思源",
    "春燕",
    "正清",
    "勇",
    "敏",
    "静",
    "军",
    "磊",
    "洋",
    "艳",
    "杰",
    "涛",
    "斌",
    "伟",
    "芳",
    "丹",
    "平",
    "刚",
    "辉",
    "鹏",
    "霞",
    "娜",
]


@dataclass(frozen=True)
class Spec:
    key: str
    name: str
    level: str
    parent: str | None
    team_size: int
    positions: str  # how the secretary's post is written, e.g. 区委书记


TREE = [
    Spec("yc", "云川市委", Level.CITY, None, 11, "市委"),
    Spec("lj", "临江区委", Level.COUNTY, "yc", 9, "区委"),
    Spec("qs", "青山县委", Level.COUNTY, "yc", 9, "县委"),
    Spec("ty", "桃源镇党委", Level.TOWN, "lj", 9, "镇党委"),
    Spec("bs", "白石街道党工委", Level.STREET, "lj", 7, "街道党工委"),
    Spec("lx", "柳溪镇党委", Level.TOWN, "qs", 7, "镇党委"),
    Spec("tyc", "桃源村党支部", Level.BRANCH, "ty", 7, "村党支部"),
]

#: Logins: (username, committee key, role); the person holding that role gets the account.
ACCOUNTS = [
    ("lj-secretary", "lj", Role.SECRETARY),
    ("lj-deputy", "lj", Role.DEPUTY_SECRETARY),
    ("lj-org", "lj", Role.ORGANIZATION_MEMBER),
    ("lj-discipline", "lj", Role.DISCIPLINE_SECRETARY),
    ("lj-member", "lj", Role.MEMBER),
    ("lj-office", "lj", Role.OFFICE_STAFF),
    ("lj-inspector", "lj", Role.DISCIPLINE_INSPECTOR),
    ("lj-orgstaff", "lj", Role.ORGANIZATION_STAFF),
    ("lj-petition", "lj", Role.PETITION_STAFF),
    ("lj-delegate", "lj", Role.DELEGATE),
    ("yc-orgstaff", "yc", Role.ORGANIZATION_STAFF),
    ("yc-secretary", "yc", Role.SECRETARY),
    ("qs-secretary", "qs", Role.SECRETARY),
    ("ty-secretary", "ty", Role.SECRETARY),
    ("ty-office", "ty", Role.OFFICE_STAFF),
    ("tyc-secretary", "tyc", Role.SECRETARY),
]

TEAM_AREAS = [
    PortfolioArea.OVERALL,
    PortfolioArea.ECONOMY,
    PortfolioArea.ORGANIZATION,
    PortfolioArea.DISCIPLINE,
    PortfolioArea.PROPAGANDA,
    PortfolioArea.POLITICAL_LEGAL,
    PortfolioArea.AGRICULTURE,
    PortfolioArea.CONSTRUCTION,
    PortfolioArea.PETITIONS,
    PortfolioArea.SAFETY,
    PortfolioArea.UNITED_FRONT,
]
ROLE_POSITIONS = {
    Role.SECRETARY: "书记",
    Role.DEPUTY_SECRETARY: "副书记",
    Role.ORGANIZATION_MEMBER: "组织委员",
    Role.DISCIPLINE_SECRETARY: "纪委书记",
    Role.MEMBER: "委员",
    Role.OFFICE_STAFF: "党委办公室干部",
    Role.DISCIPLINE_INSPECTOR: "纪检监察干部",
    Role.ORGANIZATION_STAFF: "组织部干部",
    Role.PETITION_STAFF: "信访办干部",
    Role.DELEGATE: "党代表",
}


class Command(BaseCommand):
    help = "Load the demo committees, people, roles and logins (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="Password for every demo login.")
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, password: str, seed: int, **options):
        if Committee.objects.filter(name=TREE[0].name, parent=None).exists():
            self.stdout.write("Demo data is already loaded.")
        else:
            with transaction.atomic():
                self.load(random.Random(seed), password)  # nosec B311  # reproducible demo data, not secrets
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        self.print_accounts(password)

    def load(self, rng: random.Random, password: str) -> None:
        self.rng = rng
        self.actor = system_user()
        self.used_names: set[str] = set()
        rule_set = RuleSet.objects.get(is_default=True)
        town_rules = services.create_rule_set(
            name="乡镇党委规则（示例）",
            description=(
                "乡镇一级：表决通过须超过应到会成员半数；民主测评“不称职”“差”票达到三分之一即列入函询（002 第27条）。"
            ),
            evaluation_flag_strict=False,
            acting_user=self.actor,
        )
        committees: dict[str, Committee] = {}
        holders: dict[tuple[str, str], Person] = {}
        today = datetime.date.today()
        for spec in TREE:
            committee = services.create_committee(
                name=spec.name,
                level=spec.level,
                parent=committees.get(spec.parent),
                rule_set=rule_set if spec.parent is None else (town_rules if spec.key == "ty" else None),
                acting_user=self.actor,
            )
            committees[spec.key] = committee
            previous = Term.objects.create(
                committee=committee,
                number=13,
                start_date=datetime.date(2016, 9, 20),
                end_date=datetime.date(2021, 9, 19),
            )
            current = Term.objects.create(committee=committee, number=14, start_date=datetime.date(2021, 9, 20))
            self.load_team(spec, committee, previous, current, holders, today)
        User = get_user_model()
        admin, _created = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True}
        )
        # Every demo login has the same printed password: hash it once (PBKDF2 takes ~0.4 s a time).
        hashed = make_password(password)
        admin.is_staff = admin.is_superuser = True
        admin.password = hashed
        admin.save()
        for username, key, role in ACCOUNTS:
            person = holders[(key, role)]
            user = User(username=username, email=f"{username}@example.org", password=hashed)
            user.save()
            person.user = user
            person.email = user.email
            person.save(update_fields=["user", "email"])
        sync_all_permissions()

    def person(self, position: str) -> Person:
        while True:
            name = self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)
            if name not in self.used_names:
                self.used_names.add(name)
                break
        return Person.objects.create(
            name=name,
            gender=self.rng.choice(("male", "male", "female")),
            birth_date=datetime.date(self.rng.randint(1966, 1988), self.rng.randint(1, 12), self.rng.randint(1, 28)),
            position=position,
        )

    def load_team(self, spec: Spec, committee, previous: Term, current: Term, holders, today) -> None:
        members = spec.team_size
        deputies = 2 if members >= 9 else 1
        roles = [Role.SECRETARY] + [Role.DEPUTY_SECRETARY] * deputies
        roles += [Role.ORGANIZATION_MEMBER, Role.DISCIPLINE_SECRETARY]
        roles += [Role.MEMBER] * (members - len(roles))
        unit = spec.positions
        for index, role in enumerate(roles):
            person = self.person(f"{unit}{ROLE_POSITIONS[role]}")
            start = current.start_date
            if index % 3 == 1:
                # Some members served the previous term too: one tenure, two assignments.
                services.assign_role(
                    person=person,
                    committee=committee,
                    role=role,
                    start_date=previous.start_date,
                    end_date=previous.end_date,
                    term=previous,
                    acting_user=self.actor,
                )
            elif role != Role.SECRETARY:
                predecessor = self.person(f"原{unit}{ROLE_POSITIONS[role]}")
                services.assign_role(
                    person=predecessor,
                    committee=committee,
                    role=role,
                    start_date=previous.start_date,
                    end_date=previous.end_date,
                    term=previous,
                    acting_user=self.actor,
                )
            if role == Role.SECRETARY:
                predecessor = self.person(f"原{unit}书记")
                # The town secretary was replaced after 3 years: the O-2 warning shows on the page.
                early_end = (
                    datetime.date(2019, 9, 19) if spec.level == Level.TOWN and spec.key == "ty" else previous.end_date
                )
                services.assign_role(
                    person=predecessor,
                    committee=committee,
                    role=role,
                    start_date=previous.start_date,
                    end_date=early_end,
                    term=previous,
                    acting_user=self.actor,
                )
                if early_end != previous.end_date:
                    interim = self.person(f"{unit}书记")
                    services.assign_role(
                        person=interim,
                        committee=committee,
                        role=role,
                        start_date=early_end + datetime.timedelta(days=1),
                        end_date=previous.end_date,
                        term=previous,
                        acting_user=self.actor,
                    )
            services.assign_role(
                person=person, committee=committee, role=role, start_date=start, term=current, acting_user=self.actor
            )
            holders.setdefault((spec.key, role), person)
            services.set_portfolio(
                person=person,
                committee=committee,
                area=TEAM_AREAS[index % len(TEAM_AREAS)],
                start_date=start,
                acting_user=self.actor,
            )
        for role in (Role.OFFICE_STAFF, Role.DISCIPLINE_INSPECTOR, Role.ORGANIZATION_STAFF, Role.PETITION_STAFF):
            if spec.level == Level.BRANCH:
                break
            person = self.person(f"{unit}{ROLE_POSITIONS[role]}")
            services.assign_role(
                person=person,
                committee=committee,
                role=role,
                start_date=datetime.date(2022, 3, 1),
                acting_user=self.actor,
            )
            holders.setdefault((spec.key, role), person)
        for _number in range(3 if spec.level != Level.BRANCH else 0):
            person = self.person(
                f"{spec.name.removesuffix('党工委').removesuffix('党委').removesuffix('委')}党代会代表"
            )
            services.assign_role(
                person=person,
                committee=committee,
                role=Role.DELEGATE,
                start_date=current.start_date,
                acting_user=self.actor,
            )
            holders.setdefault((spec.key, Role.DELEGATE), person)

    def print_accounts(self, password: str) -> None:
        User = get_user_model()
        self.stdout.write("")
        self.stdout.write(f"{'login':<16} {'password':<14} who")
        self.stdout.write(f"{'admin':<16} {password:<14} superuser (sees every committee)")
        users = {
            u.username: u for u in User.objects.filter(username__in=[a[0] for a in ACCOUNTS]).select_related("person")
        }
        for username, key, role in ACCOUNTS:
            user = users.get(username)
            spec = next(s for s in TREE if s.key == key)
            who = f"{user.person.name if user and hasattr(user, 'person') else '?'}, {spec.name} {Role(role).label}"
            self.stdout.write(f"{username:<16} {password:<14} {who}")
