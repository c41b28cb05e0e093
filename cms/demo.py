"""Demo content for the public site: every incubation programme with a few projects, a page and courses
for each training provider, policies, news and a 公示. ``seed_content()`` is idempotent: pages are
found by slug under their parent and only created when missing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from wagtail.rich_text import RichText

from employment.models import TrainingProvider

from . import services
from .models import (
    AnnouncementIndexPage,
    AnnouncementPage,
    IncubationProgramPage,
    IncubationProjectPage,
    NewsIndexPage,
    NewsPage,
    PolicyIndexPage,
    PolicyPage,
    Programme,
    TrainingCoursePage,
)


def _text(*paragraphs: str) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(f"<p>{p}</p>")) for p in paragraphs]


PROGRAMMES = [
    (
        Programme.ECOMMERCE, "dianshang-tianyi", "电商添翼",
        "帮助残疾人开网店、做客服、学直播带货，把海曙的农产品和手工艺品卖到全国。",
        [
            ("yunshang-kefu", "云上客服助残就业基地",
             "与本地电商企业合作，组织肢体、听力残疾人居家做网店文字客服，统一培训、统一派单。",
             18, 16, "网店售前售后文字客服、订单处理", Decimal("0"), 16, "鼓楼街道 0574-00000101"),
            ("liangshi-zhibo", "“良食”助农直播间",
             "残疾主播带货章水镇的竹笋、樱桃和年糕，区残联提供直播设备和电商培训。",
             9, 6, "章水竹笋、樱桃、年糕等农产品", Decimal("862000"), 7, "章水镇 0574-00000102"),
        ],
    ),
    (
        Programme.CULTURAL, "wenchuang-tianca", "文创添彩",
        "把残疾人的绘画、剪纸和手作变成文创产品，对接景区、书店和企业定制。",
        [
            ("xinyu-huashi", "心语画室文创工作室",
             "听力残疾青年画师设计明信片、帆布包和月历，与天一阁周边文创店合作销售。",
             12, 10, "明信片、帆布包、月历、企业定制礼品", Decimal("356000"), 8, "南门街道 0574-00000201"),
            ("jianzhi-fang", "海曙剪纸坊",
             "以宁波传统剪纸为基础开发灯笼、书签等文创产品，每周两次集中制作。",
             8, 7, "剪纸装饰画、书签、灯笼", Decimal("128000"), 5, "西门街道 0574-00000202"),
        ],
    ),
    (
        Programme.HERITAGE, "feiyi-chuancheng", "非遗传承",
        "请非遗传承人带徒，教残疾人竹编、草编、泥金彩漆等本地手艺，学成后居家接单。",
        [
            ("zhubian-gongfang", "章水竹编工坊",
             "竹编非遗传承人手把手教学，学员从编竹篮、竹扇做起，学成后居家接单，作品由工坊统一销售。",
             15, 13, "竹编果篮、竹扇、竹编茶具套装", Decimal("245000"), 11, "章水镇 0574-00000301"),
            ("caobian-jiayuan", "龙观草编家园",
             "传承龙观草编技艺，制作草帽、草席和文创挂件，适合上肢功能较好的学员。",
             10, 9, "草帽、草编收纳篮、挂件", Decimal("98000"), 6, "龙观乡 0574-00000302"),
        ],
    ),
    (
        Programme.STARTUP, "chuangye-fuhua", "创业孵化",
        "为有创业意愿的残疾人提供场地、导师、贷款贴息和创业补贴申请指导。",
        [
            ("mangren-anmo", "明心盲人按摩店",
             "视力残疾按摩师合伙开办的按摩店，孵化期内免租一年，现已吸纳 6 名视力残疾人就业。",
             8, 7, "保健按摩、推拿", Decimal("540000"), 6, "白云街道 0574-00000401"),
            ("shouyu-kafei", "手语咖啡馆",
             "以听力残疾员工为主的咖啡馆，顾客用手语卡片点单，兼做手语体验课。",
             7, 5, "咖啡、简餐、手语体验课", Decimal("410000"), 5, "月湖街道 0574-00000402"),
        ],
    ),
    (
        Programme.MASTER_STUDIO, "jineng-dashi", "技能大师工作室",
        "以残疾人技能大师为带头人，传授手艺、参加技能竞赛、带动身边的残疾人就业。",
        [
            ("nijin-caiqi", "泥金彩漆技能大师工作室",
             "省级残疾人技能大师领衔，培养泥金彩漆学徒，承接文旅礼品订单。",
             9, 8, "泥金彩漆首饰盒、漆画", Decimal("312000"), 6, "石碶街道 0574-00000501"),
            ("diannao-weixiu", "电脑维修技能大师工作室",
             "肢体残疾技师开设电脑和手机维修课程，学员结业后可在社区服务点就业。",
             11, 9, "电脑、手机维修服务", Decimal("186000"), 7, "集士港镇 0574-00000502"),
        ],
    ),
]

POLICIES = [
    ("anbili-jiuye-banfa", "浙江省按比例安排残疾人就业办法", "浙政令〔2023〕2号", "浙江省人民政府",
     date(2023, 3, 1), None,
     "用人单位安排残疾人就业的比例不得低于本单位在职职工总数的1.5%，未达到比例的应当缴纳残疾人就业保障金。",
     ("用人单位应当按照不低于本单位在职职工总数1.5%的比例安排残疾人就业。",
      "安排1名持有一、二级残疾人证的残疾人就业的，按照安排2名残疾人计算。",
      "用人单位安排残疾人就业达不到规定比例的，应当缴纳残疾人就业保障金。")),
    ("jiuye-baozhangjin", "海曙区残疾人就业保障金征收使用管理实施细则", "海残联〔2024〕15号", "海曙区残疾人联合会",
     date(2024, 1, 1), date(2028, 12, 31),
     "明确残疾人就业保障金的征收标准、减免情形和超比例奖励的申请办法。",
     ("保障金按上年用人单位安排残疾人就业未达到规定比例的差额人数和本单位在职职工年平均工资计算征收。",
      "超比例安排残疾人就业的用人单位，可以申请超比例奖励。")),
    ("zhiye-peixun-butie", "海曙区残疾人职业技能培训补贴办法", "海残联〔2025〕3号", "海曙区残疾人联合会",
     date(2025, 4, 1), None,
     "持证残疾人参加区残联认定的培训机构举办的职业技能培训，培训费用由区残联按规定补贴。",
     ("培训机构应当为学员提供无障碍的培训场地和合理便利。",
      "学员结业后6个月内实现就业的，培训机构可申请就业成效奖励。")),
]

NEWS = [
    ("zhubian-jieye", "章水竹编工坊首期学员结业", date(2026, 10, 18),
     "15名残疾学员在竹编非遗传承人指导下完成三个月学习，已有11人居家接单。",
     ("10月18日，章水竹编工坊首期培训班举行结业仪式。学员们展示了自己编织的果篮和竹扇。",
      "工坊负责人介绍，结业学员的作品由工坊统一收购、统一销售，每人每月平均增收两千元左右。")),
    ("dianshang-peixun-kaiban", "第三期残疾人电商培训班开班", date(2026, 9, 6),
     "本期电商培训聚焦网店客服和直播带货，全部课程配有字幕和读屏友好的讲义。",
     ("9月6日，区残联联合本地电商企业举办第三期残疾人电商培训班，32名学员参加。",
      "培训结束后，合作企业将提供居家客服岗位，优先录用成绩合格的学员。")),
    ("nianshen-tongzhi", "关于开展2026年度按比例就业年审工作的通知", date(2026, 3, 2),
     "请各用人单位在6月30日前通过本平台完成按比例安排残疾人就业年审申报。",
     ("用人单位登录平台后，填写在职职工人数、工资总额和残疾职工名册，系统自动计算安排比例和应缴保障金。",
      "镇街残联初审、区残联复审通过后，结果将在平台公示。")),
]


def _programmes(home) -> None:
    for programme, slug, title, intro, projects in PROGRAMMES:
        page = IncubationProgramPage.objects.filter(programme=programme).first()
        if page is None:
            page = services.child_page_ensure(home, IncubationProgramPage, slug=slug, title=title,
                                              programme=programme, intro=intro, body=_text(intro))
        for p_slug, p_title, summary, people, disabled, products, sales, jobs, contact in projects:
            services.child_page_ensure(
                page, IncubationProjectPage, slug=p_slug, title=p_title, summary=summary, participants=people,
                disabled_participants=disabled, products=products, annual_sales=sales or None, jobs_created=jobs,
                contact=contact, body=_text(summary),
            )


def _policies(home) -> None:
    index = services.child_page_ensure(home, PolicyIndexPage, slug="policies", title="政策文件",
                                       intro="与残疾人就业、按比例就业年审和职业培训相关的法规和政策。")
    for slug, title, number, body_name, effective, expiry, summary, paragraphs in POLICIES:
        services.child_page_ensure(
            index, PolicyPage, slug=slug, title=title, document_number=number, issuing_body=body_name,
            effective_date=effective, expiry_date=expiry, summary=summary, body=_text(*paragraphs),
        )


def _news(home) -> None:
    index = services.child_page_ensure(home, NewsIndexPage, slug="news", title="新闻动态",
                                       intro="区残联和各孵化项目的最新动态。")
    for slug, title, day, intro, paragraphs in NEWS:
        services.child_page_ensure(index, NewsPage, slug=slug, title=title, date=day, intro=intro,
                                   body=_text(*paragraphs))


def _announcements(home) -> None:
    index = services.child_page_ensure(home, AnnouncementIndexPage, slug="gongshi", title="公示公告",
                                       intro="公示期内对公示内容有异议的，请通过各公示注明的方式反映。")
    services.child_page_ensure(
        index, AnnouncementPage, slug="2026-peixun-jigou", title="2026年度残疾人职业技能培训定点机构名单公示",
        category="培训机构认定", expire_at=timezone.now() + timedelta(days=10),
        objection_contact="区残联就业服务科，电话 0574-00000000（演示），工作日 9:00–17:00。",
        body=_text("经机构申报、实地查看和评审，拟认定以下机构为2026年度残疾人职业技能培训定点机构：",
                   "海曙区阳光职业培训学校、海曙区巧手非遗技艺培训中心、海曙区星光电商培训学校。"),
    )


COURSES = [
    ("dianshang-kefu", "网店客服与电商运营培训（电商培训）",
     "学习网店后台操作、文字客服话术和订单处理，结业后推荐到合作电商企业居家就业。",
     "每周二、四 14:00–16:30，共 12 次", "海曙区残疾人之家二楼电脑教室",
     "一楼有无障碍坡道和电梯，无障碍卫生间在二楼东侧，距公交站 100 米。",
     "读屏软件（NVDA）、大字讲义、手语翻译（需提前 3 天预约）", 20, Decimal("0"),
     "持证肢体、听力、视力残疾人，16–59 岁"),
    ("zhubian-jiyi", "竹编技艺培训班",
     "非遗传承人教授竹编基础、果篮和竹扇编织，学成后可居家接单。",
     "每周一、三、五 9:00–11:30，共 24 次", "章水镇竹编工坊",
     "平层工坊，无台阶，工作台可调节高度，提供无障碍停车位。",
     "上门辅导（行动不便学员）、手语翻译", 12, Decimal("0"), "持证残疾人，上肢功能较好"),
    ("mangren-anmo", "盲人保健按摩初级培训",
     "学习经络穴位和保健按摩手法，考取保健按摩师初级证书。",
     "周一至周五 8:30–11:30，共 30 次", "海曙区盲人按摩指导中心",
     "有盲道引导，教室内有语音提示，提供盲文和有声教材。",
     "盲文教材、有声教材、专人接送（需预约）", 15, Decimal("300"), "持证视力残疾人，18–55 岁"),
]


def _training(home) -> None:
    services.training_index_ensure()
    today = timezone.localdate()
    providers = list(TrainingProvider.objects.order_by("pk")[:3])
    for i, provider in enumerate(providers):
        page = services.provider_page_ensure(
            provider, intro=f"{provider.name}是区残联认定的残疾人职业技能培训定点机构。"
        )
        for j, (slug, title, summary, schedule, venue, access_text, accomm, seats, fee, target) in enumerate(COURSES):
            if (i + j) % 3 == 2:
                continue  # two courses per provider, different ones
            start = today + timedelta(days=21 + 7 * j)
            services.child_page_ensure(
                page, TrainingCoursePage, slug=slug, title=title, summary=summary, schedule=schedule, venue=venue,
                venue_accessibility=access_text, accommodations=accomm, seats=seats, fee=fee,
                target_groups=target, start_date=start, end_date=start + timedelta(days=60),
                enrolment_opens=today - timedelta(days=7), enrolment_closes=start - timedelta(days=3),
                body=_text(summary),
            )


@transaction.atomic
def seed_content() -> None:
    """Create the demo pages that are missing (safe to run again)."""
    home = services.homepage_ensure()
    services.district_content_permissions_ensure()
    _programmes(home)
    _policies(home)
    _news(home)
    _announcements(home)
    _training(home)
