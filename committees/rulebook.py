"""The rulebook the system enforces: every rule id with its section, how the system treats it and
what it says (in English). The Chinese article each rule is drawn from is in ``articles.py``.

``docs/RULES.md`` is generated from this module, ``articles.py`` and the rule-set fields
(``manage.py rulebook``); a test keeps it current. Pure Python: no Django imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: How the system must treat a rule.
TREATMENTS = ("block", "warn", "compute", "remind")


@dataclass(frozen=True)
class Rule:
    rule_id: str
    section: str
    statement: str

    @property
    def treatments(self) -> tuple[str, ...]:
        """The treatments the statement names (``**block**`` …), in rulebook order; a section
        heading may name them for all its rules ("Quorum (M-Q) – compute + block")."""
        named = set(re.findall(r"\*\*(block|warn|compute|remind)\*\*", self.statement))
        named |= set(re.findall(r"\b(block|warn|compute|remind)\b", self.section.partition("–")[2]))
        return tuple(t for t in TREATMENTS if t in named)

    @property
    def plain_statement(self) -> str:
        """The statement without Markdown emphasis."""
        return self.statement.replace("**", "")


_RULES: tuple[Rule, ...] = (
    Rule(
        "O-1",
        "1. Organisations, people, terms",
        "Committees form a tree: city → county/district → town/street → branch (支部). A committee reports to its parent (上级党委), which approves some of its actions (leave of its secretary, L-4; postponement of a democratic life meeting, DL-2). (all seeds)",
    ),
    Rule(
        "O-2",
        "1. Organisations, people, terms",
        "A member holds roles on a committee for a term (届期), with start and end dates; history of who held which role when must be kept (decisions, leave chains and responsibility depend on it). Town secretaries normally serve two full terms (002 §7) – **warn** when replaced earlier.",
    ),
    Rule(
        "O-3",
        "1. Organisations, people, terms",
        "Division of work (分工): each member is in charge of areas (economy, personnel, petitions …). The member in charge of an agenda item's area must attend (M-Q3) and leads its implementation.",
    ),
    Rule(
        "O-4",
        "1. Organisations, people, terms",
        "The five-person group = secretary, deputy secretaries, organisation member, discipline secretary (003 五人小组 §1).",
    ),
    Rule(
        "O-5",
        "1. Organisations, people, terms",
        'Delegates of the party congress are invited as observers (列席) to plenaries, standing committee meetings and other important meetings, "in planned numbers and frequency" (000, 004). Observers never count for quorum or votes.',
    ),
    Rule(
        "M-N1",
        "Notice and agenda (M-N)",
        "**block**: the notice (agenda + materials) of a leadership-team meeting reaches every member **at least 1 working day** before it (003 议事决策规则 第七条(二)); materials for major matters **1–2 days** before (003 重大事项决策制度 三(二)). Personnel items are exempt from sending materials in advance. Working days follow the official Chinese calendar, including adjusted working weekends (调休) – holidays must be maintainable by an administrator. Precisely: with N working days required, the notice must be sent no later than the end of the N-th working day before the meeting's date. N = 1: sent on Friday for a Monday meeting – fine; sent on the Sunday before – refused (unless that Sunday is an adjusted working day); sent on the last working day before National Day for a meeting on the first working day after it – fine; sent during the holiday – refused; sent on the meeting day – refused.",
    ),
    Rule(
        "M-N2",
        "Notice and agenda (M-N)",
        "Every agenda item is proposed by a member, or by a department with the consent of the member in charge; the party office collects items and the principal leader approves the agenda (003 重大事项决策制度 三(一)). **block** an unapproved item from being decided.",
    ),
    Rule(
        "M-N3",
        "Notice and agenda (M-N)",
        "**block** deciding an important matter that was not on the notified agenda (不准临时动议决定 重要事项, 003 第十二条(三)). Emergencies follow M-E.",
    ),
    Rule(
        "M-N4",
        "Notice and agenda (M-N)",
        "Members who cannot attend ask leave in advance (请假) – to the secretary for secretary office meetings, to the deputy secretary for the five-person group (003); **warn** on absence without leave (不准无故缺席, 003 第十二条(五)).",
    ),
    Rule(
        "M-N5",
        "Notice and agenda (M-N)",
        "Before an item is tabled it has been investigated; major construction / large funds need expert argumentation and an assessment report; some items need 2+ alternative proposals (003 第五条, 001 调查研究制度(三), 决策咨询制度). The system keeps these as attachments of the item and **warns** when a major item has none.",
    ),
    Rule(
        "M-Q1",
        "Quorum (M-Q) – compute + block",
        "A leadership-team (standing committee) meeting on important matters may only be held when **more than half** of its members attend (半数以上到会) (003 第六条).",
    ),
    Rule(
        "M-Q2",
        "Quorum (M-Q) – compute + block",
        "For cadre/personnel matters **two-thirds or more** must attend (三分之二以上) (003 第六条).",
    ),
    Rule(
        "M-Q3",
        "Quorum (M-Q) – compute + block",
        "The member in charge of the item must attend unless there are special circumstances (recorded reason) (003 第六条).",
    ),
    Rule(
        "M-Q4",
        "Quorum (M-Q) – compute + block",
        "Secretary office meeting: more than half of those due (secretary + deputies) (003 书记办公会 11).",
    ),
    Rule(
        "M-Q5",
        "Quorum (M-Q) – compute + block",
        "Five-person group: **at least 4** members present (003 五人小组 四.2).",
    ),
    Rule(
        "M-Q6",
        "Quorum (M-Q) – compute + block",
        "Quorum is evaluated per agenda item at the time it is decided (people leave; recused members do not count as present for that item – document the choice in the rule set).",
    ),
    Rule(
        "M-D1",
        "Discussion (M-D)",
        "Each attendee states a clear stance on each item: agree / disagree / defer (同意、不同意、缓议) (003 第七条(三)); the reasons are recorded (003 重大事项 一(三)).",
    ),
    Rule(
        "M-D2",
        "Discussion (M-D)",
        "The principal leader states their own stance **last**, after hearing all others (003 第七条(三)). **block** recording the chair's stance before the others'.",
    ),
    Rule(
        "M-D3",
        "Discussion (M-D)",
        'Absent members may submit a **written opinion** before the meeting; it is read and recorded, and counts when judging whether opinions are "close" (M-V5), but **never as a vote** (003 第七条(五)).',
    ),
    Rule(
        "M-D4",
        "Discussion (M-D)",
        "Recusal (回避): a member related to the matter (self, relatives, conflict) must withdraw from discussion and vote on it (003 第七条(四), 重大事项 三(五)).",
    ),
    Rule(
        "M-V1", "Voting and outcome (M-V)", "Several matters are voted on **one by one** (逐项表决) (003 第七条(四))."
    ),
    Rule(
        "M-V2",
        "Voting and outcome (M-V)",
        "Vote methods: oral, show of hands, secret ballot, named ballot. Defaults by category (003 第七条(四)): major decisions, major construction, large funds → **named ballot**; recommending/nominating/appointing/removing/rewarding/punishing cadres → **secret ballot**.",
    ),
    Rule(
        "M-V3",
        "Voting and outcome (M-V)",
        "Categories that **must** be put to a vote (no consensus-only decision): personnel, large funds, demolition (拆迁), resettlement (安置), major construction (003 重大事项 三(三)).",
    ),
    Rule(
        "M-V4",
        "Voting and outcome (M-V)",
        "**compute**: a motion passes when YES votes are **more than half of the members who should attend** (应到会成员人数的半数) – not of those present (003 第七条(五)). Written opinions are not votes. (Example: 9 members due, 6 present, 4 yes 2 no → fails: 4 ≤ 4.5.)",
    ),
    Rule(
        "M-V5",
        "Voting and outcome (M-V)",
        'When support and opposition (including absent members\' written opinions) are close, the vote is **deferred** (暂缓表决) to a later meeting for more investigation, unless it is an emergency, when the majority opinion is executed (003 第七条(四)). "Close" is a rule-set parameter (default: the difference is at most 1). Deferral creates a follow-up item.',
    ),
    Rule(
        "M-V6",
        "Voting and outcome (M-V)",
        "Secret ballots must be **anonymous**: nobody, including administrators and the audit history, can link a ballot to a voter; the system only records *that* a member voted.",
    ),
    Rule(
        "M-V7",
        "Voting and outcome (M-V)",
        "Secretary office meetings and the five-person group are **not decision bodies**: they may prepare, coordinate and deliberate, but **block** recording a binding decision on an important matter there; on disagreement the item is deferred (003 书记办公会 一、12; 五人小组 二、四.3).",
    ),
    Rule(
        "M-V8",
        "Voting and outcome (M-V)",
        "A decision binds everyone; dissent is recorded as a reservation and may be reported upward, but does not suspend execution (003 第十一条, 重大事项 四(四)).",
    ),
    Rule(
        "M-V9",
        "Voting and outcome (M-V)",
        "A decision can only be changed by the same body re-deliberating it (复议), which creates a new decision that supersedes the old one; the old one stays readable (003 重大事项 四(五)).",
    ),
    Rule(
        "M-V10",
        "Voting and outcome (M-V)",
        "A decision on a matter in scope that skipped this procedure is **invalid** and must be re-deliberated (003 第十四条(一)) – the system marks it invalid with a reason.",
    ),
    Rule(
        "M-E1",
        "Emergencies (M-E)",
        "In a major emergency, when a meeting cannot be convened, a member handles it after consulting the principal leaders (临机处置) and **reports to the team afterwards** (003 第八条; 书记办公会 6). **remind** until the after-report is tabled at the next meeting.",
    ),
    Rule(
        "M-M1",
        "Minutes and archive (M-M)",
        "A designated person takes the record (deputy secretary for secretary office meetings, organisation member for the five-person group) (003).",
    ),
    Rule(
        "M-M2",
        "Minutes and archive (M-M)",
        "Minutes (会议纪要) are numbered in an **independent sequence per year** per committee (e.g. `〔2026〕第7号`), gapless and never reused (003 第九条).",
    ),
    Rule(
        "M-M3",
        "Minutes and archive (M-M)",
        'Minutes record, for each item: the discussion, the vote (method, counts; for named ballots the names), the resolution, its basis and reasons, who implements it and how it is supervised (003 第九条). Confidential items (personnel) are kept out of the distributed minutes (003 第九条 "特殊保密需要的议题(如人事任免事项)外").',
    ),
    Rule(
        "M-M4",
        "Minutes and archive (M-M)",
        "Minutes of important matters go to members, the departments concerned, and the leader in charge at the higher level (003 第九条): distribution list with acknowledgement.",
    ),
    Rule(
        "M-M5",
        "Minutes and archive (M-M)",
        "The archive (notice, agenda, supporting materials, original record, minutes) is kept **permanently** – never hard-deleted (003 第十条).",
    ),
    Rule(
        "M-M6",
        "Minutes and archive (M-M)",
        "Decisions are published (机关干部会议、政务公开栏) except confidential ones (003 第七条(六)); plenary/standing-committee resolutions are circulated after the meeting (001 通报沟通(七)).",
    ),
    Rule(
        "M-M7",
        "Minutes and archive (M-M)",
        "Everyone must keep confidential discussions confidential (003 第十二条(七)): access to records follows roles; every read of confidential records is logged.",
    ),
    Rule(
        "M-C1",
        "Cadence (M-C) – remind",
        "Standing committee: monthly regular meeting; briefing every half month; reports to the plenary every half year (001 通报沟通). Town: weekly Friday briefing (003 沟通协调 三).",
    ),
    Rule(
        "M-C2",
        "Cadence (M-C) – remind",
        "Central study group: at least once a quarter and 12 days a year (000); at least 4 hours a week for town committees (002 §2). Track attendance and hours per member.",
    ),
    Rule("M-C3", "Cadence (M-C) – remind", "Democratic life meeting: at least once a year (002 §11, 003); see DL."),
    Rule(
        "M-C4",
        "Cadence (M-C) – remind",
        "Party congress annual session (004); delegates' proposals (提案) tracked like supervision items.",
    ),
    Rule(
        "M-C5",
        "Cadence (M-C) – remind",
        "Party branches report to the town committee every quarter (003 请示报告 八); party members report every two months; members away over 3 months report quarterly in writing (003 请示报告 三).",
    ),
    Rule(
        "DL-1",
        "Democratic life meeting (DL)",
        "Held yearly on a set theme; opinions collected beforehand; members talk to each other before it; absentees ask leave in advance (002 §11, 003).",
    ),
    Rule(
        "DL-2",
        "Democratic life meeting (DL)",
        "**block** postponing it without the approval of the higher-level committee (003 三).",
    ),
    Rule(
        "DL-3",
        "Democratic life meeting (DL)",
        "Rectification measures for problems found: within **one month** (003 六) – remind.",
    ),
    Rule(
        "DL-4",
        "Democratic life meeting (DL)",
        "A written report goes to the higher-level committee and the discipline body after the meeting (003 七) – remind.",
    ),
    Rule(
        "L-1",
        "3. Leave and travel (L)",
        "Every absence of a team member – for business or private reasons, travel outside the jurisdiction, abroad – goes through the system (001 监督制度(四)).",
    ),
    Rule(
        "L-2",
        "3. Leave and travel (L)",
        "Trips out: report **3 days ahead** to the principal leader, generally (001 (四)2). Private trips need a leave request.",
    ),
    Rule(
        "L-3",
        "3. Leave and travel (L)",
        "Approval chain for a team member (other than the principal) of a county committee (001 (四)2), all defaults of the rule set: - up to **3 days**: the principal leader of the same committee approves; - up to **7 days**: the principal leader approves, then it is **filed** (备案) with the parent committee's organisation department; - **8 days or more**: the principal leader agrees, the parent committee's leader in charge approves, and it is filed with the parent's organisation department.",
    ),
    Rule(
        "L-4",
        "3. Leave and travel (L)",
        "The principal leader's own trips are reported to, and private leave approved by, the parent committee's principal leader, and filed with its organisation department (001 (四)2).",
    ),
    Rule(
        "L-5",
        "3. Leave and travel (L)",
        "Going abroad (出国(境)), business or private: prior consent of the principal leader (for the principal: of the parent's principal) before any passport or political review step (001 (四)1).",
    ),
    Rule(
        "L-6",
        "3. Leave and travel (L)",
        "Town rule: out for business, meetings or training for **more than 1 day** → report to the principal leaders, and report back (销假) with a short briefing on return (003 沟通协调 五).",
    ),
    Rule(
        "L-7",
        "3. Leave and travel (L)",
        "Uniform printable leave/report form showing reason, dates, and each approver's signed annotation (001 (四)3).",
    ),
    Rule(
        "L-8",
        "3. Leave and travel (L)",
        "Every half year the committee sends the parent's organisation department a summary of all members' trips and leave (001 (四)3) – generated report, remind.",
    ),
    Rule(
        "L-9",
        "3. Leave and travel (L)",
        "Town cadres must stay in town at least **22 days a month** (trips on duty count); holiday duty rota with one principal leader always on duty (002 §14) – computed from leave records, warn.",
    ),
    Rule(
        "S-1",
        "4. Supervision of implementation (S) – 督查督办",
        'Sources: committee decisions, higher-level instructions, leaders\' written instructions (批示), meeting resolutions, media criticism, 民情信箱 mailbox, petitions, institutional rules (003 督促检查 一). Every standing-committee decision is supervised by the member in charge: "件件有督查,事事有结果" (001 督查督办(二)).',
    ),
    Rule(
        "S-2",
        "4. Supervision of implementation (S) – 督查督办",
        "Workflow (003 督促检查 三): **registered** (立项登记: matter, basis, requirements, undertaking unit, feedback deadline → 《督查事项拟办呈批表》) → **approved** by the principal leader → **assigned** (交办, 《督查通报》 to the undertaking unit) → **urged / in progress** (催办: the office follows progress and records each contact) → **feedback** (the unit reports in writing by the deadline; if not finished it explains why and keeps sending progress reports until done; the office reviews, and may **reject** with opinions and a new deadline) → **closed & archived** (办结归档, with the closing report; if the principal leader writes an instruction, it is handled before archiving).",
    ),
    Rule(
        "S-3",
        "4. Supervision of implementation (S) – 督查督办",
        "Problems found → the unit writes a rectification report within **7 days** (003 五.1) – remind.",
    ),
    Rule(
        "S-4",
        "4. Supervision of implementation (S) – 督查督办",
        "Failing inspection **twice in a row** (or more) → the leader in charge, the department head and the person concerned lose eligibility for that year's awards (003 五.3) – compute.",
    ),
    Rule(
        "S-5",
        "4. Supervision of implementation (S) – 督查督办",
        "Duplicate inspections of the same unit should be merged (001 (五)) – warn on overlap.",
    ),
    Rule(
        "S-6",
        "4. Supervision of implementation (S) – 督查督办",
        "Results are reported back to the committee or leader who assigned them, with measures, effects, opinions and remaining problems (001 (六)).",
    ),
    Rule(
        "A-1",
        "5. Oversight and accountability (A)",
        "Accountability principles: facts, every fault pursued, penalty proportionate, education combined (001 责任追究(一)).",
    ),
    Rule(
        "A-2",
        "5. Oversight and accountability (A)",
        'Grounds (001 责任追究(二)) – the 11 listed cases, e.g. deciding without the procedure; failing a supervision item or a leader\'s instruction on time; not reporting an emergency in time; not handling petitions as required; falsification; rated "poor"/"incompetent" annually; plus 003 重大事项 五(二) cases 1–8 (individual decision on a collective matter, not reporting an emergency decision afterwards, …). Cases can be opened from a failed supervision item, an overdue emergency report, an overdue petition, or an invalid decision (link them).',
    ),
    Rule(
        "A-3",
        "5. Oversight and accountability (A)",
        "Responsibility split: principal leader vs leader in charge, **main** vs **secondary** responsibility, by whose work fell short (001 (三)).",
    ),
    Rule(
        "A-4",
        "5. Oversight and accountability (A)",
        'Sanctions on a **team**: collective admonishment talk, circulated criticism, loss of the year\'s awards, team rated "poor", organisational handling (5). On an **individual**: admonishment talk, written self-examination, circulated criticism, loss of the year\'s awards, rated "incompetent", organisational handling, party-discipline sanction (7). Single or combined (001 (四)(五)). Criminal matters are referred to judicial organs (001 (六)).',
    ),
    Rule(
        "A-5",
        "5. Oversight and accountability (A)",
        "Mitigation: found and corrected by oneself without major loss → lighter, reduced or no pursuit (001 (七)).",
    ),
    Rule(
        "A-6",
        "5. Oversight and accountability (A)",
        "Admonishment talk for minor problems needing no sanction; if not corrected → criticism and organisational handling (001 监督制度(二)).",
    ),
    Rule(
        "A-7",
        "5. Oversight and accountability (A)",
        "Written inquiry (函询): to the cadre (or to the head for a collective problem); if unclear → a second inquiry; **no reply or refusal → organisational handling** (001 (三)). Reply deadline is a rule-set parameter – remind.",
    ),
    Rule(
        "A-8",
        "5. Oversight and accountability (A)",
        'Democratic evaluation (民主测评): anonymous. If "incompetent" or "poor" votes are **more than one-third of valid votes** (001 (一)) – or **one-third or more** (002 §27), per rule set – the cadre is flagged for inquiry / admonishment. Problems found are fed back with a deadline.',
    ),
    Rule(
        "A-9",
        "5. Oversight and accountability (A)",
        "Annual ethics/duty/integrity report (述德述职述廉) at year end by every team member, followed by an anonymous evaluation whose results feed the democratic life meeting (003).",
    ),
    Rule(
        "A-10",
        "5. Oversight and accountability (A)",
        "Village-level: weak/lax village teams at 10–20% → the town team is criticised; still not improved next year → admonishment or adjustment; over 20% → adjustment or demotion (002 §25). Town ranked last in the annual assessment → criticism; 2 years running → admonishment; 3 years → adjustment (002 §26).",
    ),
    Rule(
        "R-1",
        "6. Reports with deadlines (R)",
        "**Emergency report**: sudden public incidents are reported to the higher-level committee **within 2 hours** (001 定期报告(二)). The clock starts at the time the incident became known (recorded). Reminders before expiry, escalation to the principal leader and the parent committee after it; an overdue report opens an accountability ground (A-2).",
    ),
    Rule(
        "R-2",
        "6. Reports with deadlines (R)",
        "**Personal matters** (003 个人有关事项报告): leading cadres report, **within 30 days after the event**, changes in: own marriage; holding of private passports; private trips abroad; children marrying foreigners / stateless persons; children marrying Hong Kong, Macao or Taiwan residents; spouse/children emigrating; spouse/children's employment (incl. abroad); spouse/ children under criminal investigation (8 kinds, 第三条); and income, real estate, investments, securities, spouse's/children's businesses (6 kinds, 第四条). New cadres report within 30 days of becoming subject; resigning cadres report with the resignation (第六条). A late report with a special reason is filed after the reason ends, with an explanation (第五条). Not reporting on time, untruthfully, concealing, or ignoring the organisation's reply → handling (第八条). These reports are **private**: only the cadre and the organisation department see them.",
    ),
    Rule(
        "R-3",
        "6. Reports with deadlines (R)",
        "**Family events** (003 婚丧嫁娶): weddings and other events declared **10 days before**, with reason, time, place, number of guests and standard; a funeral is reported orally or in writing before it, and an oral report is followed by the written form **within 10 days after**. Prohibited circumstances (guests from managed units, gifts from non-relatives, public cars …) are a checklist the declarer confirms.",
    ),
    Rule(
        "R-4",
        "6. Reports with deadlines (R)",
        "Party groups of the people's congress, government and CPPCC report to the standing committee **every quarter** (001 定期报告(五)); mid-year and year-end written reports on the annual work points (001 (六)).",
    ),
    Rule(
        "R-5",
        "6. Reports with deadlines (R)",
        "Half-yearly leave summary (L-8); democratic life meeting report (DL-4).",
    ),
    Rule(
        "P-1",
        "7. Petitions (P) – 信访 / 接访",
        "Reception types: scheduled reception at a fixed place, appointment for hard or repeated cases, on-site visits (003 接待群众来访 一).",
    ),
    Rule(
        "P-2",
        "7. Petitions (P) – 信访 / 接访",
        "Every visit is recorded; the receiving leader writes an instruction; the case is transferred to the responsible unit (003 四).",
    ),
    Rule(
        "P-3",
        "7. Petitions (P) – 信访 / 接访",
        "Cases that can be handled at once are answered at once; otherwise **completed and answered within 60 days**; complex cases may be extended **by at most 30 days**, and the petitioner must be told the reason for the extension (003 四) – remind, block a second or longer extension.",
    ),
    Rule(
        "P-4",
        "7. Petitions (P) – 信访 / 接访",
        "The committee hears a report on petition work **every month** (003 五) – generated report.",
    ),
    Rule(
        "P-5",
        "7. Petitions (P) – 信访 / 接访",
        "Several people with the same request choose representatives, normally **at most 5** (003 社情民意 第十六条) – block more than the rule-set limit.",
    ),
    Rule(
        "X-1",
        "8. Other work systems (lower priority, same patterns)",
        "Public opinion (社情民意): collected by villages/units, verified, sent to the party office, analysed, and feedback given on adoption (003 社情民意 第十八–二十一条).",
    ),
    Rule(
        "X-2",
        "8. Other work systems (lower priority, same patterns)",
        "Party-affairs openness assessment: 100-point score → excellent / good / pass / fail, at least two routine checks a year plus a year-end one; excellent +20%, good +10%, fail −20% on the annual assessment (003 党务公开 第十–十四条).",
    ),
    Rule(
        "X-3",
        "8. Other work systems (lower priority, same patterns)",
        'Talks (谈心谈话): the principal leader talks with each team member at least twice a year; team members with their department heads 2–3 times a year; department heads with staff 1–2 times a quarter; "seven must-talk" triggers (job change, award or sanction, difficulty, disagreement, integrity complaint, on request, retirement) (003 谈心谈话 二).',
    ),
    Rule(
        "X-4",
        "8. Other work systems (lower priority, same patterns)",
        "Requested interviews (约谈): scheduled 1–2 days a month, recorded, with a handling card (003).",
    ),
    Rule(
        "X-5",
        "8. Other work systems (lower priority, same patterns)",
        "Daily work log (工作日清): every team member submits the day's summary and the next day's plan before the end of each working day (003 工作日清).",
    ),
    Rule(
        "X-6",
        "8. Other work systems (lower priority, same patterns)",
        "Grassroots time: city standing members at least **90 days a year** of grassroots research (000); district standing members at least 15 days a year in villages (002 §33); the town secretary at least 1 month a year in a backward village and at least 6 branch/villager meetings a year (002 §15); each standing member 1–2 research topics and reports a year (001 调查研究).",
    ),
)

RULES: dict[str, Rule] = {rule.rule_id: rule for rule in _RULES}

#: Where the code enforces each rule: dotted paths of the functions, classes or modules whose
#: docstring names the rule (a test imports each and checks that it does; docs/RULES.md links them).
#: The X rules (other work systems) are not built yet.
IMPLEMENTED_IN: dict[str, tuple[str, ...]] = {
    "O-1": ("committees.models.Committee", "supervision.selectors.case_reading_committees"),
    "O-2": ("committees.rules.EarlyReplacement", "committees.rules.secretary_replaced_early"),
    "O-3": ("committees.services.set_portfolio", "committees.models.Portfolio"),
    "O-4": ("committees.rules.five_person_group", "meetings.rules.members_due"),
    "O-5": ("meetings.rules.present_members", "meetings.rules.may_vote_refusal"),
    "M-N1": ("meetings.rules.notice_deadline", "meetings.rules.notice_timing"),
    "M-N2": ("meetings.services.agenda.approve_item", "meetings.services.session.check_decidable"),
    "M-N3": ("meetings.services.session.check_decidable", "meetings.services.notice.send_amendment_notice"),
    "M-N4": ("meetings.rules.leave_approvers",),
    "M-N5": ("meetings.rules.attachment_warnings", "meetings.services.agenda.add_attachment"),
    "M-Q1": ("meetings.rules.quorum", "meetings.services.session.take_up_item"),
    "M-Q2": ("meetings.rules.quorum",),
    "M-Q3": ("meetings.rules.quorum", "meetings.services.session.take_up_item"),
    "M-Q4": ("meetings.rules.members_due", "meetings.rules.quorum"),
    "M-Q5": ("meetings.rules.quorum", "meetings.services.session.take_up_item"),
    "M-Q6": ("meetings.rules.QuorumResult", "meetings.rules.present_members"),
    "M-D1": ("meetings.services.session.record_stance", "meetings.services.session.close_discussion"),
    "M-D2": ("meetings.rules.stances_pending_before_chair", "meetings.services.session.record_stance"),
    "M-D3": ("meetings.rules.may_vote_refusal", "meetings.rules.tally"),
    "M-D4": ("meetings.rules.may_vote_refusal", "meetings.rules.tally"),
    "M-V1": ("meetings.services.votes.open_vote", "meetings.models.Vote"),
    "M-V2": ("meetings.rules.default_method", "meetings.rules.method_change_refusal"),
    "M-V3": ("meetings.rules.must_vote", "meetings.services.decisions.decide_by_consensus"),
    "M-V4": ("meetings.rules.Outcome", "meetings.rules.may_vote_refusal"),
    "M-V5": ("meetings.rules.Outcome", "meetings.rules.tally"),
    "M-V6": ("meetings.ballot_seal", "meetings.services.votes.cast_ballot"),
    "M-V7": ("meetings.rules.may_decide", "meetings.services.decisions.record_recommendation"),
    "M-V8": ("meetings.services.decisions.add_reservation", "meetings.services.decisions.record_decision"),
    "M-V9": ("meetings.rules.decision_body", "meetings.services.decisions.table_redeliberation"),
    "M-V10": ("meetings.services.decisions.invalidate_decision", "meetings.models.Decision"),
    "M-E1": ("meetings.rules.after_report_due_at", "meetings.services.emergencies.settle_emergency"),
    "M-M1": ("meetings.rules.default_recorder", "meetings.services.minutes.edit_minutes"),
    "M-M2": ("meetings.services.minutes.allocate_minutes_number", "meetings.selectors.minutes.may_approve"),
    "M-M3": ("meetings.services.minutes.draft_minutes", "meetings.services.decisions.record_decision"),
    "M-M4": ("meetings.services.minutes.acknowledge_minutes", "meetings.services.minutes.distribute_minutes"),
    "M-M5": ("meetings.services.minutes.correct_minutes", "meetings.models.NeverDeletedQuerySet"),
    "M-M6": ("meetings.services.decisions.publish_decision", "meetings.selectors.decisions.published_decisions"),
    "M-M7": ("meetings.selectors.access.may_see_materials", "meetings.selectors.minutes.read_minutes"),
    "M-C1": ("meetings.rules.cadence",),
    "M-C2": ("meetings.rules.weeks_elapsed", "meetings.rules.cadence"),
    "M-C3": ("meetings.democratic_life.rules.status", "meetings.rules.cadence"),
    "M-C4": ("meetings.rules.cadence", "supervision.proposals.services.submit"),
    "M-C5": ("reporting.periodic.rules.due_date", "reporting.periodic.services.generate_obligations"),
    "DL-1": ("meetings.democratic_life.rules.TalkCoverage", "meetings.democratic_life.rules.absence_warnings"),
    "DL-2": (
        "meetings.democratic_life.rules.is_postponement",
        "meetings.democratic_life.rules.may_decide_postponement",
    ),
    "DL-3": (
        "meetings.democratic_life.rules.rectification_due_date",
        "meetings.democratic_life.services.complete_measure",
    ),
    "DL-4": ("reporting.periodic.rules.due_date", "meetings.democratic_life.services.record_discipline_copy"),
    "L-1": ("reporting.leave.services.submit", "reporting.leave.services.requester_role"),
    "L-2": ("reporting.leave.rules.needs_advance_report", "reporting.leave.rules.is_reported_late"),
    "L-3": ("reporting.leave.rules.approval_chain", "reporting.leave.rules.tier"),
    "L-4": ("reporting.leave.rules.approval_chain",),
    "L-5": ("reporting.leave.rules.approval_chain", "reporting.leave.services.submit"),
    "L-6": ("reporting.leave.rules.needs_report_back", "reporting.leave.services.report_back"),
    "L-7": ("reporting.leave.services.decide", "reporting.leave.models.LeaveStep"),
    "L-8": ("reporting.leave.rules.period_of", "reporting.periodic.rules.due_date"),
    "L-9": ("reporting.leave.rules.days_present", "reporting.leave.rules.is_under_presence"),
    "S-1": ("supervision.rules.is_waivable", "supervision.services.register_item"),
    "S-2": ("supervision.rules.Actor", "supervision.rules.next_state"),
    "S-3": ("supervision.rules.rectification_due_on", "supervision.services.report_rectification"),
    "S-4": ("supervision.rules.InspectionFact", "supervision.rules.award_ineligible_people"),
    "S-5": ("supervision.rules.periods_overlap", "supervision.services.overlapping_inspections"),
    "S-6": ("supervision.services.close", "supervision.services.record_inspection"),
    "A-1": ("supervision.services.open_case", "supervision.models.AccountabilityCase"),
    "A-2": ("supervision.services.cases_for_source", "supervision.services.open_case"),
    "A-3": ("supervision.services.set_responsibility", "supervision.services.split_leaders"),
    "A-4": ("supervision.services.no_award_subjects", "supervision.services.decide_case"),
    "A-5": ("supervision.services.mitigate", "supervision.models.AccountabilityCase"),
    "A-6": ("supervision.services.decide_case", "supervision.evaluation.services.record_talk"),
    "A-7": ("supervision.services.flag_unanswered_inquiries", "supervision.services.send_inquiry"),
    "A-8": ("supervision.evaluation.rules.valid_grades", "supervision.evaluation.rules.tally"),
    "A-9": (
        "supervision.evaluation.services.submit_annual_report",
        "supervision.evaluation.services.require_annual_reports",
    ),
    "A-10": ("supervision.evaluation.rules.TownMeasure", "supervision.evaluation.rules.town_warnings"),
    "R-1": ("reporting.emergencies.rules.is_late", "reporting.emergencies.rules.report_due_at"),
    "R-2": ("reporting.personal.rules.reply_response_due_at", "reporting.personal.rules.late_filing_is_explained"),
    "R-3": ("reporting.personal.rules.unconfirmed_prohibitions", "reporting.personal.rules.funeral_written_due_at"),
    "R-4": ("reporting.periodic.rules.due_date", "reporting.periodic.services.generate_obligations"),
    "R-5": ("reporting.periodic.rules",),
    "P-1": ("reporting.petitions.services.register_petition", "reporting.petitions.models.ReceptionType"),
    "P-2": ("reporting.petitions.services.transfer", "reporting.petitions.services.register_petition"),
    "P-3": ("reporting.petitions.rules.extended_due_at", "reporting.petitions.rules.check_extension"),
    "P-4": ("reporting.petitions.selectors.MonthlyReport", "reporting.petitions.selectors.monthly_report"),
    "P-5": ("reporting.petitions.rules.check_representatives", "reporting.petitions.models.Petitioner"),
    "X-1": ("reporting.opinions.services.collect", "reporting.opinions.services.decide"),
    "X-2": ("reporting.openness.rules.grade", "reporting.openness.rules.effect_percent"),
    "X-3": ("supervision.talks.rules.required", "supervision.talks.services.open_must_talk"),
    "X-4": ("reporting.interviews.rules.within_authority", "reporting.interviews.services.open_card"),
    "X-5": ("reporting.worklog.rules.due_days", "reporting.worklog.services.submit_log"),
    "X-6": ("reporting.grassroots.rules.floors", "reporting.grassroots.services.refresh_targets"),
}


def resolve(path: str):
    """The module, function or class a dotted path of ``IMPLEMENTED_IN`` names, and the module's
    file relative to the project (``meetings/rules.py``)."""
    import importlib

    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        target = module
        for name in parts[cut:]:
            target = getattr(target, name)
        file = module.__name__.replace(".", "/") + ("/__init__.py" if hasattr(module, "__path__") else ".py")
        return target, file
    raise ImportError(path)
