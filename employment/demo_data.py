"""Demo content for Haishu (``manage.py seed_demo``): employers, job archetypes, seeker archetypes, the
demo accounts, and a deterministic builder that turns them into plain records.

Everything here is plain Python data; ``build()`` uses ``random.Random(2026)`` only, so it returns the
same records on every run and the command can look each one up before creating it. All people are
fictional: seekers are named surname + 天干 (张甲, 李乙…); identity numbers are generated valid with
``employment.identity`` and belong to nobody. Phones are fictional 0574-8xxx xxxx numbers and mail
addresses use the reserved ``example.com`` domain.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from matching.engine.vocab import ON_SITE_ONLY

SEED = 2026

# --------------------------------------------------------------------------------------------------
# Demo accounts (one per role). Passwords are for a local demo only.
# --------------------------------------------------------------------------------------------------

DEMO_ACCOUNTS: list[dict] = [
    {
        "username": "seeker",
        "password": "Demo-2026-seeker",
        "role": "seeker",
        "label": "求职者 Job seeker",
        "try": "鼓楼街道的轮椅使用者，想做电商客服：看推荐岗位和推荐理由、投递、关闭个性化推荐",
    },
    {
        "username": "seeker2",
        "password": "Demo-2026-seeker2",
        "role": "seeker",
        "label": "求职者 Job seeker",
        "try": "石碶街道的听障青年（手语），应届毕业生：看推荐岗位、设置是否允许单位查看",
    },
    {
        "username": "employer",
        "password": "Demo-2026-employer",
        "role": "employer",
        "label": "用人单位 Employer",
        "try": "晨曦电子商务：管理岗位（含电商客服）、查看投递和匹配的候选人",
    },
    {
        "username": "employer2",
        "password": "Demo-2026-employer2",
        "role": "employer",
        "label": "用人单位 Employer",
        "try": "甬绣非遗文化传播：另一家单位，确认看不到晨曦的数据",
    },
    {
        "username": "provider",
        "password": "Demo-2026-provider",
        "role": "provider",
        "label": "培训机构 Training provider",
        "try": "在 Wagtail 后台发布培训课程、管理报名",
    },
    {
        "username": "town",
        "password": "Demo-2026-town",
        "role": "town",
        "label": "镇街残联 Town reviewer",
        "try": "鼓楼街道：本街道求职者、评估、年审初审、家庭台账和数据看板",
    },
    {
        "username": "town2",
        "password": "Demo-2026-town2",
        "role": "town",
        "label": "镇街残联 Town reviewer",
        "try": "石碶街道：确认只看到本街道的数据",
    },
    {
        "username": "district",
        "password": "Demo-2026-district",
        "role": "district",
        "label": "区残联 District reviewer",
        "try": "全区数据看板、终审、政策参数、公示",
    },
    {
        "username": "admin",
        "password": "Demo-2026-admin",
        "role": "superuser",
        "label": "超级管理员 Superuser",
        "try": "Wagtail 后台 /admin/：页面、用户、全部设置",
    },
]

# --------------------------------------------------------------------------------------------------
# Training providers (the demo `provider` account is bound to the first).
# --------------------------------------------------------------------------------------------------

PROVIDERS: list[dict] = [
    {
        "name": "宁波海曙启明职业技能培训学校",
        "prefix": "52330203MJ",
        "town": "鼓楼街道",
        "contact_name": "周老师",
    },
    {
        "name": "宁波甬创电商培训中心",
        "prefix": "52330203MJ",
        "town": "江厦街道",
        "contact_name": "吴老师",
    },
    {
        "name": "海曙区阳光盲人按摩培训部",
        "prefix": "52330203MJ",
        "town": "西门街道",
        "contact_name": "郑老师",
    },
]

# --------------------------------------------------------------------------------------------------
# Job archetypes: the structured part (demands/accessibility) is fixed per archetype and consistent
# with the work; the texts are pools the builder picks from so that no two posts read the same.
# --------------------------------------------------------------------------------------------------

JOB_ARCHETYPES: dict[str, dict] = {
    "massage": {
        "descriptions": [
            "为到店顾客提供保健按摩、推拿服务，按排钟系统语音提示接待顾客，做好服务记录。",
            "在门店从事中医推拿和肩颈、腰背保健按摩，根据顾客情况调整手法和力度。",
            "负责足部及全身保健按摩，门店使用语音排钟和读屏手机，盲人师傅可独立完成预约确认。",
        ],
        "requirements": [
            "持有保健按摩师或盲人医疗按摩相关证书优先，手法熟练，为人踏实。",
            "有一年以上推拿经验者优先；无经验的可先跟老师傅学习一个月。",
            "能适应站立工作，服务态度好，能接受轮班。",
        ],
        "demands": ["stand_long"],
        "accessibility": ["screen_reader", "flexible_hours"],
        "extra_access": ["dorm", "transport"],
        "hours": [6, 8],
        "remote": False,
        "salary": (3500, 7000),
    },
    "cs_text": {
        "descriptions": [
            "通过淘宝千牛、抖店后台用文字回复顾客咨询，处理订单修改、物流查询和售后退换。",
            "负责网店在线文字客服，解答商品问题、核对订单信息，协助处理差评回访（文字）。",
            "在电商平台上做售前、售后文字接待，使用快捷短语，平均每天接待一百位左右顾客。",
            "线上文字客服：回复买家消息、登记售后问题、整理常见问题话术，全程打字沟通，不接电话。",
        ],
        "requirements": [
            "会电脑操作和拼音或五笔打字，每分钟 40 字以上；有耐心。",
            "有网店客服经验优先，新手提供一周带岗培训。",
            "能熟练使用电脑和手机，表达清楚，居家办公需要有稳定的网络。",
            "读屏软件用户可应聘：后台已适配 NVDA、争渡读屏，提供快捷键说明。",
        ],
        "demands": [],
        "accessibility": ["flexible_hours", "screen_reader"],
        "extra_access": ["step_free", "accessible_toilet", "quiet_env", "job_coach"],
        "hours": [4, 6, 8],
        "remote": True,
        "salary": (2800, 5000),
    },
    "cs_phone": {
        "descriptions": [
            "接听客户来电，解答业务咨询，记录客户诉求并转交相关部门跟进。",
            "负责电话回访老客户，了解使用情况和满意度，填写回访记录。",
            "在呼叫中心做呼入客服，处理查询、预约和投诉，系统自动弹屏显示客户信息。",
        ],
        "requirements": [
            "普通话标准，语言表达清楚，会基本电脑操作。",
            "性格开朗，有耐心，能应对客户情绪；有客服经验优先。",
            "视障人士可应聘，座席电脑安装读屏软件。",
        ],
        "demands": ["phone", "verbal"],
        "accessibility": ["screen_reader", "step_free", "accessible_toilet"],
        "extra_access": ["flexible_hours", "transport", "quiet_env"],
        "hours": [6, 8],
        "remote": False,
        "salary": (3000, 5500),
    },
    "piecework": {
        "descriptions": [
            "来料加工：串珠、饰品组装和小件包装，按件计酬，材料由公司统一送到。",
            "在车间做简单的来料组装和分装，工序固定，有师傅示范。",
            "居家来料加工，每周送料收货一次，主要是贴标、折盒、套袋等手工活。",
        ],
        "requirements": [
            "手脚麻利、细心，能坐得住；不需要经验。",
            "按件计酬，多劳多得，保底工资不低于最低工资标准。",
            "适合希望就近工作、时间灵活的朋友。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["flexible_hours", "job_coach"],
        "extra_access": ["step_free", "accessible_toilet", "quiet_env", "transport"],
        "hours": [4, 6],
        "remote": False,
        "salary": (2490, 3800),
    },
    "data": {
        "descriptions": [
            "对图片、文本做分类和框选标注，为人工智能模型准备训练数据，按平台规则操作。",
            "负责文本数据清洗和意图标注，每天完成规定条数，系统自动统计质量。",
            "数据标注：给商品图片打标签、核对标注结果，工作在网页平台上完成。",
        ],
        "requirements": [
            "会电脑操作，细心、有耐心，能按规范反复做同类工作。",
            "高中及以上文化；上岗前有三天线上培训，考核合格后接单。",
            "能居家办公，自备电脑和宽带；公司提供标注平台账号。",
        ],
        "demands": ["read_print"],
        "accessibility": ["flexible_hours", "quiet_env"],
        "extra_access": ["job_coach", "sign_language"],
        "hours": [4, 6, 8],
        "remote": True,
        "salary": (3000, 5200),
    },
    "data_audio": {
        "descriptions": [
            "语音数据转写：听录音并转成文字，标注说话人和背景噪音，可居家完成。",
            "校对语音识别的文字结果，对照录音修改错字，标注方言片段。",
        ],
        "requirements": [
            "听力良好，熟悉宁波话者优先，打字快。",
            "工作需要戴耳机长时间听录音，细心、坐得住。",
        ],
        "demands": ["hearing_signals"],
        "accessibility": ["flexible_hours", "screen_reader", "quiet_env"],
        "extra_access": [],
        "hours": [4, 6],
        "remote": True,
        "salary": (2800, 4500),
    },
    "craft_embroidery": {
        "descriptions": [
            "跟随甬绣老师傅学习并完成绣片制作，参与文创产品（团扇、香囊、书签）的刺绣。",
            "按设计稿完成甬绣绣片，针法包括平绣、盘金绣，作品用于非遗文创产品。",
        ],
        "requirements": [
            "喜欢手工，坐得住，手指灵活；零基础可学，提供三个月带教。",
            "有刺绣或缝纫基础优先，能长期从事手工艺创作。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["quiet_env", "flexible_hours"],
        "extra_access": ["sign_language", "step_free", "accessible_toilet"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 5000),
    },
    "craft_bamboo": {
        "descriptions": [
            "学习竹编技艺，完成竹篮、竹灯罩等产品的编织和收边，参与非遗展示活动。",
            "在竹编工坊做劈篾、编织和成品整理，由传承人手把手教学。",
        ],
        "requirements": [
            "动手能力强，愿意长期学手艺；有竹编或木工基础优先。",
            "能适应工坊环境，注意工具使用安全。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["quiet_env", "job_coach"],
        "extra_access": ["flexible_hours", "transport"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2600, 4500),
    },
    "craft_straw": {
        "descriptions": [
            "用蔺草编织草席、草包、杯垫等草编产品，传承黄古林草编技艺。",
            "草编手工：按样品编织收口、修剪毛边，成品检验合格后计件。",
            "可居家完成的草编小件编织，原料和样品由合作社统一配送。",
        ],
        "requirements": [
            "手巧、有耐心，会草编的优先，不会的可以免费学。",
            "时间自由，按件计酬，适合照顾家庭的朋友。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["flexible_hours", "quiet_env"],
        "extra_access": ["job_coach", "transport"],
        "hours": [4, 6],
        "remote": False,
        "salary": (2490, 3800),
    },
    "craft_lacquer": {
        "descriptions": [
            "学习泥金彩漆工艺，完成漆器的描金、堆塑和上彩，参与文创产品开发。",
            "在工作室做泥金彩漆的打底、描线和彩绘，作品用于非遗展陈和文创销售。",
        ],
        "requirements": [
            "有美术或手绘基础优先，细心，能长时间专注。",
            "对漆过敏者不宜；提供防护用品和三个月学徒期。",
        ],
        "demands": ["fine_motor", "read_print"],
        "accessibility": ["quiet_env", "flexible_hours"],
        "extra_access": ["sign_language", "step_free"],
        "hours": [6, 8],
        "remote": False,
        "salary": (3000, 5500),
    },
    "bakery": {
        "descriptions": [
            "协助西点师做面包、蛋糕的备料、整形和裱花，保持操作台清洁。",
            "负责烘焙车间的称料、打发、装盘和包装，烤箱带灯光提示，不依赖声音。",
            "在中央厨房做饼干、曲奇的成型和包装，流程固定，有师傅带。",
        ],
        "requirements": [
            "需办理健康证；能站立工作，动作干净利落。",
            "零基础可学，喜欢烘焙者优先；听障朋友欢迎，店长会基本手语。",
            "讲卫生、守时，能配合早班。",
        ],
        "demands": ["stand_long", "fine_motor"],
        "accessibility": ["job_coach", "sign_language"],
        "extra_access": ["transport", "flexible_hours"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 4800),
    },
    "cleaning": {
        "descriptions": [
            "负责办公楼公共区域（大厅、走廊、卫生间）的日常清洁和垃圾分类。",
            "小区保洁：楼道清扫、电梯轿厢擦拭、垃圾桶清洗，按排班表分区域作业。",
            "门诊楼保洁，按院感要求做好地面、门把手等消毒，配合保洁主管检查。",
        ],
        "requirements": [
            "身体健康，能吃苦，做事认真；年龄 55 岁以下。",
            "有保洁经验优先，提供工作服和工具，上岗前培训垃圾分类要求。",
            "有就业辅导员陪同上岗一周，适合第一次工作的朋友。",
        ],
        "demands": ["stand_long", "walk_much"],
        "accessibility": ["job_coach"],
        "extra_access": ["transport", "flexible_hours"],
        "hours": [4, 6, 8],
        "remote": False,
        "salary": (2490, 3600),
    },
    "clerk": {
        "descriptions": [
            "负责办公室文件收发、资料录入、复印扫描和会议记录整理。",
            "协助部门做数据录入、报表核对和日常行政事务，工作以电脑为主。",
            "在服务窗口后台做材料登记和电子归档，不直接面对群众。",
        ],
        "requirements": [
            "熟练使用 Word、Excel，做事细致；大专及以上学历优先。",
            "中专以上学历，会电脑打字，责任心强。",
            "轮椅使用者可应聘：办公区有电梯和无障碍卫生间。",
        ],
        "demands": ["read_print"],
        "accessibility": ["step_free", "accessible_toilet"],
        "extra_access": ["quiet_env", "flexible_hours", "transport"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 4800),
    },
    "archive": {
        "descriptions": [
            "整理纸质档案，按年度分类、编号、装盒，配合档案数字化扫描。",
            "负责病历和业务档案的扫描、著录和上架，按规范填写档案目录。",
            "档案数字化项目：拆订、扫描、图像质检和信息录入，工作环境安静。",
        ],
        "requirements": [
            "细心、守纪律，能保守工作秘密；会电脑基本操作。",
            "高中或中专以上学历，有档案工作经验优先。",
        ],
        "demands": ["read_print"],
        "accessibility": ["quiet_env", "step_free"],
        "extra_access": ["accessible_toilet", "flexible_hours", "job_coach"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 4200),
    },
    "warehouse": {
        "descriptions": [
            "根据系统拣货单在仓库内拣货、复核、打包和贴单，旺季需要加班。",
            "负责快递包裹的分拣、扫码和装笼，搬运 20 公斤以内的货箱。",
            "仓储分拣：按订单拣选商品、搬运上架、清点库存。",
        ],
        "requirements": [
            "身体健康，能长时间站立和走动，能搬重物。",
            "会使用扫码枪，有仓库经验优先；包午餐。",
        ],
        "demands": ["stand_long", "walk_much", "lift_heavy"],
        "accessibility": ["transport", "job_coach"],
        "extra_access": ["dorm", "sign_language"],
        "hours": [8],
        "remote": False,
        "salary": (3500, 5500),
    },
    "packing": {
        "descriptions": [
            "坐姿打包：把商品装袋、封箱、贴面单，货物较轻，流程简单。",
            "负责电商订单的复核和打包，在固定工位完成，不需要搬运。",
        ],
        "requirements": [
            "细心，能按订单核对商品；会基本的手机扫码操作。",
            "有打包经验优先，新手当天可以学会。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["step_free", "accessible_toilet", "job_coach"],
        "extra_access": ["transport", "sign_language"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 4200),
    },
    "carwash": {
        "descriptions": [
            "负责车辆外部清洗、内饰吸尘和打蜡，按流程完成每台车的清洁。",
            "在洗车店做精洗和内饰清洁，跟师傅学习汽车美容。",
        ],
        "requirements": [
            "身体好，能接受户外和潮湿环境，做事认真。",
            "无经验可学，听障朋友欢迎，店里用写字板和手语沟通。",
        ],
        "demands": ["stand_long", "walk_much"],
        "accessibility": ["sign_language", "job_coach"],
        "extra_access": ["transport"],
        "hours": [8],
        "remote": False,
        "salary": (3000, 4800),
    },
    "barista": {
        "descriptions": [
            "制作意式咖啡和饮品，点单通过小程序和手写卡完成，门店提倡手语点单。",
            "负责咖啡制作、拉花和吧台清洁，协助做门店陈列。",
        ],
        "requirements": [
            "喜欢咖啡，愿意学习；有咖啡师证书优先，提供系统培训。",
            "形象整洁，能站立工作，听障伙伴欢迎。",
        ],
        "demands": ["stand_long", "fine_motor"],
        "accessibility": ["sign_language", "job_coach"],
        "extra_access": ["flexible_hours"],
        "hours": [6, 8],
        "remote": False,
        "salary": (3000, 5000),
    },
    "phone_repair": {
        "descriptions": [
            "负责手机、平板的拆机检测、屏幕和电池更换，登记维修单。",
            "在维修工位用显微镜做主板焊接和元件更换，工作以坐姿为主。",
        ],
        "requirements": [
            "有手机维修基础或相关专业毕业优先，手稳、细心。",
            "零基础可从学徒做起，三个月后独立接单。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["step_free", "accessible_toilet", "quiet_env"],
        "extra_access": ["sign_language"],
        "hours": [8],
        "remote": False,
        "salary": (3500, 6500),
    },
    "livestream": {
        "descriptions": [
            "协助主播做直播前的选品、上架链接和样品整理，直播中负责后台改价和回复评论。",
            "直播间场控助理：准备道具、控制直播节奏、记录数据，偶尔出镜讲解。",
        ],
        "requirements": [
            "熟悉抖音、视频号，会剪辑优先；能适应晚间直播。",
            "反应快、表达好，愿意学习电商运营。",
        ],
        "demands": ["verbal", "high_pressure"],
        "accessibility": ["step_free", "accessible_toilet", "flexible_hours"],
        "extra_access": [],
        "hours": [6, 8],
        "remote": False,
        "salary": (3500, 7000),
    },
    "library": {
        "descriptions": [
            "负责图书归还后的整理上架、排架检查和阅览区整理。",
            "协助馆员做图书贴标、消毒和上架，定期整理书库。",
        ],
        "requirements": [
            "认真、安静，能按索书号排序；喜欢读书者优先。",
            "能适应来回走动，初中以上文化。",
        ],
        "demands": ["walk_much", "read_print"],
        "accessibility": ["quiet_env", "job_coach"],
        "extra_access": ["step_free", "flexible_hours"],
        "hours": [4, 6],
        "remote": False,
        "salary": (2490, 3500),
    },
    "gardening": {
        "descriptions": [
            "负责公园和小区的草坪修剪、浇水、花木养护和落叶清扫。",
            "苗圃养护：育苗、移栽、除草和施肥，跟随技术员学习园艺知识。",
        ],
        "requirements": [
            "身体健康，能接受户外工作，有园艺经验优先。",
            "吃苦耐劳，安排班车接送。",
        ],
        "demands": ["stand_long", "walk_much", "lift_heavy"],
        "accessibility": ["transport", "job_coach"],
        "extra_access": ["flexible_hours"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 4200),
    },
    "design": {
        "descriptions": [
            "负责网店商品主图、详情页和活动海报的设计与修图。",
            "为文创产品做平面设计和包装排版，参与新品视觉策划。",
        ],
        "requirements": [
            "会 Photoshop、Illustrator，有作品集；设计或美术相关专业优先。",
            "审美好、有耐心，可接受居家办公，线上对接需求。",
        ],
        "demands": ["read_print", "fine_motor"],
        "accessibility": ["flexible_hours", "quiet_env"],
        "extra_access": ["sign_language"],
        "hours": [6, 8],
        "remote": True,
        "salary": (4000, 8000),
    },
    "video": {
        "descriptions": [
            "剪辑短视频和直播切片，添加字幕、配乐和特效，按平台要求发布。",
            "负责公众号和视频号的视频剪辑，字幕校对，素材归档。",
        ],
        "requirements": [
            "会剪映或 Premiere，有作品优先；能按时交稿。",
            "对短视频有兴趣，居家办公需要自备电脑。",
        ],
        "demands": ["read_print"],
        "accessibility": ["flexible_hours", "quiet_env"],
        "extra_access": ["sign_language"],
        "hours": [6, 8],
        "remote": True,
        "salary": (3500, 6500),
    },
    "cashier": {
        "descriptions": [
            "负责门店收银、开具小票、会员登记，协助整理货架。",
            "前台收银和顾客接待，使用扫码收银系统，交接班对账。",
        ],
        "requirements": [
            "会用电脑和手机，算账仔细，服务热情。",
            "有收银经验优先，能接受早晚班轮换。",
        ],
        "demands": ["stand_long", "verbal"],
        "accessibility": ["job_coach"],
        "extra_access": ["flexible_hours", "transport"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 4000),
    },
    "stocker": {
        "descriptions": [
            "超市理货：商品上架、补货、整理排面，检查临期商品。",
            "按陈列图整理货架、贴价签，协助盘点库存。",
        ],
        "requirements": [
            "身体健康，做事踏实，能按要求摆放商品。",
            "有就业辅导员陪同适应，第一次工作也可以。",
        ],
        "demands": ["stand_long", "walk_much"],
        "accessibility": ["job_coach"],
        "extra_access": ["transport"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2600, 3800),
    },
    "kitchen": {
        "descriptions": [
            "食堂帮厨：洗菜、切配、分餐和餐具清洗，配合厨师完成每日供餐。",
            "负责中央厨房的择菜、清洗和打包，早上七点上班。",
        ],
        "requirements": [
            "需健康证，爱干净，能站立工作。",
            "能听从安排，提供工作餐。",
        ],
        "demands": ["stand_long", "lift_heavy"],
        "accessibility": ["job_coach"],
        "extra_access": ["transport", "dorm"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 4000),
    },
    "reception": {
        "descriptions": [
            "负责前台接待、来访登记、电话转接和会议室预约。",
            "导诊台接待：为就诊群众指引科室、协助自助机挂号，解答咨询。",
        ],
        "requirements": [
            "普通话好，形象大方，善于沟通。",
            "有服务行业经验优先，能接受轮班。",
        ],
        "demands": ["verbal", "phone"],
        "accessibility": ["step_free", "accessible_toilet"],
        "extra_access": ["flexible_hours"],
        "hours": [6, 8],
        "remote": False,
        "salary": (2800, 4200),
    },
    "sheltered": {
        "descriptions": [
            "辅助性就业：在残疾人之家做手工包装、纸袋粘贴等简单工序，有辅导员全程陪伴。",
            "参加残疾人之家的庇护性工坊，做串珠、折纸盒等手工活，按件发放劳动报酬。",
        ],
        "requirements": [
            "本镇街户籍或居住的残疾人优先，能生活自理。",
            "家属配合接送或使用班车；工作节奏慢，没有产量压力。",
        ],
        "demands": ["fine_motor"],
        "accessibility": [
            "job_coach",
            "quiet_env",
            "step_free",
            "accessible_toilet",
            "flexible_hours",
            "transport",
        ],
        "extra_access": [],
        "hours": [4],
        "remote": False,
        "salary": (2490, 2800),
    },
    "laundry": {
        "descriptions": [
            "布草洗涤后的分拣、折叠和打包，机器操作由班长负责。",
            "负责酒店布草的折叠整理和清点，按数量装车。",
        ],
        "requirements": [
            "能站立工作，动作麻利；有辅导员带岗。",
            "身体健康，能接受轮班。",
        ],
        "demands": ["stand_long", "lift_heavy"],
        "accessibility": ["job_coach", "transport"],
        "extra_access": ["sign_language"],
        "hours": [8],
        "remote": False,
        "salary": (2800, 4000),
    },
    "qc": {
        "descriptions": [
            "对成品进行外观检查、尺寸测量和数量清点，填写检验记录。",
            "在质检工位用放大镜检查电子元件焊点，挑出不良品。",
        ],
        "requirements": [
            "细心、有责任心，视力良好（可矫正）。",
            "中专以上学历优先，有质检经验者优先录用。",
        ],
        "demands": ["read_print", "fine_motor"],
        "accessibility": ["step_free", "quiet_env"],
        "extra_access": ["sign_language", "transport"],
        "hours": [8],
        "remote": False,
        "salary": (3200, 4800),
    },
    "line_worker": {
        "descriptions": [
            "流水线装配操作，两班倒，按作业指导书完成本工位工序。",
            "在注塑车间看管机器、取件和修边，实行三班倒。",
        ],
        "requirements": [
            "能适应倒班和夜班，身体健康。",
            "有工厂经验优先，包吃住。",
        ],
        "demands": ["stand_long", "night_shift", "high_pressure"],
        "accessibility": ["dorm", "transport"],
        "extra_access": ["sign_language"],
        "hours": [8],
        "remote": False,
        "salary": (4500, 6500),
    },
    "sewing": {
        "descriptions": [
            "缝纫车工：按工艺要求完成服装辅料的缝制和锁边。",
            "操作平缝机做箱包内衬缝制，计件工资。",
        ],
        "requirements": [
            "会平缝机操作，有车工经验优先。",
            "手脚协调，能坐得住；听障朋友欢迎。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["sign_language", "step_free"],
        "extra_access": ["transport", "dorm"],
        "hours": [8],
        "remote": False,
        "salary": (3500, 6000),
    },
    "care_aide": {
        "descriptions": [
            "协助护理员为老人送餐、陪伴聊天、组织手工和康乐活动。",
            "养老机构生活助理：整理房间、陪同散步、协助开展活动。",
        ],
        "requirements": [
            "有爱心和耐心，会说宁波话优先。",
            "能适应轮班，持有养老护理员证书者优先。",
        ],
        "demands": ["walk_much", "verbal"],
        "accessibility": ["transport"],
        "extra_access": ["flexible_hours"],
        "hours": [8],
        "remote": False,
        "salary": (3200, 4800),
    },
    "bookkeeping": {
        "descriptions": [
            "协助会计做凭证录入、票据整理和报税资料准备。",
            "负责代理记账客户的原始凭证整理、电子账录入和装订归档。",
        ],
        "requirements": [
            "会计或财务相关专业，熟悉财务软件；有初级会计证优先。",
            "细心、守口如瓶，能熟练使用 Excel。",
        ],
        "demands": ["read_print", "complex_decisions"],
        "accessibility": ["step_free", "accessible_toilet", "quiet_env"],
        "extra_access": ["flexible_hours"],
        "hours": [8],
        "remote": False,
        "salary": (3500, 6000),
    },
    "sorting": {
        "descriptions": [
            "农产品分拣：按大小、成色把蔬果分级装箱，在阴凉的分拣棚内工作。",
            "茶叶拣梗分级：把茶叶中的黄片、茶梗挑出，按等级分装。",
        ],
        "requirements": [
            "做事细致，能坐着或站着工作，季节性用工可长期合作。",
            "就近招聘，本乡镇居民优先，提供午餐。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["flexible_hours", "transport"],
        "extra_access": ["job_coach", "step_free"],
        "hours": [4, 6, 8],
        "remote": False,
        "salary": (2490, 3600),
    },
    "aid_repair": {
        "descriptions": [
            "负责轮椅、助行器等辅助器具的检修、保养和适配登记。",
            "在辅具服务站做辅具清洁消毒、简单维修和借用登记。",
        ],
        "requirements": [
            "动手能力强，懂基本机械维修；有辅具使用经验者优先。",
            "有耐心，能为残疾人朋友讲解辅具使用方法。",
        ],
        "demands": ["fine_motor"],
        "accessibility": ["step_free", "accessible_toilet", "job_coach"],
        "extra_access": ["flexible_hours"],
        "hours": [6, 8],
        "remote": False,
        "salary": (3000, 4500),
    },
}

# --------------------------------------------------------------------------------------------------
# Employers. `prefix` is the first 10 characters of the credit code (authority, type, region, and
# the start of the organisation code); the builder completes it to 17 and adds the check character.
# Jobs: (archetype, title) or (archetype, title, status). The first employer is the demo `employer`.
# --------------------------------------------------------------------------------------------------

EMPLOYERS: list[dict] = [
    {
        "key": "chenxi",
        "name": "宁波海曙晨曦电子商务有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "鼓楼街道",
        "address": "中山西路 138 号天一商务楼 5 楼",
        "contact_name": "陈女士",
        "description": "主营宁波特产和家居用品的网店运营，已连续三年吸纳残疾人就业，办公区有电梯和无障碍卫生间。",
        "jobs": [
            ("cs_text", "电商文字客服（可居家）"),
            ("cs_text", "网店售后客服"),
            ("livestream", "直播带货助理"),
            ("design", "商品详情页美工"),
            ("packing", "电商订单打包员"),
            ("cs_phone", "电话回访专员", "draft"),
            ("warehouse", "仓储分拣员（旺季）", "closed"),
        ],
    },
    {
        "key": "yongxiu",
        "name": "宁波甬绣非遗文化传播有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "月湖街道",
        "address": "镇明路 256 号",
        "contact_name": "孙女士",
        "description": "甬绣传承工作室与文创品牌，开展“非遗传承”残疾人技能培训和居家就业。",
        "jobs": [
            ("craft_embroidery", "甬绣绣工"),
            ("craft_embroidery", "甬绣学徒（零基础）"),
            ("packing", "文创产品包装员"),
            ("cs_text", "文创网店客服"),
        ],
    },
    {
        "key": "gulou_health",
        "name": "海曙区鼓楼街道社区卫生服务中心",
        "kind": "institution",
        "prefix": "12330203MB",
        "town": "鼓楼街道",
        "address": "公园路 45 号",
        "contact_name": "胡主任",
        "description": "承担辖区基本医疗和公共卫生服务，设有无障碍通道、电梯和无障碍卫生间。",
        "jobs": [
            ("archive", "病案档案整理员"),
            ("reception", "导诊台服务员"),
            ("cleaning", "门诊楼保洁员"),
        ],
    },
    {
        "key": "kangming",
        "name": "宁波海曙康明盲人推拿有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "西门街道",
        "address": "西河街 72 号",
        "contact_name": "林先生",
        "description": "盲人保健推拿连锁门店，店内使用语音排钟系统，员工多为视障推拿师。",
        "jobs": [
            ("massage", "盲人按摩师"),
            ("massage", "中医推拿师"),
            ("cs_phone", "门店预约客服"),
        ],
    },
    {
        "key": "anrou",
        "name": "宁波海曙安柔保健按摩中心",
        "kind": "enterprise",
        "prefix": "92330203MA",
        "town": "白云街道",
        "address": "环城西路南段 399 号",
        "contact_name": "许先生",
        "description": "社区保健按摩店，与区残联合作开展盲人按摩实训。",
        "jobs": [
            ("massage", "保健按摩师"),
            ("massage", "足疗推拿师", "closed"),
        ],
    },
    {
        "key": "yunqi",
        "name": "宁波云启数据科技有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "望春街道",
        "address": "望春工业园区杉杉路 21 号",
        "contact_name": "杨先生",
        "description": "人工智能数据服务企业，数据标注业务支持居家办公，为残疾人员工提供线上培训。",
        "jobs": [
            ("data", "数据标注员（居家）"),
            ("data", "图像标注质检员"),
            ("data_audio", "语音转写员"),
            ("data", "文本标注实习生（应届生）"),
        ],
    },
    {
        "key": "maixiang",
        "name": "宁波麦香坊烘焙食品有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "段塘街道",
        "address": "段塘西路 88 号",
        "contact_name": "马女士",
        "description": "社区烘焙连锁，中央厨房设“无声烘焙坊”，多名听障员工在岗。",
        "jobs": [
            ("bakery", "烘焙助理"),
            ("bakery", "西点裱花学徒"),
            ("cashier", "门店收银员"),
        ],
    },
    {
        "key": "jingyu",
        "name": "宁波海曙静语咖啡有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "月湖街道",
        "address": "偃月街 19 号",
        "contact_name": "蒋女士",
        "description": "手语友好咖啡馆，顾客可以用手语或点单卡点单，店员一半以上是听障伙伴。",
        "jobs": [
            ("barista", "咖啡师（手语友好门店）"),
            ("bakery", "咖啡馆甜点助理"),
        ],
    },
    {
        "key": "jiean",
        "name": "宁波洁安物业服务有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "南门街道",
        "address": "柳汀街 225 号",
        "contact_name": "王经理",
        "description": "物业服务企业，管理辖区多个小区和写字楼，与镇街残联合作支持性就业。",
        "jobs": [
            ("cleaning", "写字楼保洁员"),
            ("cleaning", "小区保洁员"),
            ("gardening", "小区绿化养护工"),
        ],
    },
    {
        "key": "shunjie",
        "name": "宁波海曙顺捷仓储物流有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "高桥镇",
        "address": "高桥镇长乐路 166 号",
        "contact_name": "赵先生",
        "description": "电商仓储和同城配送企业，有班车连接地铁站。",
        "jobs": [
            ("warehouse", "仓储分拣员"),
            ("packing", "坐姿打包员"),
            ("clerk", "仓库单据文员"),
        ],
    },
    {
        "key": "chezhimei",
        "name": "宁波车之美汽车服务有限公司",
        "kind": "enterprise",
        "prefix": "92330203MA",
        "town": "集士港镇",
        "address": "集士港镇菖蒲路 58 号",
        "contact_name": "钱先生",
        "description": "汽车清洗美容门店，店长会基本手语。",
        "jobs": [
            ("carwash", "洗车工"),
            ("carwash", "汽车美容学徒"),
        ],
    },
    {
        "key": "suxiu",
        "name": "宁波速修通讯设备维修有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "江厦街道",
        "address": "药行街 102 号",
        "contact_name": "冯先生",
        "description": "手机和数码产品维修服务商，维修工位全部为坐姿操作。",
        "jobs": [
            ("phone_repair", "手机维修技术员"),
            ("phone_repair", "手机维修学徒"),
        ],
    },
    {
        "key": "gulin_straw",
        "name": "宁波黄古林草编工艺品有限公司",
        "kind": "enterprise",
        "prefix": "91330212MA",
        "town": "古林镇",
        "address": "古林镇布政村工业区 9 号",
        "contact_name": "应女士",
        "description": "传承黄古林草编技艺的工艺品企业，为周边残疾人提供居家草编订单。",
        "jobs": [
            ("craft_straw", "草编手工艺人"),
            ("craft_straw", "居家草编加工"),
            ("packing", "草编产品包装工"),
        ],
    },
    {
        "key": "zhuyun",
        "name": "宁波鄞江竹韵工艺品有限公司",
        "kind": "enterprise",
        "prefix": "91330212MA",
        "town": "鄞江镇",
        "address": "鄞江镇它山堰路 31 号",
        "contact_name": "俞师傅",
        "description": "竹编非遗工坊，产品有竹篮、竹灯和茶具收纳。",
        "jobs": [
            ("craft_bamboo", "竹编工艺学徒"),
            ("craft_bamboo", "竹编师傅"),
        ],
    },
    {
        "key": "jinqi",
        "name": "宁波金漆坊文化创意有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "章水镇",
        "address": "章水镇樟村路 12 号",
        "contact_name": "邬女士",
        "description": "泥金彩漆文创工作室，参与“文创添彩”残疾人创业孵化项目。",
        "jobs": [
            ("craft_lacquer", "泥金彩漆学徒"),
            ("design", "文创产品设计助理"),
        ],
    },
    {
        "key": "lvye",
        "name": "宁波绿野园林绿化工程有限公司",
        "kind": "enterprise",
        "prefix": "91330212MA",
        "town": "洞桥镇",
        "address": "洞桥镇沿江路 201 号",
        "contact_name": "董先生",
        "description": "园林绿化施工和养护企业，自有苗圃。",
        "jobs": [
            ("gardening", "园艺绿化工"),
            ("gardening", "苗圃养护工"),
        ],
    },
    {
        "key": "hengda",
        "name": "宁波海曙恒达电子元件有限公司",
        "kind": "enterprise",
        "prefix": "91330212MA",
        "town": "横街镇",
        "address": "横街镇凤岙工业区 3 号",
        "contact_name": "邱先生",
        "description": "电子连接器生产企业，车间设有残疾职工专用工位。",
        "jobs": [
            ("piecework", "来料加工（电子元件组装）"),
            ("qc", "外观质检员"),
            ("line_worker", "流水线操作工"),
        ],
    },
    {
        "key": "shiqi_home",
        "name": "海曙区石碶街道阳光助残服务中心",
        "kind": "social_organization",
        "prefix": "52330203MJ",
        "town": "石碶街道",
        "address": "石碶街道雅戈尔大道 505 号",
        "contact_name": "褚老师",
        "description": "运营街道残疾人之家，开展日间照料、康复和辅助性就业。",
        "jobs": [
            ("sheltered", "辅助性就业手工包装"),
            ("piecework", "来料加工（串珠饰品）"),
        ],
    },
    {
        "key": "volunteer",
        "name": "海曙区助残志愿者协会",
        "kind": "social_organization",
        "prefix": "51330203MJ",
        "town": "西门街道",
        "address": "西门街道永丰路 60 号",
        "contact_name": "卫女士",
        "description": "区级助残社会团体，组织志愿服务和残疾人就业帮扶活动。",
        "jobs": [
            ("clerk", "协会办公室文员"),
            ("cs_phone", "志愿服务电话联络员"),
        ],
    },
    {
        "key": "wangchun_office",
        "name": "海曙区望春街道办事处",
        "kind": "government",
        "prefix": "11330203MB",
        "town": "望春街道",
        "address": "望春街道望春路 320 号",
        "contact_name": "蔡科长",
        "description": "街道便民服务中心，招聘编外辅助岗位。",
        "jobs": [
            ("archive", "档案数字化录入员（编外）"),
            ("clerk", "便民服务中心后台文员（编外）"),
        ],
    },
    {
        "key": "gulin_gov",
        "name": "海曙区古林镇人民政府",
        "kind": "government",
        "prefix": "11330212MB",
        "town": "古林镇",
        "address": "古林镇古林路 1 号",
        "contact_name": "叶科长",
        "description": "镇政府综合服务岗位，办公楼已完成无障碍改造。",
        "jobs": [
            ("clerk", "综合办文员（编外）"),
        ],
    },
    {
        "key": "baiyun_culture",
        "name": "海曙区白云街道综合文化站",
        "kind": "institution",
        "prefix": "12330203MB",
        "town": "白云街道",
        "address": "白云街道广安路 77 号",
        "contact_name": "潘老师",
        "description": "街道文化站，设社区图书室和非遗展示室。",
        "jobs": [
            ("library", "社区图书室整理员"),
            ("clerk", "文化活动登记员"),
        ],
    },
    {
        "key": "disability_center",
        "name": "海曙区残疾人综合服务中心",
        "kind": "institution",
        "prefix": "12330203MB",
        "town": "月湖街道",
        "address": "月湖街道解放南路 150 号",
        "contact_name": "沈主任",
        "description": "区残联下属服务机构，提供康复、辅具适配和就业指导。",
        "jobs": [
            ("aid_repair", "辅助器具维修员"),
            ("library", "盲文及有声读物室管理员"),
            ("reception", "服务大厅咨询员", "draft"),
        ],
    },
    {
        "key": "huimin",
        "name": "宁波海曙惠民超市有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "段塘街道",
        "address": "环城南路西段 620 号",
        "contact_name": "金店长",
        "description": "社区连锁超市，与段塘街道残联合作开设“阳光理货岗”。",
        "jobs": [
            ("stocker", "超市理货员"),
            ("cashier", "超市收银员"),
            ("kitchen", "熟食区帮厨"),
        ],
    },
    {
        "key": "shuchuang",
        "name": "宁波数创视觉设计有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "江厦街道",
        "address": "江厦街 80 号创意大厦 12 楼",
        "contact_name": "韩先生",
        "description": "小型设计工作室，员工可远程协作。",
        "jobs": [
            ("design", "平面设计助理（可居家）"),
            ("video", "短视频剪辑（可居家）"),
            ("video", "字幕校对员"),
        ],
    },
    {
        "key": "yueting",
        "name": "宁波海曙悦听呼叫服务有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "南门街道",
        "address": "南门街道大沙泥街 18 号",
        "contact_name": "朱女士",
        "description": "外包呼叫中心，座席已安装读屏软件，有多名视障客服。",
        "jobs": [
            ("cs_phone", "电话客服专员"),
            ("cs_phone", "视障友好热线客服"),
            ("cs_text", "在线文字客服"),
        ],
    },
    {
        "key": "yongshang",
        "name": "宁波甬上家政服务有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "白云街道",
        "address": "白云街道联丰路 233 号",
        "contact_name": "何女士",
        "description": "家政和布草洗涤服务企业。",
        "jobs": [
            ("cleaning", "家政保洁员"),
            ("laundry", "布草整理工"),
        ],
    },
    {
        "key": "longguan_agri",
        "name": "宁波龙观农业发展有限公司",
        "kind": "enterprise",
        "prefix": "91330212MA",
        "town": "龙观乡",
        "address": "龙观乡龙溪村 6 号",
        "contact_name": "姚先生",
        "description": "山区农产品合作社运营公司，线上销售竹笋、茶叶和高山蔬菜。",
        "jobs": [
            ("sorting", "农产品分拣包装工"),
            ("cs_text", "农产品网店客服"),
        ],
    },
    {
        "key": "zhangshui_tea",
        "name": "宁波章水茶业有限公司",
        "kind": "enterprise",
        "prefix": "91330212MA",
        "town": "章水镇",
        "address": "章水镇杖锡村茶园路 4 号",
        "contact_name": "应先生",
        "description": "高山茶园和茶叶加工企业。",
        "jobs": [
            ("sorting", "茶叶拣梗分级工"),
        ],
    },
    {
        "key": "jishigang_fuliao",
        "name": "宁波集士港华美服装辅料有限公司",
        "kind": "enterprise",
        "prefix": "91330212MA",
        "town": "集士港镇",
        "address": "集士港镇万众村工业区 27 号",
        "contact_name": "曹女士",
        "description": "服装辅料生产企业，长期发放来料加工订单。",
        "jobs": [
            ("sewing", "缝纫车工"),
            ("piecework", "居家来料加工（服装辅料）"),
        ],
    },
    {
        "key": "kangning",
        "name": "宁波海曙康宁养老服务中心",
        "kind": "other",
        "prefix": "52330203MJ",
        "town": "西门街道",
        "address": "西门街道望京路 99 号",
        "contact_name": "严院长",
        "description": "民办养老机构，设日间照料中心。",
        "jobs": [
            ("care_aide", "养老生活助理"),
            ("kitchen", "食堂帮厨"),
        ],
    },
    {
        "key": "lixin",
        "name": "宁波海曙立信财务咨询有限公司",
        "kind": "enterprise",
        "prefix": "91330203MA",
        "town": "鼓楼街道",
        "address": "县前街 39 号 3 楼",
        "contact_name": "吕会计",
        "description": "代理记账和财务咨询公司，办公楼有电梯。",
        "jobs": [
            ("bookkeeping", "记账助理"),
            ("archive", "会计档案整理员"),
        ],
    },
]

# --------------------------------------------------------------------------------------------------
# Seeker archetypes. needs/limitations are recorded by a counsellor and follow from the person's
# situation (never from the category alone); `desired` maps job archetypes to how a person would say it.
# --------------------------------------------------------------------------------------------------

SEEKER_ARCHETYPES: list[dict] = [
    {
        "key": "wheelchair",
        "category": 4,
        "grades": [1, 2, 2],
        "count": 18,
        "situation": "使用轮椅出行",
        "needs": ["step_free", "accessible_toilet"],
        "optional_needs": ["flexible_hours", "transport"],
        "limitations": ["stand_long", "walk_much", "climb", "lift_heavy"],
        "optional_limitations": ["drive"],
        "education": ["senior", "college", "bachelor", "junior"],
        "hours": [4, 6, 6, 8],
        "skills": [
            "电脑打字（每分钟 60 字左右）",
            "Excel 表格",
            "淘宝、抖店后台操作",
            "Photoshop 修图",
            "手机维修基础",
            "刺绣",
            "会计电算化",
            "文案写作",
            "拼音输入和五笔",
            "视频剪辑（剪映）",
        ],
        "desired": {
            "cs_text": ["电商客服", "网店文字客服", "在线客服"],
            "clerk": ["文员", "办公室文职"],
            "data": ["数据标注"],
            "design": ["美工", "平面设计"],
            "phone_repair": ["手机维修"],
            "craft_embroidery": ["甬绣"],
            "bookkeeping": ["记账助理"],
            "packing": ["坐姿打包"],
            "video": ["短视频剪辑"],
        },
    },
    {
        "key": "crutches",
        "category": 4,
        "grades": [3, 3, 4],
        "count": 12,
        "situation": "下肢残疾，拄拐行走",
        "needs": ["step_free"],
        "optional_needs": ["transport", "accessible_toilet"],
        "limitations": ["walk_much", "climb"],
        "optional_limitations": ["stand_long", "lift_heavy"],
        "education": ["junior", "senior", "college"],
        "hours": [6, 8, 8],
        "skills": [
            "电脑基本操作",
            "仓库记账",
            "扫码枪和进销存软件",
            "缝纫机操作",
            "手工编织",
            "电子元件焊接",
            "普通话较好",
            "会开电动三轮车",
            "草编",
            "包装打包",
        ],
        "desired": {
            "clerk": ["仓库文员", "文员"],
            "packing": ["打包员"],
            "sewing": ["缝纫车工"],
            "qc": ["质检员"],
            "piecework": ["来料加工"],
            "cs_phone": ["电话客服"],
            "craft_straw": ["草编"],
            "phone_repair": ["手机维修"],
        },
    },
    {
        "key": "upper_limb",
        "category": 4,
        "grades": [3, 4],
        "count": 8,
        "situation": "一侧上肢残疾",
        "needs": [],
        "optional_needs": ["job_coach", "flexible_hours"],
        "limitations": ["fine_motor", "lift_heavy"],
        "optional_limitations": ["climb"],
        "education": ["junior", "senior", "college"],
        "hours": [6, 8],
        "skills": [
            "单手打字",
            "普通话标准",
            "与人沟通",
            "社区志愿服务",
            "会说宁波话",
            "驾驶证（C2）",
            "图书分类",
            "保洁",
        ],
        "desired": {
            "cs_phone": ["电话客服", "热线客服"],
            "reception": ["前台接待", "导诊"],
            "library": ["图书整理"],
            "cleaning": ["保洁"],
            "care_aide": ["养老助理"],
            "stocker": ["理货员"],
        },
    },
    {
        "key": "mild_physical",
        "category": 4,
        "grades": [4],
        "count": 7,
        "situation": "肢体轻度残疾（矮小或关节活动受限）",
        "needs": [],
        "optional_needs": ["transport"],
        "limitations": ["lift_heavy", "climb"],
        "optional_limitations": [],
        "education": ["junior", "senior", "college"],
        "hours": [8],
        "skills": ["收银", "咖啡制作", "电脑基本操作", "做面点", "普通话较好", "带货讲解", "整理货架"],
        "desired": {
            "cashier": ["收银员"],
            "barista": ["咖啡师"],
            "livestream": ["直播助理"],
            "stocker": ["理货员"],
            "cs_phone": ["电话客服"],
            "cleaning": ["保洁"],
            "bakery": ["烘焙"],
        },
    },
    {
        "key": "blind",
        "category": 1,
        "grades": [1, 1, 2],
        "count": 11,
        "situation": "全盲，使用读屏手机和电脑",
        "needs": ["screen_reader"],
        "optional_needs": ["dorm", "transport", "job_coach"],
        "limitations": ["read_print", "drive"],
        "optional_limitations": ["fine_motor"],
        "education": ["special", "college", "senior"],
        "hours": [6, 8, 8],
        "skills": [
            "保健按摩",
            "中医推拿",
            "盲人医疗按摩",
            "读屏软件（争渡、NVDA）",
            "手机读屏（TalkBack/旁白）",
            "盲文",
            "普通话标准",
            "电话沟通",
            "穴位点按",
        ],
        "desired": {
            "massage": ["盲人按摩", "推拿", "保健按摩"],
            "cs_phone": ["电话客服（需要读屏）", "热线客服"],
            "cs_text": ["在线文字客服（用读屏软件）"],
        },
    },
    {
        "key": "low_vision",
        "category": 1,
        "grades": [3, 4, 4],
        "count": 7,
        "situation": "低视力，看字需要放大",
        "needs": ["screen_reader"],
        "optional_needs": ["flexible_hours"],
        "limitations": ["drive", "read_print"],
        "optional_limitations": ["night_shift"],
        "education": ["junior", "senior", "special"],
        "hours": [6, 8],
        "skills": ["保健按摩", "屏幕放大软件", "电话沟通", "足疗", "打扫卫生", "会说宁波话"],
        "desired": {
            "massage": ["推拿按摩", "足疗"],
            "cs_phone": ["电话回访", "电话客服"],
            "cleaning": ["保洁"],
        },
    },
    {
        "key": "deaf",
        "category": 2,
        "grades": [1, 1, 2],
        "count": 16,
        "situation": "聋人，用手语和文字交流",
        "needs": ["sign_language"],
        "optional_needs": ["job_coach"],
        "limitations": ["phone", "verbal", "hearing_signals"],
        "optional_limitations": [],
        "education": ["special", "senior", "college", "bachelor"],
        "hours": [6, 8, 8],
        "skills": [
            "手语",
            "烘焙",
            "裱花",
            "咖啡拉花",
            "洗车",
            "平面设计",
            "缝纫",
            "手机维修",
            "电脑打字",
            "剪映剪辑",
            "刺绣",
            "数据录入",
        ],
        "desired": {
            "bakery": ["烘焙", "西点"],
            "barista": ["咖啡师"],
            "carwash": ["洗车", "汽车美容"],
            "data": ["数据标注"],
            "design": ["平面设计", "美工"],
            "phone_repair": ["手机维修"],
            "sewing": ["缝纫"],
            "craft_embroidery": ["甬绣"],
            "video": ["视频剪辑"],
            "packing": ["打包"],
        },
    },
    {
        "key": "hard_of_hearing",
        "category": 2,
        "grades": [3, 4],
        "count": 9,
        "situation": "听力下降，佩戴助听器",
        "needs": ["quiet_env"],
        "optional_needs": [],
        "limitations": ["phone", "hearing_signals"],
        "optional_limitations": ["night_shift"],
        "education": ["junior", "senior", "college"],
        "hours": [6, 8],
        "skills": ["仓库拣货", "电脑录入", "档案整理", "开叉车（已过期）", "园艺", "质检", "打包", "Excel"],
        "desired": {
            "warehouse": ["仓储分拣"],
            "archive": ["档案整理"],
            "qc": ["质检"],
            "gardening": ["园艺绿化"],
            "data": ["数据标注"],
            "clerk": ["文员"],
            "packing": ["打包员"],
        },
    },
    {
        "key": "speech",
        "category": 3,
        "grades": [1, 2, 3, 4],
        "count": 10,
        "situation": "言语障碍，说话不清，用文字和手势沟通",
        "needs": [],
        "optional_needs": ["sign_language", "quiet_env"],
        "limitations": ["verbal", "phone"],
        "optional_limitations": [],
        "education": ["junior", "senior", "special", "college"],
        "hours": [6, 8],
        "skills": ["电脑打字", "图书分类", "烘焙", "仓库理货", "数据录入", "草编", "竹编", "网店后台"],
        "desired": {
            "data": ["数据标注"],
            "cs_text": ["在线文字客服"],
            "bakery": ["烘焙助理"],
            "library": ["图书整理"],
            "warehouse": ["仓储分拣"],
            "craft_bamboo": ["竹编"],
            "stocker": ["理货"],
        },
    },
    {
        "key": "intellectual",
        "category": 5,
        "grades": [2, 3, 3, 4, 4],
        "count": 20,
        "situation": "智力残疾，需要有人带着熟悉工作",
        "needs": ["job_coach"],
        "optional_needs": ["quiet_env", "transport"],
        "limitations": ["complex_decisions", "high_pressure", "drive"],
        "optional_limitations": ["night_shift"],
        "education": ["special", "special", "primary", "junior"],
        "hours": [4, 4, 6, 8],
        "skills": ["扫地拖地", "叠衣服", "洗车", "串珠", "折纸盒", "摆货架", "洗菜", "包装", "贴标签"],
        "desired": {
            "cleaning": ["保洁", "打扫卫生"],
            "carwash": ["洗车"],
            "piecework": ["来料加工", "手工"],
            "sheltered": ["残疾人之家手工"],
            "stocker": ["超市理货"],
            "kitchen": ["帮厨"],
            "bakery": ["烘焙助理"],
            "laundry": ["叠布草"],
        },
    },
    {
        "key": "mental",
        "category": 6,
        "grades": [2, 3, 3, 4],
        "count": 16,
        "situation": "病情稳定，坚持服药和复诊",
        "needs": ["quiet_env", "flexible_hours"],
        "optional_needs": ["job_coach"],
        "limitations": ["high_pressure", "night_shift"],
        "optional_limitations": ["verbal", "phone"],
        "education": ["senior", "college", "bachelor", "junior"],
        "hours": [4, 6, 6, 8],
        "skills": ["电脑录入", "档案整理", "绘画", "园艺", "竹编", "图书分类", "Excel", "修图", "记账"],
        "desired": {
            "data": ["数据标注"],
            "archive": ["档案整理"],
            "library": ["图书整理"],
            "gardening": ["园艺", "苗圃"],
            "craft_bamboo": ["竹编"],
            "craft_lacquer": ["泥金彩漆"],
            "design": ["设计"],
            "clerk": ["文员"],
            "craft_straw": ["草编"],
        },
    },
    {
        "key": "multiple_deafblind_like",
        "category": 7,
        "grades": [1, 2],
        "count": 5,
        "situation": "听力和言语多重残疾（聋哑），用手语交流",
        "needs": ["sign_language"],
        "optional_needs": ["job_coach"],
        "limitations": ["phone", "verbal", "hearing_signals"],
        "optional_limitations": ["complex_decisions"],
        "education": ["special", "junior"],
        "hours": [6, 8],
        "skills": ["手语", "缝纫", "洗车", "打包", "草编", "刺绣"],
        "desired": {
            "carwash": ["洗车"],
            "sewing": ["缝纫"],
            "packing": ["打包"],
            "craft_straw": ["草编"],
            "craft_embroidery": ["刺绣"],
        },
    },
    {
        "key": "multiple_physical_intellectual",
        "category": 7,
        "grades": [2, 3],
        "count": 5,
        "situation": "肢体和智力多重残疾，行走较慢",
        "needs": ["job_coach", "step_free"],
        "optional_needs": ["transport", "accessible_toilet"],
        "limitations": ["complex_decisions", "walk_much", "lift_heavy", "drive"],
        "optional_limitations": ["high_pressure"],
        "education": ["special", "primary"],
        "hours": [4, 6],
        "skills": ["串珠", "折纸盒", "贴标签", "分拣小零件"],
        "desired": {
            "sheltered": ["残疾人之家手工"],
            "piecework": ["来料加工"],
            "packing": ["简单包装"],
        },
    },
    {
        "key": "multiple_vision_physical",
        "category": 7,
        "grades": [2, 3],
        "count": 3,
        "situation": "视力和肢体多重残疾",
        "needs": ["screen_reader", "step_free"],
        "optional_needs": ["flexible_hours"],
        "limitations": ["read_print", "drive", "walk_much", "stand_long"],
        "optional_limitations": ["lift_heavy"],
        "education": ["senior", "college", "special"],
        "hours": [4, 6],
        "skills": ["读屏软件", "电话沟通", "普通话标准", "打字"],
        "desired": {
            "cs_text": ["在线客服（读屏）"],
            "cs_phone": ["电话客服"],
        },
    },
]

# Free-text pools. Sentences are assembled from several pools so that no two people read alike.
EXPERIENCE_TEMPLATES: list[str] = [
    "{year}年起在{place}做{job}，做了{n}年，后来因为{reason}离职。",
    "之前在{place}做过{n}年{job}，熟悉日常流程。",
    "{year}年到{year2}年在{place}当{job}；{reason}后在家休息了一段时间。",
    "在{place}做过{job}（{n}年），同事评价踏实肯干。",
    "参加过区残联组织的{training}，结业后在{place}做了{n}年{job}。",
    "做过{n}年{job}，地点在{place}；{reason}。",
]
STUDENT_EXPERIENCE: list[str] = [
    "在校期间在{place}实习三个月，做{job}。",
    "参加过学校的{training}，在{place}做过暑期实习。",
    "{year}年暑假在{place}做{job}，实习评价良好。",
]
PLACES: list[str] = [
    "江北一家网店",
    "镇上的服装厂",
    "社区超市",
    "亲戚开的小饭馆",
    "市区一家推拿店",
    "宁波南站附近的快递站",
    "福利企业",
    "工业区的电子厂",
    "一家设计公司",
    "残疾人之家",
    "社区卫生服务中心",
    "物业公司",
    "茶厂",
    "草编合作社",
    "外卖平台客服部",
    "奶茶店",
]
REASONS: list[str] = [
    "公司搬迁",
    "身体原因",
    "照顾家里老人",
    "合同到期",
    "通勤太远",
    "店铺关门",
    "疫情期间停工",
    "想换个离家近的工作",
]
TRAININGS: list[str] = [
    "电商添翼培训班",
    "盲人按摩培训",
    "烘焙技能培训",
    "甬绣非遗传承班",
    "数据标注线上培训",
    "手机维修培训",
    "创业孵化课程",
    "咖啡师培训",
]
# Where someone would have done a kind of work before, and a skill it teaches (keeps stories coherent).
JOB_CONTEXT: dict[str, tuple[list[str], list[str]]] = {
    "massage": (["市区一家推拿店", "社区保健按摩店", "盲人按摩医院"], ["保健按摩", "推拿手法"]),
    "cs_text": (["江北一家网店", "外卖平台客服部", "一家电商公司"], ["网店后台操作", "快捷短语回复"]),
    "cs_phone": (["一家呼叫中心", "社区服务热线", "保险公司电话回访组"], ["电话沟通", "客户回访记录"]),
    "piecework": (["残疾人之家", "镇上的来料加工点", "工业区的电子厂"], ["小件组装", "贴标包装"]),
    "data": (["一家数据标注公司", "线上众包平台"], ["图片标注", "文本分类"]),
    "craft_embroidery": (["刺绣工作室", "镇上的服装厂"], ["刺绣针法", "缝纫"]),
    "craft_bamboo": (["竹编合作社", "家里的竹器作坊"], ["劈篾编织"]),
    "craft_straw": (["草编合作社", "村里的草席加工点"], ["草编"]),
    "craft_lacquer": (["文创工作室", "木雕厂"], ["手绘上色"]),
    "bakery": (["一家连锁面包店", "奶茶店", "酒店后厨"], ["烘焙", "面包整形"]),
    "cleaning": (["物业公司", "社区卫生服务中心", "一家酒店"], ["保洁", "垃圾分类"]),
    "clerk": (["社区居委会", "一家贸易公司", "街道便民服务中心"], ["Word、Excel", "资料录入"]),
    "archive": (["一家档案外包公司", "社区居委会"], ["档案整理", "扫描录入"]),
    "warehouse": (["宁波南站附近的快递站", "电商仓库"], ["扫码拣货", "仓库盘点"]),
    "packing": (["电商仓库", "文创公司"], ["打包封箱", "核对订单"]),
    "carwash": (["一家洗车店", "4S 店美容部"], ["洗车", "内饰清洁"]),
    "barista": (["一家咖啡馆", "奶茶店"], ["咖啡制作", "拉花"]),
    "phone_repair": (["数码城维修档口", "手机专卖店售后部"], ["手机拆装", "屏幕更换"]),
    "livestream": (["一家直播基地", "江北一家网店"], ["直播后台操作", "选品"]),
    "library": (["社区图书室", "学校图书馆"], ["图书分类上架"]),
    "gardening": (["苗圃", "物业公司绿化组"], ["花木修剪", "育苗"]),
    "design": (["一家设计公司", "广告图文店"], ["Photoshop", "海报设计"]),
    "video": (["一家自媒体工作室", "婚庆公司"], ["剪映剪辑", "字幕制作"]),
    "cashier": (["社区超市", "便利店"], ["收银", "扫码收款"]),
    "stocker": (["社区超市", "连锁便利店"], ["理货上架"]),
    "kitchen": (["单位食堂", "亲戚开的小饭馆"], ["切配", "洗菜"]),
    "reception": (["一家酒店", "社区卫生服务中心"], ["接待登记"]),
    "sheltered": (["残疾人之家", "阳光家园"], ["串珠", "折纸盒"]),
    "laundry": (["酒店洗衣房", "洗涤公司"], ["叠布草"]),
    "qc": (["工业区的电子厂", "服装厂"], ["外观检验"]),
    "sewing": (["镇上的服装厂", "箱包厂"], ["平缝机操作"]),
    "care_aide": (["养老院", "日间照料中心"], ["陪护老人"]),
    "bookkeeping": (["代理记账公司", "一家贸易公司"], ["凭证录入", "财务软件"]),
}
SIDE_JOBS: list[str] = [
    "中间打过零工，做过发传单和包装。",
    "也在家接过来料加工的活。",
    "还在社区做过半年公益岗。",
    "疫情期间在小区做过志愿者。",
    "曾经在亲戚的小店帮忙看店。",
    "参加过残疾人职业技能竞赛。",
]
DESIRE_SUFFIXES: list[str] = [
    "",
    "",
    "，最好离家近一点",
    "，希望能居家办公",
    "，能交社保就好",
    "，希望时间灵活一些",
    "，想长期稳定地做",
    "，愿意先从学徒做起",
    "，希望单位有残疾人同事",
]
NOTE_TEMPLATES: list[str] = [
    "{situation}。求职意愿强，家人支持。",
    "{situation}。由{town}残联推荐，已参加就业指导。",
    "{situation}，{hours}小时以内的工作比较合适。",
    "{situation}；沟通顺畅，建议优先推荐{job}类岗位。",
    "{situation}。上次评估后情况稳定。",
    "{situation}。希望先试岗一周再签合同。",
]
SURNAMES: list[str] = [
    "张",
    "王",
    "李",
    "赵",
    "陈",
    "刘",
    "杨",
    "黄",
    "周",
    "吴",
    "徐",
    "孙",
    "胡",
    "朱",
    "林",
]
STEMS: list[str] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"]

# Former Yinzhou towns moved into Haishu in 2016: older residents' ID numbers carry 330212.
YINZHOU_TOWNS = {"石碶街道", "高桥镇", "横街镇", "集士港镇", "古林镇", "洞桥镇", "鄞江镇", "章水镇", "龙观乡"}


# --------------------------------------------------------------------------------------------------
# Builder
# --------------------------------------------------------------------------------------------------


@dataclass
class JobRecord:
    key: str  # "<employer key>/<index>"
    employer_key: str
    archetype: str
    title: str
    description: str
    requirements: str
    town: str
    hours_per_day: int
    remote: bool
    accessibility: list[str]
    demands: list[str]
    salary_min: int
    salary_max: int
    openings: int
    status: str
    days_ago: int


@dataclass
class SeekerRecord:
    key: str
    name: str
    archetype: str
    category_digit: int
    grade: int
    birth: date
    region: str
    seq: int
    town: str
    visible_to_employers: bool
    personalised_matching: bool
    graduating_student: bool
    email: str
    education: str
    skills: str
    experience: str
    desired_jobs: str
    desired_archetypes: list[str]
    max_hours_per_day: int
    needs: list[str]
    limitations: list[str]
    notes: str
    assessed_days_ago: int
    username: str = ""


@dataclass
class ApplicationRecord:
    seeker_key: str
    job_key: str
    message: str
    status: str = "applied"


@dataclass
class PlacementRecord:
    seeker_key: str
    employer_key: str
    job_key: str | None
    via_application: bool
    contract_start: date
    contract_end: date | None
    monthly_wage: int
    social_insurance_start: date
    on_establishment: bool


@dataclass
class HouseholdRecord:
    """A zero-employment disabled family on a town's register (零就业残疾人家庭台账)."""

    code: str
    town: str
    identified_on: date
    member_keys: list[str]
    other_employed_from: date | None = None
    other_employed_until: date | None = None
    exited_on: date | None = None
    exit_reason: str = ""


