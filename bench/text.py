"""Varied, realistic Chinese text for the bench data (decisions, agenda items, minutes, matters).

Sentences are put together at random (a fixed seed: the same fill every time) from several hundred
words and phrases – places, topics, departments, actions, objects, sums and dates. Places and
topics are drawn with Zipf weights (rank ``k`` weighs ``1 / k**ZIPF``), so the text has a few
terms found in thousands of rows and a long tail of terms found in a handful: ``Text.counts``
records, per place and topic, the number of generated texts of each kind that contain it, and
``bench/fill.py`` picks a rare and a common search term from those counts (then counts them again
in SQL).
"""

from __future__ import annotations

import collections
import itertools
import random

ZIPF = 1.5
VOCABULARY_SEED = 20


def words(text: str) -> list[str]:
    return text.split()


# Two-character roots of place names; with the suffixes below they make ~600 villages and
# communities. Towns and county departments of the bench committees are named from them too.
ROOTS = words(
    "石门 杨柳 青龙 白沙 桃花 黄泥 松林 柏树 双河 三岔 凤凰 龙潭 金竹 银杏 梅子 李家 张家 王家 刘家 陈家 "
    "马鞍 牛角 羊角 鹤鸣 雁塘 荷塘 莲花 竹园 茶山 枫林 高桥 平坝 新场 老街 河口 溪口 沙坪 田坝 岩口 清水 "
    "红岩 黑石 玉泉 温泉 龙井 虎头 狮子 象鼻 月亮 太阳 观音 土地 五里 七星 九龙 十里 百花 千丘 万福 长岭"
)
SUFFIXES = ("村", "社区", "湾", "坪", "沟", "岭", "坝", "寨", "铺", "垭")
TOPICS = words(
    "乡村振兴 人居环境整治 高标准农田建设 村集体经济 防汛抗旱 安全生产 森林防火 基层党组织建设 党员发展 "
    "干部作风建设 信访积案化解 耕地保护 河长制 林长制 乡村旅游 产业园区 招商引资 营商环境 义务教育 "
    "医疗保障 养老服务 城乡低保 就业帮扶 易地搬迁后续扶持 农村饮水安全 道路硬化 危房改造 "
    "污水处理 垃圾分类 秸秆禁烧 扫黑除恶 矛盾纠纷排查 网格化管理 民族团结 宗教事务 意识形态 "
    "党风廉政建设 巡察整改 审计整改 债务化解 土地征收 集体林权 宅基地管理 农房风貌 文明实践 "
    "移风易俗 人才引进 干部教育培训 驻村帮扶 消费帮扶 防返贫监测 粮食生产 生猪稳产保供 "
    "特色种植 冷链物流 电商服务站 光伏发电 小水电清理 地质灾害防治 燃气安全 消防安全 "
    "食品安全 校园安全 道路交通安全 烟花爆竹管理 退役军人服务 残疾人帮扶 妇女儿童关爱 "
    "留守老人关爱 民生实事 重点项目 财政预算 国有资产 政府采购 统计调查 人口普查 档案管理"
)
DEPARTMENTS = words(
    "组织部 宣传部 统战部 政法委 纪委监委 党校 农业农村局 财政局 发展和改革局 自然资源局 住房和城乡建设局 "
    "交通运输局 水利局 生态环境分局 教育局 卫生健康局 民政局 人力资源和社会保障局 应急管理局 市场监督管理局 "
    "文化旅游局 林业局 审计局 统计局 退役军人事务局 信访局 医疗保障局 乡村振兴局 商务局 公安局"
)
ACTIONS = words(
    "研究部署 审议通过 原则同意 同意实施 调整完善 统筹推进 抓好落实 专题研究 集体决定 批准实施 "
    "修订完善 及时启动 分步实施 加快推进 全面排查 从严查处 跟踪督办 限期整改 组织验收 认真总结"
)
OBJECTS = words(
    "实施方案 工作方案 专项资金安排 考核办法 管理办法 项目建设计划 预算调整方案 整改方案 应急预案 "
    "奖补办法 任务分工 责任清单 问题清单 年度计划 三年行动计划 资金使用计划 验收办法 监督办法"
)
CLAUSES = (
    "各责任单位要明确专人负责，按月报送进展情况",
    "党委办公室要加强督查，确保按期完成",
    "资金使用要严格执行财经纪律，专款专用",
    "要充分征求群众意见，做好政策宣传和解释工作",
    "对推进不力的单位和个人严肃追责问责",
    "纪委监委要全程跟踪监督",
    "要建立工作台账，实行销号管理",
    "分管领导要靠前指挥，协调解决实际困难",
    "要与年度目标考核挂钩，纳入绩效管理",
    "要注重总结经验，形成长效机制",
    "相关情况及时向上级党委报告",
    "涉及群众切身利益的事项要依法依规公开",
    "要做好风险评估，制定应急处置预案",
    "要统筹好发展和安全，守住安全底线",
    "各村（社区）党组织书记要切实履行第一责任人职责",
    "要压实属地责任、部门监管责任和单位主体责任",
)
OPINIONS = (
    "同意该方案，建议进一步细化时间节点",
    "同意，资金来源需与财政部门再作衔接",
    "原则同意，建议补充群众意见征集情况",
    "同意，要注意防范廉政风险",
    "同意上报方案，请相关部门加强配合",
    "同意，建议将完成情况纳入年终考核",
    "同意，需进一步明确牵头单位和责任人",
    "同意，要加强对项目质量和安全的监管",
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚"
GIVEN = words(
    "建国 志强 海燕 秀英 桂兰 立新 卫东 晓明 丽华 文杰 红梅 春生 永刚 国庆 小平 玉兰 德华 振华 勇 敏 静 军 磊 洋"
)


class Text:
    """Random sentences; ``counts[kind][term]``: generated texts of ``kind`` containing ``term``."""

    def __init__(self, seed: int = 19):
        self.rng = random.Random(seed)
        # The words' ranks do not depend on ``seed``: a term common in one fill is common in any
        # rows added later with another seed (``queries.py``).
        shuffler = random.Random(VOCABULARY_SEED)
        self.places = [root + suffix for root, suffix in itertools.product(ROOTS, SUFFIXES)]
        shuffler.shuffle(self.places)
        self.topics = list(TOPICS)
        shuffler.shuffle(self.topics)
        self.place_weights = list(itertools.accumulate(1 / k**ZIPF for k in range(1, len(self.places) + 1)))
        self.topic_weights = list(itertools.accumulate(1 / k**ZIPF for k in range(1, len(self.topics) + 1)))
        self.counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self._used: set[str] = set()

    # --- words -----------------------------------------------------------------------------------

    def place(self) -> str:
        word = self.rng.choices(self.places, cum_weights=self.place_weights)[0]
        self._used.add(word)
        return word

    def topic(self) -> str:
        word = self.rng.choices(self.topics, cum_weights=self.topic_weights)[0]
        self._used.add(word)
        return word

    def department(self) -> str:
        return "县" + self.rng.choice(DEPARTMENTS)

    def person(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def sum(self) -> str:
        if self.rng.random() >= 0.9:
            return ""
        return f"{self.rng.randint(3, 980)}{self.rng.choice(('万元', '万元', '亿元'))}"

    def date(self) -> str:
        return f"{self.rng.randint(1, 12)}月{self.rng.randint(1, 28)}日"

    # --- texts -----------------------------------------------------------------------------------

    def take(self) -> set[str]:
        """The places and topics used since the last ``take``."""
        used, self._used = self._used, set()
        return used

    def record(self, kind: str, used: set[str]) -> None:
        """Count ``used`` (places and topics) as found in one more text of ``kind``."""
        for word in used:
            self.counts[kind][word] += 1

    def item_title(self) -> str:
        form = self.rng.randrange(4)
        if form == 0:
            return f"关于{self.place()}{self.topic()}{self.rng.choice(OBJECTS)}的议题"
        if form == 1:
            return f"研究{self.topic()}{self.rng.choice(OBJECTS)}"
        if form == 2:
            return f"听取{self.department()}关于{self.topic()}工作情况的汇报"
        return f"关于{self.place()}{self.topic()}项目第{self.rng.randint(1, 9)}批{self.rng.choice(OBJECTS)}的请示"

    def resolution(self) -> str:
        sentences = [
            f"会议{self.rng.choice(ACTIONS)}{self.place()}{self.topic()}{self.rng.choice(OBJECTS)}"
            + (f"，安排资金{amount}" if (amount := self.sum()) else "")
            + f"，由{self.department()}牵头负责，{self.date()}前完成。"
        ]
        for _n in range(self.rng.randint(1, 3)):
            sentences.append(self.rng.choice(CLAUSES) + "。")
        if self.rng.random() < 0.5:
            sentences.append(f"会议要求，{self.topic()}工作要与{self.topic()}统筹推进。")
        return "".join(sentences)

    def summary(self, items: int) -> str:
        """The recorder's summary: a few hundred characters."""
        parts = [
            f"会议由{self.person()}同志主持，应到{self.rng.randint(7, 11)}人，"
            f"实到{self.rng.randint(6, 9)}人，符合规定人数。"
            f"会议共研究{items}个议题。"
        ]
        for _n in range(self.rng.randint(8, 14)):
            parts.append(
                f"会议指出，{self.topic()}工作事关群众切身利益，{self.rng.choice(CLAUSES)}。"
                f"各{self.rng.choice(('村', '社区', '部门', '单位'))}要结合实际，"
                f"{self.rng.choice(ACTIONS)}{self.rng.choice(OBJECTS)}。"
            )
        return "".join(parts)

    def opinion(self) -> str:
        return self.rng.choice(OPINIONS) + "。"

    def matter(self) -> str:
        return (
            f"督促落实{self.place()}{self.topic()}{self.rng.choice(OBJECTS)}，"
            f"{self.rng.choice(CLAUSES)}，{self.date()}前报送办理结果。"
        )

    def facts(self) -> str:
        failing = self.rng.choice(("推进不力", "弄虚作假", "履职不到位", "造成不良影响"))
        return f"在{self.place()}{self.topic()}工作中，{failing}。"
