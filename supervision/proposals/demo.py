"""Demo data of delegates' proposals (M-C4), for ``seed_supervision_demo``: 临江区委's delegates
propose for the next annual session not yet begun – one accepted and handed over as a supervision
item, one waiting for the committee's decision, one converted into a suggestion."""

from __future__ import annotations

import datetime

from django.utils import timezone

from committees.actors import system_user
from committees.models import Committee, Person, Role, RoleAssignment

from . import services

#: (title, reasons, suggested measures, how far)
PROPOSALS = (
    (
        "关于加强村级后备干部队伍建设的提案",
        "部分村后备干部年龄偏大、数量不足，村两委换届人选储备薄弱。",
        "每村储备2名以上35岁以下后备干部，由区委组织部统一培训、跟踪管理。",
        "accepted",
    ),
    (
        "关于规范村级小微权力运行的提案",
        "个别村集体资产处置、工程项目发包程序不规范。",
        "制定村级小微权力清单，按季度公开运行情况。",
        "submitted",
    ),
    ("关于改善机关食堂伙食的建议", "机关食堂菜品单一。", "增加菜品种类。", "converted"),
)


def load(committee: Committee) -> int:
    """Returns the proposals made. The delegates act through the system user (no login needed)."""
    system = system_user()
    today = timezone.localdate()
    held = RoleAssignment.objects.on(today).filter(committee=committee, role=Role.DELEGATE)
    delegates = list(Person.objects.filter(pk__in=held.values("person_id")).order_by("pk"))
    if len(delegates) < 2:
        return 0
    made = 0
    for number, (title, reasons, suggestions, how_far) in enumerate(PROPOSALS):
        author = delegates[number % len(delegates)]
        cosigners = [d for d in delegates if d != author][:2]
        proposal = services.submit(
            committee=committee,
            title=title,
            reasons=reasons,
            suggestions=suggestions,
            cosigners=cosigners,
            acting_user=system,
            on_behalf_of=author,
        )
        made += 1
        if how_far == "accepted":
            services.accept(
                proposal,
                feedback_deadline=today + datetime.timedelta(days=90),
                unit_name="区委组织部",
                note="符合立案条件，交区委组织部办理",
                acting_user=system,
            )
        elif how_far == "converted":
            services.convert(proposal, note="属机关事务，转区委办公室作为意见建议研究", acting_user=system)
    return made