@dataclass
class DemoData:
    employers: list[dict]
    jobs: list[JobRecord]
    seekers: list[SeekerRecord]
    applications: list[ApplicationRecord] = field(default_factory=list)
    placements: list[PlacementRecord] = field(default_factory=list)
    households: list[HouseholdRecord] = field(default_factory=list)


_CREDIT_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_code_body(rng: random.Random, start: str) -> str:
    """Nine characters of an organisation code (GB 11714): 8 body characters and their check character."""
    body = start + "".join(
        rng.choice(_CREDIT_CHARS[:10] if i < 2 else _CREDIT_CHARS) for i in range(8 - len(start))
    )
    weights = [3, 7, 9, 10, 5, 8, 4, 2]
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_prefix17(rng: random.Random, prefix: str) -> str:
    """Complete a 10-character prefix (authority, type, region, first two org-code characters) to 17."""
    return prefix[:8] + org_code_body(rng, prefix[8:])


def compatible(seeker: SeekerRecord, job: JobRecord) -> bool:
    """The matching hard rules (shared/design/matching.md), so demo applications and hires are plausible."""
    if set(job.demands) & set(seeker.limitations):
        return False
    missing = set(seeker.needs) - set(job.accessibility)
    if job.remote:
        missing -= ON_SITE_ONLY
    return not missing and job.hours_per_day <= seeker.max_hours_per_day


def _pick_towns(rng: random.Random, towns: list[str], count: int) -> list[str]:
    """Every town at least a few times; the central streets a little more often."""
    weights = [3 if i < 9 else 2 for i in range(len(towns))]
    picked = list(towns) + list(towns)
    picked += rng.choices(towns, weights=weights, k=count - len(picked))
    rng.shuffle(picked)
    return picked


def _build_jobs(rng: random.Random) -> list[JobRecord]:
    jobs: list[JobRecord] = []
    used_desc: set[str] = set()
    for employer in EMPLOYERS:
        for index, spec in enumerate(employer["jobs"]):
            archetype, title = spec[0], spec[1]
            status = spec[2] if len(spec) > 2 else "published"
            arch = JOB_ARCHETYPES[archetype]
            options = [d for d in arch["descriptions"] if d not in used_desc] or arch["descriptions"]
            description = rng.choice(options)
            used_desc.add(description)
            place = (
                employer["address"]
                if employer["address"].startswith(employer["town"])
                else (employer["town"] + employer["address"])
            )
            extras = [f"工作地点：{place}。"]
            remote = arch["remote"] and ("居家" in title or rng.random() < 0.6)
            if remote:
                weekly = rng.choice(["周一", "周三", "周五"])
                extras = [
                    f"可居家办公，每{weekly}线上例会一次；需要时到{employer['town']}办公室培训。"
                    if rng.random() < 0.5
                    else f"以居家远程办公为主，公司在{place}。"
                ]
            if archetype == "cs_text" and "（可居家）" not in title and not remote:
                extras.append("在公司办公区坐班。")
            requirements = "".join(rng.sample(arch["requirements"], k=min(2, len(arch["requirements"]))))
            accessibility = list(arch["accessibility"])
            for extra in arch["extra_access"]:
                if rng.random() < 0.4:
                    accessibility.append(extra)
            demands = list(arch["demands"])
            if archetype == "cs_text" and "screen_reader" not in accessibility:
                demands.append("read_print")
            hours = rng.choice(arch["hours"])
            lo, hi = arch["salary"]
            salary_min = max(2490, round(rng.uniform(lo, (lo + hi) / 2) / 100) * 100)
            salary_max = min(8000, max(salary_min + 500, round(rng.uniform((lo + hi) / 2, hi) / 100) * 100))
            jobs.append(
                JobRecord(
                    key=f"{employer['key']}/{index}",
                    employer_key=employer["key"],
                    archetype=archetype,
                    title=title,
                    description=description + "".join(extras),
                    requirements=requirements,
                    town=employer["town"],
                    hours_per_day=hours,
                    remote=remote,
                    accessibility=accessibility,
                    demands=demands,
                    salary_min=salary_min,
                    salary_max=salary_max,
                    openings=rng.choice([1, 1, 2, 2, 3, 5]),
                    status=status,
                    days_ago=rng.randint(1, 75),
                )
            )
    # The demo employer's headline job: on-site-compatible for a wheelchair user, remote, 6 hours.
    headline = jobs[0]
    headline.remote = True
    headline.hours_per_day = 6
    headline.demands = []
    headline.accessibility = ["screen_reader", "flexible_hours", "step_free", "accessible_toilet"]
    headline.description = (
        "通过千牛、抖店后台用文字回复顾客咨询，处理改地址、催发货、退换货等售后问题；"
        "可居家办公，也可以到鼓楼公司办公区坐班（有电梯和无障碍卫生间）。"
    )
    headline.requirements = "会电脑打字，有耐心；新人有一周带岗培训。读屏软件用户可应聘。"
    return jobs


def _sentence(rng: random.Random, seeker_job: str, student: bool, archetype: str = "") -> str:
    year = rng.randint(2008, 2020)
    fill = {
        "year": year,
        "year2": year + rng.randint(1, 4),
        "n": rng.randint(1, 8),
        "place": rng.choice(JOB_CONTEXT[archetype][0] if archetype in JOB_CONTEXT else PLACES),
        "job": seeker_job,
        "reason": rng.choice(REASONS),
        "training": rng.choice(TRAININGS),
    }
    if student:
        fill["year"] = rng.choice([2024, 2025])
        return rng.choice(STUDENT_EXPERIENCE).format(**fill)
    return rng.choice(EXPERIENCE_TEMPLATES).format(**fill)


def _build_seekers(rng: random.Random, towns: list[str]) -> list[SeekerRecord]:
    total = sum(a["count"] for a in SEEKER_ARCHETYPES)
    town_list = _pick_towns(rng, towns, total)
    names = [s + t for s in SURNAMES for t in STEMS]
    rng.shuffle(names)
    seekers: list[SeekerRecord] = []
    i = 0
    for arch in SEEKER_ARCHETYPES:
        for j in range(arch["count"]):
            grade = arch["grades"][j % len(arch["grades"])]
            student = rng.random() < 0.08 and arch["key"] not in {
                "intellectual",
                "multiple_physical_intellectual",
            }
            birth_year = rng.choice([2003, 2004]) if student else rng.randint(1968, 2005)
            birth = date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
            town = town_list[i]
            region = (
                "330212" if town in YINZHOU_TOWNS and birth_year < 2016 and rng.random() < 0.7 else "330203"
            )
            needs = list(arch["needs"]) + [n for n in arch["optional_needs"] if rng.random() < 0.3]
            limitations = list(arch["limitations"]) + [
                x for x in arch["optional_limitations"] if rng.random() < 0.35
            ]
            desired_keys = rng.sample(
                sorted(arch["desired"]), k=min(len(arch["desired"]), rng.choice([1, 2, 2, 3]))
            )
            desired_words = [rng.choice(arch["desired"][k]) for k in desired_keys]
            desired = "、".join(desired_words) + rng.choice(DESIRE_SUFFIXES)
            skill_items = (
                [rng.choice(JOB_CONTEXT[desired_keys[0]][1])] if desired_keys[0] in JOB_CONTEXT else []
            )
            skill_items += [
                x for x in rng.sample(arch["skills"], k=rng.randint(1, 3)) if x not in skill_items
            ]
            skills = "、".join(skill_items)
            if rng.random() < 0.4:
                skills += rng.choice(["；做事细心", "；学东西快", "；能吃苦", "；会用智能手机", "；有耐心"])
            experience = _sentence(rng, desired_words[0].split("（")[0], student, desired_keys[0])
            if not student and rng.random() < 0.35:
                experience += rng.choice(SIDE_JOBS)
            hours = rng.choice(arch["hours"])
            note = rng.choice(NOTE_TEMPLATES).format(
                situation=arch["situation"], town=town, hours=hours, job=desired_words[0]
            )
            education = (
                rng.choice(["college", "bachelor", "special"]) if student else rng.choice(arch["education"])
            )
            seekers.append(
                SeekerRecord(
                    key=f"s{i:03d}",
                    name=names[i],
                    archetype=arch["key"],
                    category_digit=arch["category"],
                    grade=grade,
                    birth=birth,
                    region=region,
                    seq=100 + i * 5 + (birth_year % 2),
                    town=town,
                    visible_to_employers=rng.random() < 0.8,
                    personalised_matching=rng.random() > 0.05,
                    graduating_student=student,
                    email=f"demo.seeker{i:03d}@example.com" if rng.random() < 0.3 else "",
                    education=education,
                    skills=skills,
                    experience=experience,
                    desired_jobs=desired,
                    desired_archetypes=desired_keys,
                    max_hours_per_day=hours,
                    needs=needs,
                    limitations=limitations,
                    notes=note,
                    assessed_days_ago=rng.randint(3, 200),
                )
            )
            i += 1
    _shape_demo_seekers(seekers)
    return seekers


def _shape_demo_seekers(seekers: list[SeekerRecord]) -> None:
    """Fix the two seekers bound to the demo accounts so the demo story always works."""
    s1 = next(s for s in seekers if s.archetype == "wheelchair")
    s1.username = "seeker"
    s1.town = "鼓楼街道"
    s1.region = "330203"
    s1.grade = 2
    s1.visible_to_employers = True
    s1.personalised_matching = True
    s1.graduating_student = False
    s1.birth = date(1994, 5, 17)
    s1.needs = ["step_free", "accessible_toilet"]
    s1.limitations = ["stand_long", "walk_much", "climb", "lift_heavy"]
    s1.max_hours_per_day = 6
    s1.education = "college"
    s1.skills = "电脑打字每分钟 70 字、淘宝千牛和抖店后台、Excel 做表、会一点 Photoshop"
    s1.experience = "2016年起在江北一家网店做售后客服，做了5年；公司搬到杭州后在家接过零散的客服单。"
    s1.desired_jobs = "电商客服、网店文字客服，最好能居家办公或离家近"
    s1.desired_archetypes = ["cs_text", "clerk"]
    s1.notes = "使用轮椅出行，上肢功能良好。由鼓楼街道残联推荐，打字快、沟通清楚。"

    s2 = next(s for s in seekers if s.archetype == "deaf" and s is not s1)
    s2.username = "seeker2"
    s2.town = "石碶街道"
    s2.region = "330212"
    s2.grade = 1
    s2.visible_to_employers = True
    s2.personalised_matching = True
    s2.graduating_student = True
    s2.birth = date(2004, 3, 9)
    s2.needs = ["sign_language"]
    s2.limitations = ["phone", "verbal", "hearing_signals"]
    s2.max_hours_per_day = 8
    s2.education = "college"
    s2.skills = "手语、Photoshop、剪映剪辑、电脑打字"
    s2.experience = (
        "宁波某特殊教育学校高职部视觉传达专业应届毕业；2025年暑假在一家设计公司实习两个月，做海报。"
    )
    s2.desired_jobs = "平面设计、视频剪辑，数据标注也可以"
    s2.desired_archetypes = ["design", "video", "data"]
    s2.notes = "聋人，用手语和文字交流。应届毕业生，学校就业指导老师陪同评估。"


def _build_applications(rng: random.Random, seekers: list[SeekerRecord], jobs: list[JobRecord]) -> list:
    published = [j for j in jobs if j.status == "published"]
    applications: list[ApplicationRecord] = []
    messages = [
        "您好，我对这个岗位很感兴趣，希望有机会面试。",
        "我有相关经验，可以随时到岗。",
        "请问可以先试岗吗？",
        "我是残联推荐来的，麻烦看一下我的资料。",
        "离家比较近，想来试试。",
        "",
    ]
    for seeker in seekers:
        if seeker.username == "seeker":
            target = [j for j in published if j.key == "chenxi/0"]
        elif seeker.username == "seeker2":
            target = [j for j in published if j.archetype == "design" and compatible(seeker, j)][:1]
        elif rng.random() < 0.22:
            fitting = [
                j for j in published if j.archetype in seeker.desired_archetypes and compatible(seeker, j)
            ]
            target = rng.sample(fitting, k=min(len(fitting), rng.choice([1, 1, 2])))
        else:
            target = []
        for job in target:
            status = (
                "applied"
                if seeker.username
                else rng.choice(["applied", "applied", "invited", "interviewed", "rejected"])
            )
            applications.append(ApplicationRecord(seeker.key, job.key, rng.choice(messages), status))
    return applications


def _build_placements(rng: random.Random, data: DemoData) -> list[PlacementRecord]:
    kinds = {e["key"]: e["kind"] for e in EMPLOYERS}
    applied = {a.seeker_key for a in data.applications}
    placements: list[PlacementRecord] = []
    candidates = [s for s in data.seekers if not s.username and s.key not in applied]
    rng.shuffle(candidates)
    used_jobs: set[str] = set()
    for seeker in candidates:
        if len(placements) >= 15:
            break
        fitting = [
            j
            for j in data.jobs
            if j.status in {"published", "closed"}
            and j.key not in used_jobs
            and j.archetype in seeker.desired_archetypes
            and compatible(seeker, j)
        ]
        if not fitting:
            continue
        job = rng.choice(fitting)
        used_jobs.add(job.key)
        start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 640))
        years = rng.choice([1, 2, 3, None])
        end = None
        if years is not None:
            end = date(start.year + years, start.month, min(start.day, 28)) - timedelta(days=1)
        wage = max(2490, round(rng.uniform(job.salary_min, job.salary_max) / 10) * 10)
        si_start = date(start.year, start.month, 1)
        via_application = job.status == "published" or rng.random() < 0.5
        placements.append(
            PlacementRecord(
                seeker_key=seeker.key,
                employer_key=job.employer_key,
                job_key=job.key if rng.random() < 0.85 or via_application else None,
                via_application=via_application,
                contract_start=start,
                contract_end=end,
                monthly_wage=wage,
                social_insurance_start=si_start,
                on_establishment=kinds[job.employer_key] in {"government", "institution"}
                and rng.random() < 0.3,
            )
        )
    return placements


def _build_households(rng: random.Random, seekers: list[SeekerRecord], towns: list[str]) -> list[HouseholdRecord]:
    """About half of each town's placeholder seekers live in a family on the zero-employment register;
    a quarter of those families have a second registered member, some have another member who found
    work outside the platform, a few have left the register."""
    households: list[HouseholdRecord] = []
    for index, town in enumerate(towns, start=1):
        pool = sorted(s.key for s in seekers if s.town == town and not s.username)
        rng.shuffle(pool)
        heads, rest = pool[: (len(pool) + 1) // 2], pool[(len(pool) + 1) // 2:]
        for n, head in enumerate(heads, start=1):
            members = [head]
            if rest and rng.random() < 0.25:
                members.append(rest.pop())
            identified = date(2023, 3, 1) + timedelta(days=rng.randint(0, 800))
            record = HouseholdRecord(code=f"HS{index:02d}-{n:03d}", town=town, identified_on=identified,
                                     member_keys=members)
            roll = rng.random()
            if roll < 0.15:
                record.other_employed_from = identified + timedelta(days=rng.randint(60, 500))
                if rng.random() < 0.3:
                    record.other_employed_until = record.other_employed_from + timedelta(days=365)
            elif roll < 0.2:
                record.exited_on = identified + timedelta(days=rng.randint(100, 600))
                record.exit_reason = "迁出海曙区"
            households.append(record)
    return households


def build(towns: list[str]) -> DemoData:
    """All demo records, the same on every call (``random.Random(2026)``)."""
    rng = random.Random(SEED)
    jobs = _build_jobs(rng)
    seekers = _build_seekers(rng, towns)
    data = DemoData(employers=EMPLOYERS, jobs=jobs, seekers=seekers)
    data.applications = _build_applications(rng, seekers, jobs)
    data.placements = _build_placements(rng, data)
    # Own generator, so the families never shift the other records (and vice versa).
    data.households = _build_households(random.Random(SEED + 3), seekers, towns)
    return data
