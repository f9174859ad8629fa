"""The demo data set: state bodies, their units, one person per project role and a national hierarchy.

Everything here is fictional but plausible: the state bodies carry real names so the setting is recognisable,
the programs, projects, people and figures are invented. Names are (Kazakh, Russian, English); a goal is written
in Russian, the working language of such documents; budgets are in **million** KZT and add up the hierarchy
(a group's, direction's, program's and portfolio's budget is the sum of the projects below it). Dates are fixed,
so a second run finds exactly what the first one made.

The demo credentials live only in this module (never in settings): ``admin``/``admin`` and one login per role
code with the password ``demo``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from org.choices import BodyKind, Region, UnitKind
from pmis.core.choices import Stage, Status
from programs.choices import ProgramKind, StandardGroup

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"  # a demo login, shown to the newcomer by `make run`
DEMO_PASSWORD = "demo"  # every role login of the demo
Names = tuple[str, str, str]  # (kk, ru, en)

INIT, PLAN, IMPL = Stage.INITIATION, Stage.PLANNING, Stage.IMPLEMENTATION
MON, CLOSE = Stage.MONITORING, Stage.CLOSURE
ACTIVE, SUSPENDED, COMPLETED, CANCELLED = Status.ACTIVE, Status.SUSPENDED, Status.COMPLETED, Status.CANCELLED


# --- the shapes of the data set ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitSpec:
    code: str
    names: Names
    kind: str = UnitKind.STRUCTURAL


@dataclass(frozen=True)
class BodySpec:
    code: str
    names: Names
    kind: str
    units: tuple[UnitSpec, ...]
    region: str = ""


@dataclass(frozen=True)
class PersonSpec:
    """A demo person; `username` is the role code, `unit` is (body code, unit code)."""

    username: str
    last_name: str
    first_name: str
    patronymic: str
    position: str
    unit: tuple[str, str]
    language: str = "ru"


@dataclass(frozen=True)
class ProjectSpec:
    names: Names
    goal: str
    start: date
    end: date
    budget: int  # million KZT
    stage: str = IMPL
    status: str = ACTIVE
    owner: str = ""  # body code; the group's body when empty


@dataclass(frozen=True)
class GroupSpec:
    names: Names
    goal: str
    projects: tuple[ProjectSpec, ...] = ()
    groups: tuple[GroupSpec, ...] = ()  # nested groups (Rules p.42)


@dataclass(frozen=True)
class DirectionSpec:
    names: Names
    goal: str
    groups: tuple[GroupSpec, ...]


@dataclass(frozen=True)
class ProgramSpec:
    names: Names
    goal: str
    kind: str
    owner: str
    start: date
    end: date
    directions: tuple[DirectionSpec, ...]
    region: str = ""
    stage: str = IMPL


@dataclass(frozen=True)
class PortfolioSpec:
    names: Names
    goal: str
    owner: str
    start: date
    end: date
    programs: tuple[ProgramSpec, ...]
    stage: str = IMPL


@dataclass(frozen=True)
class StandardProjectsSpec:
    """Projects placed in one of a state body's six standard groups (Rules p.56)."""

    body: str
    kind: str
    projects: tuple[ProjectSpec, ...] = field(default=())


D = date
OFFICE = "project-office"

# --- state bodies and their units ----------------------------------------------------------------------------


STRATEGY_NAMES: Names = ("Стратегиялық жоспарлау департаменті", "Департамент стратегического планирования",
                         "Department of strategic planning")  # fmt: skip


def _strategy(names: Names = STRATEGY_NAMES) -> UnitSpec:
    """The strategic planning unit every ministry has; it also hosts the body's project office (Rules p.47)."""
    return UnitSpec("strategy", names)


BODIES: tuple[BodySpec, ...] = (
    BodySpec(
        OFFICE,
        ("Ұлттық жобалық офис", "Национальный проектный офис", "National Project Office"),
        BodyKind.OFFICE,
        (
            UnitSpec("management", ("Жобалық офис басшылығы", "Руководство Проектного офиса",
                                    "Management of the Project Office")),
            UnitSpec("monitoring", ("Ұлттық жобалар мониторингі департаменті",
                                    "Департамент мониторинга национальных проектов",
                                    "Department for monitoring of national projects")),
            UnitSpec("sac", ("Ситуациялық-талдау орталығы", "Ситуационно-аналитический центр",
                             "Situational and analytical centre")),
            UnitSpec("methodology", ("Жобалық басқару әдіснамасы басқармасы",
                                     "Управление методологии проектного управления",
                                     "Division of project management methodology")),
            UnitSpec("competence-centre", ("«Жобалық басқару құзыреттер орталығы» АҚ",
                                           "АО «Центр компетенций проектного управления»",
                                           "JSC Project Management Competence Centre"), UnitKind.SUBORDINATE),
        ),
    ),
    BodySpec(
        "minzdrav",
        ("Қазақстан Республикасы Денсаулық сақтау министрлігі", "Министерство здравоохранения Республики Казахстан",
         "Ministry of Healthcare of the Republic of Kazakhstan"),
        BodyKind.CENTRAL,
        (
            _strategy(("Стратегиялық даму департаменті", "Департамент стратегического развития",
                       "Department of strategic development")),
            UnitSpec("medical-care", ("Медициналық көмекті ұйымдастыру департаменті",
                                      "Департамент организации медицинской помощи",
                                      "Department of medical care organisation")),
            UnitSpec("digital-health", ("Цифрлық денсаулық сақтау департаменті",
                                        "Департамент цифрового здравоохранения", "Department of digital healthcare")),
            UnitSpec("rchd", ("«Республикалық денсаулық сақтауды дамыту орталығы» ШЖҚ РМК",
                              "РГП на ПХВ «Республиканский центр развития здравоохранения»",
                              "RSE Republican Centre for Healthcare Development"), UnitKind.SUBORDINATE),
        ),
    ),
    BodySpec(
        "mtszn",
        ("Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
         "Министерство труда и социальной защиты населения Республики Казахстан",
         "Ministry of Labour and Social Protection of the Population of the Republic of Kazakhstan"),
        BodyKind.CENTRAL,
        (
            _strategy(("Стратегиялық жоспарлау және талдау департаменті",
                       "Департамент стратегического планирования и анализа",
                       "Department of strategic planning and analysis")),
            UnitSpec("employment", ("Жұмыспен қамту саясаты департаменті", "Департамент политики занятости",
                                    "Department of employment policy")),
            UnitSpec("social-assistance", ("Әлеуметтік көмек департаменті", "Департамент социальной помощи",
                                           "Department of social assistance")),
            UnitSpec("workforce-centre", ("«Еңбек ресурстарын дамыту орталығы» АҚ",
                                          "АО «Центр развития трудовых ресурсов»",
                                          "JSC Workforce Development Centre"), UnitKind.SUBORDINATE),
        ),
    ),
    BodySpec(
        "minenergo",
        ("Қазақстан Республикасы Энергетика министрлігі", "Министерство энергетики Республики Казахстан",
         "Ministry of Energy of the Republic of Kazakhstan"),
        BodyKind.CENTRAL,
        (
            _strategy(),
            UnitSpec("electricity", ("Электр энергетикасын дамыту департаменті",
                                     "Департамент развития электроэнергетики",
                                     "Department of electric power development")),
            UnitSpec("heat", ("Жылу энергетикасын дамыту департаменті", "Департамент развития теплоэнергетики",
                              "Department of heat power development")),
            UnitSpec("analysis", ("Талдау және мониторинг департаменті", "Департамент анализа и мониторинга",
                                  "Department of analysis and monitoring")),
            UnitSpec("energy-efficiency-centre", ("«Энергия тиімділігі және энергия үнемдеу орталығы» РМК",
                                                  "РГП «Центр энергоэффективности и энергосбережения»",
                                                  "RSE Energy Efficiency and Energy Saving Centre"),
                     UnitKind.SUBORDINATE),
        ),
    ),
    BodySpec(
        "mps",
        ("Қазақстан Республикасы Өнеркәсіп және құрылыс министрлігі",
         "Министерство промышленности и строительства Республики Казахстан",
         "Ministry of Industry and Construction of the Republic of Kazakhstan"),
        BodyKind.CENTRAL,
        (
            _strategy(),
            UnitSpec("construction", ("Құрылыс және тұрғын үй-коммуналдық шаруашылық істері комитеті",
                                      "Комитет по делам строительства и жилищно-коммунального хозяйства",
                                      "Committee for construction, housing and utilities")),
            UnitSpec("industry", ("Индустриялық даму департаменті", "Департамент индустриального развития",
                                  "Department of industrial development")),
            UnitSpec("utilities-centre", ("«Қазақстандық тұрғын үй-коммуналдық шаруашылықты жаңғырту және дамыту "
                                          "орталығы» АҚ",
                                          "АО «Казахстанский центр модернизации и развития жилищно-коммунального "
                                          "хозяйства»",
                                          "JSC Kazakhstan Centre for Modernisation of Housing and Utilities"),
                     UnitKind.SUBORDINATE),
        ),
    ),
    BodySpec(
        "mcriap",
        ("Қазақстан Республикасы Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрлігі",
         "Министерство цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан",
         "Ministry of Digital Development, Innovations and Aerospace Industry of the Republic of Kazakhstan"),
        BodyKind.CENTRAL,
        (
            _strategy(),
            UnitSpec("public-services", ("Мемлекеттік көрсетілетін қызметтерді дамыту департаменті",
                                         "Департамент развития государственных услуг",
                                         "Department of public services development")),
            UnitSpec("digital-transformation", ("Цифрлық трансформация департаменті",
                                                "Департамент цифровой трансформации",
                                                "Department of digital transformation")),
            UnitSpec("nit", ("«Ұлттық ақпараттық технологиялар» АҚ", "АО «Национальные информационные технологии»",
                             "JSC National Information Technologies"), UnitKind.SUBORDINATE),
        ),
    ),
    BodySpec(
        "akimat-karaganda",
        ("Қарағанды облысының әкімдігі", "Акимат Карагандинской области", "Akimat of Karaganda region"),
        BodyKind.LOCAL,
        (
            UnitSpec("economy", ("Қарағанды облысының экономика және бюджеттік жоспарлау басқармасы",
                                 "Управление экономики и бюджетного планирования Карагандинской области",
                                 "Department of economy and budget planning of Karaganda region")),
            UnitSpec("energy-utilities", ("Қарағанды облысының энергетика және тұрғын үй-коммуналдық шаруашылық "
                                          "басқармасы",
                                          "Управление энергетики и жилищно-коммунального хозяйства Карагандинской "
                                          "области",
                                          "Department of energy, housing and utilities of Karaganda region")),
            UnitSpec("health", ("Қарағанды облысының денсаулық сақтау басқармасы",
                                "Управление здравоохранения Карагандинской области",
                                "Health department of Karaganda region")),
            UnitSpec("digital-centre", ("«Қарағанды облысының цифрландыру орталығы» КМК",
                                        "КГП «Центр цифровизации Карагандинской области»",
                                        "MSE Karaganda Region Digitalisation Centre"), UnitKind.SUBORDINATE),
        ),
        region=Region.KARAGANDA,
    ),
    BodySpec(
        "akimat-pavlodar",
        ("Павлодар облысының әкімдігі", "Акимат Павлодарской области", "Akimat of Pavlodar region"),
        BodyKind.LOCAL,
        (
            UnitSpec("economy", ("Павлодар облысының экономика және бюджеттік жоспарлау басқармасы",
                                 "Управление экономики и бюджетного планирования Павлодарской области",
                                 "Department of economy and budget planning of Pavlodar region")),
            UnitSpec("energy-utilities", ("Павлодар облысының энергетика және тұрғын үй-коммуналдық шаруашылық "
                                          "басқармасы",
                                          "Управление энергетики и жилищно-коммунального хозяйства Павлодарской "
                                          "области",
                                          "Department of energy, housing and utilities of Pavlodar region")),
            UnitSpec("employment", ("Павлодар облысының жұмыспен қамтуды үйлестіру және әлеуметтік бағдарламалар "
                                    "басқармасы",
                                    "Управление координации занятости и социальных программ Павлодарской области",
                                    "Department of employment coordination and social programmes of Pavlodar "
                                    "region")),
            UnitSpec("energy-saving-centre", ("«Павлодар облыстық энергия үнемдеу орталығы» КМК",
                                              "КГП «Павлодарский областной центр энергосбережения»",
                                              "MSE Pavlodar Regional Energy Saving Centre"), UnitKind.SUBORDINATE),
        ),
        region=Region.PAVLODAR,
    ),
)  # fmt: skip

# --- people: the administrator and one person per role code ----------------------------------------------------

ADMIN = PersonSpec(ADMIN_USERNAME, "Сапаров", "Ерболат", "Нурланович", "Администратор PMIS",
                   (OFFICE, "methodology"))  # fmt: skip

PEOPLE: tuple[PersonSpec, ...] = (
    PersonSpec("np_curator", "Абенов", "Марат", "Кайратович",
               "Куратор национального приоритета «Справедливая социальная политика»", (OFFICE, "management")),
    PersonSpec("np_council_member", "Искакова", "Гульнара", "Маратовна",
               "Вице-министр труда и социальной защиты населения", ("mtszn", "strategy")),
    PersonSpec("cab_secretary", "Тулегенов", "Нұрлан", "Бекұлы",
               "Консультативтік-кеңесші орган хатшылығының меңгерушісі", (OFFICE, "management"), "kk"),
    PersonSpec("office_staff", "Сейітқали", "Айжан", "Бауыржанқызы",
               "Ұлттық жобалар мониторингі департаментінің бас сарапшысы", (OFFICE, "monitoring"), "kk"),
    PersonSpec("np_group_head", "Нурланов", "Тимур", "Аскарович",
               "Руководитель группы по реализации национального приоритета", (OFFICE, "monitoring")),
    PersonSpec("program_manager", "Омарова", "Динара", "Ерлановна",
               "Вице-министр энергетики, руководитель национального проекта", ("minenergo", "strategy")),
    PersonSpec("committee_chair", "Қасымов", "Бауыржан", "Айдарұлы", "Энергетика бірінші вице-министрі",
               ("minenergo", "strategy"), "kk"),
    PersonSpec("committee_deputy_chair", "Ахметова", "Салтанат", "Нурлановна",
               "Председатель Комитета по делам строительства и ЖКХ", ("mps", "construction")),
    PersonSpec("committee_member", "Садықов", "Ержан", "Мұратұлы",
               "Электр энергетикасын дамыту департаментінің директоры", ("minenergo", "electricity"), "kk"),
    PersonSpec("po_head", "Байжанова", "Асель", "Тимуровна", "Руководитель проектного офиса Министерства энергетики",
               ("minenergo", "strategy")),
    PersonSpec("po_chief_manager", "Мухамеджанов", "Арман", "Серикович", "Главный менеджер проектного офиса",
               ("minenergo", "strategy")),
    PersonSpec("po_admin", "Кенжебаева", "Жанар", "Болатқызы", "Жобалық кеңсенің әкімшісі",
               ("minenergo", "strategy"), "kk"),
    PersonSpec("pm_consultant", "Ермеков", "Данияр", "Канатович", "Консультант по проектному управлению",
               (OFFICE, "competence-centre")),
    PersonSpec("sac_head", "Смагулова", "Камила", "Рустемовна", "Руководитель ситуационно-аналитического центра",
               (OFFICE, "sac")),
    PersonSpec("sac_analyst", "Абдрахманов", "Асхат", "Ерболұлы", "Ситуациялық-талдау орталығының менеджер-талдаушысы",
               (OFFICE, "sac"), "kk"),
    PersonSpec("cc_head", "Жаксылыков", "Берик", "Талгатович", "Руководитель коммуникационного центра",
               (OFFICE, "competence-centre")),
    PersonSpec("cc_manager", "Өтегенова", "Айгүл", "Сабитқызы", "Коммуникациялық орталықтың менеджері",
               (OFFICE, "competence-centre"), "kk"),
    PersonSpec("expert_council_member", "Нургалиев", "Серик", "Абаевич",
               "Главный научный сотрудник, член экспертного совета", ("minzdrav", "rchd")),
    PersonSpec("expert_council_secretary", "Байғожина", "Мадина", "Ерменқызы", "Сараптамалық кеңестің хатшысы",
               (OFFICE, "methodology"), "kk"),
    PersonSpec("acceleration_head", "Толеуов", "Ринат", "Маратович", "Руководитель группы ускорения",
               ("mcriap", "digital-transformation")),
    PersonSpec("acceleration_manager", "Сәрсенбаева", "Әлия", "Қайратқызы", "Жеделдету тобының менеджері",
               ("mcriap", "digital-transformation"), "kk"),
    PersonSpec("public_monitor", "Жұмағұлов", "Ерболат", "Амангелдіұлы",
               "Қарағанды облысы қоғамдық кеңесінің мүшесі, қоғамдық мониторинг тобы", ("akimat-karaganda", "economy"),
               "kk"),
    PersonSpec("bd_head", "Кожахметов", "Айдос", "Бекенович", "Директор Департамента развития теплоэнергетики",
               ("minenergo", "heat")),
    PersonSpec("standard_bd_head", "Рахымжанова", "Гаухар", "Серікқызы", "Стратегиялық даму департаментінің директоры",
               ("minzdrav", "strategy"), "kk"),
    PersonSpec("gibd_head", "Бекмагамбетов", "Нуржан", "Оразович",
               "Руководитель группы по реализации базового направления", ("minzdrav", "medical-care")),
    PersonSpec("gibd_chief_manager", "Мусина", "Айнур", "Жанатовна",
               "Главный менеджер группы по реализации базового направления", ("minzdrav", "medical-care")),
    PersonSpec("gibd_admin", "Оспанов", "Дастан", "Мұратұлы", "Базалық бағытты іске асыру тобының әкімшісі",
               ("minzdrav", "digital-health"), "kk"),
    PersonSpec("expert_group_member", "Шаймерденова", "Лаура", "Ахметовна", "Ведущий аналитик",
               ("mtszn", "workforce-centre")),
    PersonSpec("gp_curator", "Тәжібаев", "Қайрат", "Нұрланұлы",
               "Энергетика және тұрғын үй-коммуналдық шаруашылық басқармасының басшысы",
               ("akimat-karaganda", "energy-utilities"), "kk"),
    PersonSpec("gp_head", "Ибраева", "Жанна", "Кенесовна", "Заместитель руководителя управления энергетики и ЖКХ",
               ("akimat-karaganda", "energy-utilities")),
    PersonSpec("project_coordinator", "Алимжанов", "Тимур", "Рашидович", "Координатор проектов",
               ("mtszn", "employment")),
    PersonSpec("project_curator", "Сулейменов", "Болат", "Жексенович", "Директор Департамента политики занятости",
               ("mtszn", "employment")),
    PersonSpec("project_initiator", "Дүйсенова", "Әсем", "Маратқызы",
               "Әлеуметтік көмек департаменті директорының орынбасары", ("mtszn", "social-assistance"), "kk"),
    PersonSpec("project_sponsor", "Карабаев", "Мейрам", "Ахметович",
               "Ответственный секретарь Министерства труда и социальной защиты населения", ("mtszn", "strategy")),
    PersonSpec("project_customer", "Есенова", "Динара", "Болатқызы",
               "Жұмыспен қамтуды үйлестіру және әлеуметтік бағдарламалар басқармасының басшысы",
               ("akimat-pavlodar", "employment"), "kk"),
    PersonSpec("project_manager", "Жанибеков", "Олжас", "Ерланович", "Главный эксперт Департамента политики занятости",
               ("mtszn", "employment")),
    PersonSpec("team_member", "Маратова", "Томирис", "Асхатқызы", "Жұмыспен қамту саясаты департаментінің сарапшысы",
               ("mtszn", "employment"), "kk"),
    PersonSpec("task_executor", "Серікбаев", "Нұрсұлтан", "Дәулетұлы", "Бағдарламашы-әзірлеуші",
               ("mcriap", "nit"), "kk"),
)  # fmt: skip

#: Where a person for a role added to the catalogue later (and so missing above) is placed.
FALLBACK_UNIT = (OFFICE, "monitoring")
FALLBACK_NAMES = (("Әлімов", "Айбек", "Серікұлы"), ("Қалиева", "Гүлнұр", "Асқарқызы"))

# --- the national hierarchy -------------------------------------------------------------------------------------

P = ProjectSpec
G = GroupSpec

SOCIAL = PortfolioSpec(
    ("Әділетті әлеуметтік саясат", "Справедливая социальная политика", "Fair social policy"),
    "Повышение уровня и качества жизни населения, снижение уровня бедности и неравенства доходов к 2029 году.",
    "mtszn", D(2025, 1, 1), D(2029, 12, 31),
    programs=(
        ProgramSpec(
            ("Өнімді жұмыспен қамтуды және жаппай кәсіпкерлікті дамытудың 2025–2029 жылдарға арналған бағдарламасы",
             "Программа развития продуктивной занятости и массового предпринимательства на 2025–2029 годы",
             "Programme of productive employment and mass entrepreneurship for 2025–2029"),
            "Снизить уровень безработицы до 4,5% и вовлечь 1 млн человек в продуктивную занятость к 2029 году.",
            ProgramKind.PROGRAM, "mtszn", D(2025, 1, 1), D(2029, 6, 30),
            directions=(
                DirectionSpec(
                    ("Халықты жұмыспен қамтуға жәрдемдесу", "Содействие занятости населения",
                     "Promotion of employment"),
                    "Вовлечь безработных и непродуктивно самозанятых в продуктивную занятость.",
                    groups=(
                        G(("Жастарды жұмыспен қамту", "Молодёжная занятость", "Youth employment"),
                          "Снизить долю молодёжи категории NEET до 6%.",
                          projects=(
                              P(("Алғашқы жұмыс орны", "Первое рабочее место", "First job"),
                                "Трудоустроить 40 тыс. выпускников с субсидированием заработной платы на 12 месяцев.",
                                D(2025, 3, 1), D(2027, 12, 31), 18_500),
                              P(("Жастар практикасы", "Молодёжная практика", "Youth internships"),
                                "Обеспечить практикой 25 тыс. молодых людей без опыта работы.",
                                D(2025, 2, 1), D(2026, 12, 31), 9_600, MON),
                              P(("Жастарға арналған цифрлық еңбек биржасы", "Цифровая биржа труда для молодёжи",
                                 "Digital labour exchange for young people"),
                                "Довести долю вакансий для молодёжи, закрытых онлайн, до 60%.",
                                D(2026, 1, 15), D(2027, 6, 30), 1_250, PLAN),
                          ),
                          groups=(
                              G(("Ауыл жастарын жұмыспен қамту", "Занятость сельской молодёжи",
                                 "Employment of rural youth"),
                                "Закрепить молодых специалистов в сельских населённых пунктах.",
                                projects=(
                                    P(("Дипломмен – ауылға!", "С дипломом – в село!", "With a diploma to the village!"),
                                      "Привлечь 10 тыс. молодых специалистов в сельские населённые пункты.",
                                      D(2025, 1, 1), D(2029, 6, 30), 21_000),
                                    P(("Ауыл жастарының кәсіпкерлік мектебі",
                                       "Школа предпринимательства для сельской молодёжи",
                                       "Entrepreneurship school for rural youth"),
                                      "Обучить основам предпринимательства 8 тыс. сельских жителей до 29 лет.",
                                      D(2026, 3, 1), D(2027, 12, 31), 850, INIT),
                                ),
                              ),
                          ),
                        ),
                        G(("Қайта оқыту және дағдыларды дамыту", "Переобучение и развитие навыков",
                           "Retraining and skills development"),
                          "Обеспечить соответствие навыков рабочей силы потребностям рынка труда.",
                          projects=(
                              P(("Қысқа мерзімді кәсіптік оқыту", "Краткосрочное профессиональное обучение",
                                 "Short-term vocational training"),
                                "Обучить востребованным профессиям 120 тыс. человек с трудоустройством не менее 70%.",
                                D(2025, 1, 1), D(2028, 12, 31), 14_300),
                              P(("Жаңа кәсіптер атласы", "Атлас новых профессий", "Atlas of new professions"),
                                "Описать 200 новых и трансформирующихся профессий для профориентации.",
                                D(2025, 4, 1), D(2026, 3, 31), 320, CLOSE, COMPLETED),
                          ),
                        ),
                    ),
                ),
                DirectionSpec(
                    ("Жаппай кәсіпкерлікті дамыту", "Развитие массового предпринимательства",
                     "Development of mass entrepreneurship"),
                    "Увеличить число действующих субъектов малого бизнеса на 15%.",
                    groups=(
                        G(("Микрокредиттеу", "Микрокредитование", "Microcredit"),
                          "Обеспечить доступ к финансированию для начинающих предпринимателей.",
                          projects=(
                              P(("Бастау Бизнес 2.0", "Бастау Бизнес 2.0", "Bastau Business 2.0"),
                                "Выдать 30 тыс. микрокредитов выпускникам курсов предпринимательства.",
                                D(2025, 1, 1), D(2029, 6, 30), 32_000),
                              P(("Жаңа бизнес-идеяларға арналған гранттар", "Гранты на новые бизнес-идеи",
                                 "Grants for new business ideas"),
                                "Предоставить 12 тыс. грантов до 400 МРП на реализацию бизнес-идей.",
                                D(2025, 6, 1), D(2027, 12, 31), 7_400, IMPL, SUSPENDED),
                          ),
                        ),
                    ),
                ),
            ),
        ),
        ProgramSpec(
            ("Әлеуметтік саланы цифрлық трансформациялау тұжырымдамасы",
             "Концепция цифровой трансформации социальной сферы",
             "Concept of the digital transformation of the social sphere"),
            "Перевести 90% социальных услуг в проактивный формат без обращения граждан к 2028 году.",
            ProgramKind.OTHER, "mcriap", D(2025, 1, 1), D(2028, 12, 31),
            directions=(
                DirectionSpec(
                    ("Проактивті әлеуметтік қызметтер", "Проактивные социальные услуги", "Proactive social services"),
                    "Назначать меры социальной поддержки по данным государственных систем, без заявлений.",
                    groups=(
                        G(("Отбасының цифрлық картасы", "Цифровая карта семьи", "Digital family card"),
                          "Охватить цифровой картой все семьи и адресно выявлять нуждающихся в поддержке.",
                          projects=(
                              P(("Отбасының цифрлық картасы: деректерді біріктіру",
                                 "Цифровая карта семьи: интеграция данных", "Digital family card: data integration"),
                                "Интегрировать 18 государственных баз данных в цифровую карту семьи.",
                                D(2025, 1, 1), D(2026, 6, 30), 2_100, CLOSE, COMPLETED, owner="mcriap"),
                              P(("Жәрдемақыларды проактивті тағайындау", "Проактивное назначение пособий",
                                 "Proactive granting of benefits"),
                                "Назначать 12 видов пособий проактивно, по SMS-согласию гражданина.",
                                D(2025, 9, 1), D(2027, 12, 31), 3_800, owner="mtszn"),
                              P(("Әлеуметтік әмиян", "Социальный кошелёк", "Social wallet"),
                                "Перевести выплату адресной помощи на цифровой кошелёк с целевым использованием.",
                                D(2026, 2, 1), D(2028, 6, 30), 5_200, PLAN, owner="mtszn"),
                          ),
                        ),
                        G(("Электрондық еңбек биржасы", "Электронная биржа труда", "Electronic labour exchange"),
                          "Сделать электронную биржу единым каналом поиска работы и работников.",
                          projects=(
                              P(("Электрондық еңбек шарттары", "Электронные трудовые договоры",
                                 "Electronic employment contracts"),
                                "Зарегистрировать в единой системе 95% действующих трудовых договоров.",
                                D(2025, 1, 1), D(2026, 9, 30), 1_600, MON),
                              P(("Бос жұмыс орындарын ұсыну жүйесі", "Рекомендательная система вакансий",
                                 "Vacancy recommendation system"),
                                "Подбирать вакансии соискателям по навыкам с точностью не ниже 80%.",
                                D(2026, 4, 1), D(2027, 9, 30), 940, INIT),
                          ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)  # fmt: skip

HEALTH = PortfolioSpec(
    ("Қолжетімді және тиімді денсаулық сақтау жүйесі", "Доступная и эффективная система здравоохранения",
     "Accessible and effective healthcare system"),
    "Увеличить ожидаемую продолжительность жизни до 75 лет и снизить предотвратимую смертность на 20% к 2029 году.",
    "minzdrav", D(2025, 1, 1), D(2029, 12, 31),
    programs=(
        ProgramSpec(
            ("Медициналық-санитариялық алғашқы көмекті дамытудың 2025–2029 жылдарға арналған кешенді жоспары",
             "Комплексный план развития первичной медико-санитарной помощи на 2025–2029 годы",
             "Comprehensive plan for primary health care development for 2025–2029"),
            "Обеспечить 100% сельского населения доступом к первичной медико-санитарной помощи.",
            ProgramKind.PROGRAM, "minzdrav", D(2025, 1, 1), D(2029, 12, 31),
            directions=(
                DirectionSpec(
                    ("Ауылда медициналық көмектің қолжетімділігі", "Доступность медицинской помощи на селе",
                     "Access to medical care in rural areas"),
                    "Сократить время доезда до ближайшего медицинского пункта до 30 минут.",
                    groups=(
                        G(("Ауылдық денсаулық сақтауды жаңғырту", "Модернизация сельского здравоохранения",
                           "Modernisation of rural healthcare"),
                          "Обновить инфраструктуру сельской первичной помощи.",
                          projects=(
                              P(("650 дәрігерлік амбулатория мен фельдшерлік-акушерлік пункт салу",
                                 "Строительство 650 врачебных амбулаторий и фельдшерско-акушерских пунктов",
                                 "Construction of 650 medical outpatient clinics and feldsher-midwife stations"),
                                "Построить и оснастить 650 объектов первичной помощи в сёлах без медицинских пунктов.",
                                D(2025, 1, 1), D(2027, 12, 31), 98_000),
                              P(("Жылжымалы медициналық кешендер", "Мобильные медицинские комплексы",
                                 "Mobile medical units"),
                                "Обслуживать передвижными комплексами 1 200 отдалённых населённых пунктов.",
                                D(2025, 3, 1), D(2026, 8, 31), 12_400, CLOSE, COMPLETED),
                              P(("Ауылдық медициналық пункттерге арналған телемедицина",
                                 "Телемедицина для сельских медицинских пунктов",
                                 "Telemedicine for rural medical stations"),
                                "Подключить 2 500 сельских медицинских пунктов к телемедицинским консультациям.",
                                D(2025, 6, 1), D(2027, 6, 30), 4_300),
                          ),
                        ),
                        G(("Ауылдық денсаулық сақтау кадрлары", "Кадры сельского здравоохранения",
                           "Staff for rural healthcare"),
                          "Устранить дефицит врачей в сельской местности.",
                          projects=(
                              P(("Ауылдағы медицина қызметкерлеріне арналған тұрғын үй",
                                 "Жильё для медицинских работников на селе", "Housing for rural medical workers"),
                                "Предоставить служебное жильё 3 тыс. медицинских работников, прибывших в сёла.",
                                D(2025, 5, 1), D(2028, 12, 31), 15_700, PLAN),
                              P(("Жалпы практика дәрігерлерін нысаналы даярлау",
                                 "Целевая подготовка врачей общей практики",
                                 "Targeted training of general practitioners"),
                                "Подготовить 2 тыс. врачей общей практики с обязательной отработкой на селе.",
                                D(2025, 9, 1), D(2029, 6, 30), 6_200),
                          ),
                        ),
                    ),
                ),
                DirectionSpec(
                    ("Цифрлық денсаулық сақтау", "Цифровое здравоохранение", "Digital healthcare"),
                    "Создать единое цифровое пространство здравоохранения.",
                    groups=(
                        G(("Денсаулық сақтаудың бірыңғай цифрлық кеңістігі",
                           "Единое цифровое пространство здравоохранения", "Unified digital healthcare space"),
                          "Обеспечить доступ врача и пациента к полной медицинской истории.",
                          projects=(
                              P(("Денсаулықтың электрондық паспорты", "Электронный паспорт здоровья",
                                 "Electronic health passport"),
                                "Сформировать электронные паспорта здоровья для 100% прикреплённого населения.",
                                D(2025, 1, 1), D(2026, 12, 31), 5_400, MON),
                              P(("Ұлттық зертханалық ақпараттық жүйе",
                                 "Национальная лабораторная информационная система",
                                 "National laboratory information system"),
                                "Подключить 90% лабораторий к единой системе результатов исследований.",
                                D(2025, 7, 1), D(2027, 12, 31), 3_100),
                              P(("Сәулелік диагностикадағы жасанды интеллект",
                                 "Искусственный интеллект в лучевой диагностике",
                                 "Artificial intelligence in radiology"),
                                "Сократить время описания снимков флюорографии до 5 минут с помощью ИИ.",
                                D(2026, 1, 1), D(2028, 6, 30), 2_700, PLAN),
                          ),
                        ),
                    ),
                ),
                DirectionSpec(
                    ("Созылмалы аурулардың алдын алу және оларды басқару",
                     "Профилактика и управление хроническими заболеваниями",
                     "Prevention and management of chronic diseases"),
                    "Снизить смертность от болезней системы кровообращения и онкологических заболеваний на 15%.",
                    groups=(
                        G(("Скринингтік тексерулер", "Скрининговые обследования", "Screenings"),
                          "Выявлять заболевания на ранних стадиях.",
                          projects=(
                              P(("Онкологиялық ауруларды ерте анықтау скринингі",
                                 "Скрининг раннего выявления онкологических заболеваний", "Early cancer screening"),
                                "Довести долю выявления рака на I–II стадиях до 70%.",
                                D(2025, 1, 1), D(2028, 12, 31), 11_800),
                              P(("Ауруларды басқару бағдарламасы", "Программа управления заболеваниями",
                                 "Disease management programme"),
                                "Включить 1 млн пациентов с хроническими болезнями в программу управления.",
                                D(2025, 4, 1), D(2026, 12, 31), 2_600, IMPL, SUSPENDED),
                              P(("Емханалар жанындағы денсаулық мектептері", "Школы здоровья при поликлиниках",
                                 "Health schools at polyclinics"),
                                "Открыть школы здоровья при 300 поликлиниках.",
                                D(2025, 2, 1), D(2025, 12, 31), 480, CLOSE, CANCELLED),
                          ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)  # fmt: skip

TERRITORY = PortfolioSpec(
    ("Теңгерімді аумақтық даму", "Сбалансированное территориальное развитие", "Balanced territorial development"),
    "Сократить межрегиональные диспропорции и обеспечить население качественной инфраструктурой.",
    "mps", D(2025, 1, 1), D(2030, 12, 31),
    programs=(
        ProgramSpec(
            ("Энергетикалық және коммуналдық секторларды жаңғырту",
             "Модернизация энергетического и коммунального секторов",
             "Modernisation of the energy and utilities sectors"),
            "Снизить износ энергетических и коммунальных сетей с 57% до 40% к 2029 году.",
            ProgramKind.NATIONAL_PROJECT, "minenergo", D(2025, 1, 1), D(2029, 12, 31),
            directions=(
                DirectionSpec(
                    ("Жылу энергетикасын жаңғырту", "Модернизация теплоэнергетики", "Modernisation of heat power"),
                    "Обеспечить надёжное теплоснабжение городов без аварийных отключений.",
                    groups=(
                        G(("Жылу электр орталықтарын жаңғырту", "Модернизация теплоэлектроцентралей",
                           "Modernisation of combined heat and power plants"),
                          "Снизить износ основного оборудования ТЭЦ до 45%.",
                          projects=(
                              P(("Қарағанды қаласындағы ЖЭО-3 қазандық агрегаттарын реконструкциялау",
                                 "Реконструкция котлоагрегатов ТЭЦ-3 г. Караганды",
                                 "Reconstruction of boiler units at Karaganda CHP-3"),
                                "Заменить три котлоагрегата и восстановить 120 Гкал/ч располагаемой мощности.",
                                D(2025, 4, 1), D(2028, 12, 31), 86_000),
                              P(("Көкшетау қаласында ЖЭО салу", "Строительство ТЭЦ в г. Кокшетау",
                                 "Construction of a CHP plant in Kokshetau"),
                                "Ввести ТЭЦ мощностью 240 МВт для покрытия дефицита тепла в Кокшетау.",
                                D(2025, 1, 1), D(2029, 6, 30), 240_000),
                          ),
                          groups=(
                              G(("ЖЭО-ны экологиялық жаңғырту", "Экологическая модернизация ТЭЦ",
                                 "Environmental modernisation of CHP plants"),
                                "Снизить выбросы загрязняющих веществ от ТЭЦ на 30%.",
                                projects=(
                                    P(("Павлодар қаласындағы ЖЭО-1-де электр сүзгілерін орнату",
                                       "Установка электрофильтров на ТЭЦ-1 г. Павлодара",
                                       "Electrostatic precipitators at Pavlodar CHP-1"),
                                      "Довести степень очистки дымовых газов до 99,5%.",
                                      D(2025, 9, 1), D(2027, 12, 31), 18_000, PLAN),
                                    P(("Шығарындыларды автоматтандырылған мониторингтеу",
                                       "Автоматизированный мониторинг выбросов", "Automated emissions monitoring"),
                                      "Оснастить 37 ТЭЦ системами непрерывного мониторинга выбросов.",
                                      D(2025, 3, 1), D(2026, 6, 30), 2_300, CLOSE, COMPLETED),
                                ),
                              ),
                          ),
                        ),
                        G(("Жылу желілері", "Тепловые сети", "Heating networks"),
                          "Снизить износ тепловых сетей до 40% и потери тепла до 12%.",
                          projects=(
                              P(("Тозған 1 200 км жылу желілерін ауыстыру",
                                 "Замена 1 200 км изношенных тепловых сетей",
                                 "Replacement of 1,200 km of worn heating networks"),
                                "Заменить 1 200 км тепловых сетей в 20 городах.",
                                D(2025, 1, 1), D(2029, 12, 31), 154_000),
                              P(("Жылу энергиясын цифрлық есепке алу", "Цифровой учёт тепловой энергии",
                                 "Digital metering of heat"),
                                "Установить 45 тыс. приборов учёта тепла с дистанционной передачей данных.",
                                D(2026, 1, 1), D(2027, 12, 31), 6_900, PLAN),
                          ),
                        ),
                    ),
                ),
                DirectionSpec(
                    ("Коммуналдық инфрақұрылымды жаңғырту", "Модернизация коммунальной инфраструктуры",
                     "Modernisation of utilities infrastructure"),
                    "Обеспечить 100% городского населения централизованным водоснабжением.",
                    groups=(
                        G(("Сумен жабдықтау және су бұру", "Водоснабжение и водоотведение",
                           "Water supply and sanitation"),
                          "Снизить износ сетей водоснабжения и водоотведения до 45%.",
                          projects=(
                              P(("Шағын қалалардың су құбыры желілерін жаңғырту",
                                 "Модернизация водопроводных сетей малых городов",
                                 "Modernisation of water mains in small towns"),
                                "Заменить 2 800 км водопроводных сетей в 40 малых городах.",
                                D(2025, 5, 1), D(2028, 12, 31), 47_000, owner="mps"),
                              P(("Кәріз тазарту құрылыстарын салу", "Строительство канализационных очистных сооружений",
                                 "Construction of wastewater treatment plants"),
                                "Построить 14 очистных сооружений в городах без биологической очистки стоков.",
                                D(2026, 3, 1), D(2029, 12, 31), 63_000, INIT, owner="mps"),
                          ),
                        ),
                        G(("Тарифтік реттеу", "Тарифное регулирование", "Tariff regulation"),
                          "Направить тарифные доходы субъектов естественных монополий на обновление сетей.",
                          projects=(
                              P(("Инвестицияларға айырбас тариф", "Тариф в обмен на инвестиции",
                                 "Tariff in exchange for investment"),
                                "Заключить инвестиционные соглашения с 60 субъектами естественных монополий.",
                                D(2025, 1, 1), D(2026, 12, 31), 150, MON),
                          ),
                        ),
                    ),
                ),
            ),
        ),
        ProgramSpec(
            ("Қарағанды облысын дамытудың 2025–2029 жылдарға арналған жоспары",
             "План развития Карагандинской области на 2025–2029 годы",
             "Development plan of Karaganda region for 2025–2029"),
            "Увеличить валовой региональный продукт на душу населения на 25% и улучшить качество городской среды.",
            ProgramKind.REGIONAL_PLAN, "akimat-karaganda", D(2025, 1, 1), D(2029, 12, 31),
            region=Region.KARAGANDA,
            directions=(
                DirectionSpec(
                    ("Жайлы қалалық орта", "Комфортная городская среда", "Comfortable urban environment"),
                    "Повысить индекс качества городской среды Караганды и Темиртау до 200 баллов.",
                    groups=(
                        G(("Қарағанды мен Теміртауды абаттандыру", "Благоустройство Караганды и Темиртау",
                           "Improvement of Karaganda and Temirtau"),
                          "Обновить жилой фонд, общественный транспорт и зелёные зоны.",
                          projects=(
                              P(("Теміртаудың тұрғын үй қорын реновациялау", "Реновация жилого фонда Темиртау",
                                 "Renovation of Temirtau housing stock"),
                                "Расселить 120 аварийных домов и построить 350 тыс. м² жилья.",
                                D(2025, 6, 1), D(2029, 6, 30), 42_000, PLAN),
                              P(("Қарағандының қоғамдық көлігі: автопаркті жаңарту",
                                 "Общественный транспорт Караганды: обновление автопарка",
                                 "Karaganda public transport: fleet renewal"),
                                "Заменить 400 автобусов на газомоторные и электрические.",
                                D(2025, 1, 1), D(2026, 12, 31), 17_500),
                              P(("Санитариялық-қорғау аймақтарын көгалдандыру",
                                 "Озеленение санитарно-защитных зон", "Greening of sanitary protection zones"),
                                "Высадить 150 тыс. деревьев в санитарно-защитных зонах промышленных предприятий.",
                                D(2025, 4, 1), D(2025, 11, 30), 1_200, CLOSE, COMPLETED),
                          ),
                        ),
                    ),
                ),
                DirectionSpec(
                    ("Өңірді газдандыру және энергетика", "Газификация и энергетика региона",
                     "Gasification and energy of the region"),
                    "Довести уровень газификации области до 60%.",
                    groups=(
                        G(("Елді мекендерді газдандыру", "Газификация населённых пунктов",
                           "Gasification of settlements"),
                          "Перевести жилой сектор и котельные на природный газ.",
                          projects=(
                              P(("Қарағанды қаласын газдандыру: екінші кезек", "Газификация г. Караганды: вторая очередь",
                                 "Gasification of Karaganda: phase two"),
                                "Подключить к газу 45 тыс. домохозяйств и 60 котельных Караганды.",
                                D(2025, 1, 1), D(2028, 12, 31), 56_000),
                              P(("Шахтинск пен Саран қалаларын газдандыру", "Газификация Шахтинска и Сарани",
                                 "Gasification of Shakhtinsk and Saran"),
                                "Построить 420 км газораспределительных сетей в Шахтинске и Сарани.",
                                D(2026, 1, 1), D(2029, 6, 30), 38_000, INIT),
                          ),
                        ),
                    ),
                ),
            ),
        ),
        ProgramSpec(
            ("Павлодар облысын дамытудың 2025–2029 жылдарға арналған жоспары",
             "План развития Павлодарской области на 2025–2029 годы",
             "Development plan of Pavlodar region for 2025–2029"),
            "Обеспечить опережающий рост несырьевого сектора и качество социальной инфраструктуры области.",
            ProgramKind.REGIONAL_PLAN, "akimat-pavlodar", D(2025, 1, 1), D(2029, 12, 31),
            region=Region.PAVLODAR,
            directions=(
                DirectionSpec(
                    ("Әлеуметтік инфрақұрылымды дамыту", "Развитие социальной инфраструктуры",
                     "Development of social infrastructure"),
                    "Ликвидировать трёхсменное обучение и дефицит мест в детских садах.",
                    groups=(
                        G(("Мектептер мен балабақшалар", "Школы и детские сады", "Schools and kindergartens"),
                          "Создать 24 тыс. ученических мест и 6 тыс. мест в детских садах.",
                          projects=(
                              P(("Павлодар мен Екібастұзда жайлы мектептер салу",
                                 "Строительство комфортных школ в Павлодаре и Экибастузе",
                                 "Comfortable schools in Pavlodar and Ekibastuz"),
                                "Построить 8 комфортных школ на 19 200 ученических мест.",
                                D(2025, 1, 1), D(2027, 8, 31), 52_000),
                              P(("Ауыл мектептерін жаңғырту", "Модернизация сельских школ",
                                 "Modernisation of rural schools"),
                                "Капитально отремонтировать и оснастить 140 сельских школ.",
                                D(2025, 6, 1), D(2028, 12, 31), 9_800, IMPL, SUSPENDED),
                          ),
                        ),
                    ),
                ),
                DirectionSpec(
                    ("Тұрғын үй-коммуналдық шаруашылықтың энергия тиімділігі",
                     "Энергоэффективность жилищно-коммунального хозяйства",
                     "Energy efficiency of housing and utilities"),
                    "Снизить удельное потребление тепла в жилом секторе на 20%.",
                    groups=(
                        G(("Көппәтерлі тұрғын үйлерді термомодернизациялау",
                           "Термомодернизация многоквартирных домов",
                           "Thermal modernisation of apartment buildings"),
                          "Утеплить фасады и модернизировать внутридомовые системы отопления.",
                          projects=(
                              P(("Павлодар қаласындағы 300 тұрғын үйді термомодернизациялау",
                                 "Термомодернизация 300 домов в Павлодаре",
                                 "Thermal modernisation of 300 buildings in Pavlodar"),
                                "Провести термомодернизацию 300 многоквартирных домов.",
                                D(2025, 4, 1), D(2028, 10, 31), 21_000),
                              P(("Автоматтандырылған жылу пункттері", "Автоматизированные тепловые пункты",
                                 "Automated heat substations"),
                                "Установить 900 автоматизированных индивидуальных тепловых пунктов.",
                                D(2025, 2, 1), D(2026, 5, 31), 3_400, CLOSE, COMPLETED),
                          ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)  # fmt: skip

PORTFOLIOS: tuple[PortfolioSpec, ...] = (SOCIAL, HEALTH, TERRITORY)

#: Projects of the state bodies' standard basic directions (Rules p.56): outside every portfolio.
STANDARD_PROJECTS: tuple[StandardProjectsSpec, ...] = (
    StandardProjectsSpec(OFFICE, StandardGroup.MODERNIZATION, (
        P(("Жобаларды басқарудың ақпараттық жүйесін (PMIS) енгізу",
           "Внедрение информационной системы управления проектами (PMIS)",
           "Implementation of the project management information system (PMIS)"),
          "Перевести мониторинг всех национальных проектов в PMIS в режиме реального времени.",
          D(2025, 9, 1), D(2027, 6, 30), 2_900),
    )),
    StandardProjectsSpec(OFFICE, StandardGroup.PROFESSIONALISM, (
        P(("Мемлекеттік органдардың жоба менеджерлерін сертификаттау",
           "Сертификация проектных менеджеров государственных органов",
           "Certification of project managers of state bodies"),
          "Сертифицировать 1 500 проектных менеджеров центральных и местных исполнительных органов.",
          D(2026, 1, 15), D(2026, 12, 31), 380),
    )),
    StandardProjectsSpec("minzdrav", StandardGroup.ANTI_CORRUPTION, (
        P(("Дәрілік заттарды ашық сатып алу", "Прозрачные закупки лекарственных средств",
           "Transparent procurement of medicines"),
          "Перевести 100% закупок лекарственных средств на открытую электронную площадку.",
          D(2025, 3, 1), D(2026, 12, 31), 640, MON),
    )),
    StandardProjectsSpec("mtszn", StandardGroup.APPEALS, (
        P(("Жұмыспен қамту мәселелері жөніндегі бірыңғай байланыс орталығы",
           "Единый контакт-центр по вопросам занятости", "Unified employment contact centre"),
          "Отвечать на 95% обращений граждан по вопросам занятости в день обращения.",
          D(2025, 5, 1), D(2026, 4, 30), 520, CLOSE, COMPLETED),
    )),
    StandardProjectsSpec("mcriap", StandardGroup.DIGITALIZATION, (
        P(("Өмірлік жағдайлар бойынша проактивті мемлекеттік қызметтер",
           "Проактивные государственные услуги по жизненным ситуациям", "Proactive public services for life events"),
          "Оказывать 40 государственных услуг проактивно по жизненным ситуациям.",
          D(2025, 1, 1), D(2027, 12, 31), 4_100),
    )),
    StandardProjectsSpec("minenergo", StandardGroup.DIGITALIZATION, (
        P(("Энергия жүйесінің цифрлық егізі", "Цифровой двойник энергосистемы", "Digital twin of the power system"),
          "Создать цифровую модель Единой энергосистемы для планирования режимов и ремонтов.",
          D(2026, 2, 1), D(2028, 12, 31), 3_600, PLAN),
    )),
    StandardProjectsSpec("mps", StandardGroup.MODERNIZATION, (
        P(("Құрылыстағы рұқсат беру рәсімдерін цифрландыру",
           "Цифровизация разрешительных процедур в строительстве", "Digitalisation of construction permits"),
          "Сократить срок получения разрешительных документов в строительстве до 30 рабочих дней.",
          D(2025, 6, 1), D(2027, 3, 31), 1_900),
    )),
    StandardProjectsSpec("akimat-karaganda", StandardGroup.APPEALS, (
        P(("Ашық әкімдік: тұрғындармен кері байланыс", "Открытый акимат: обратная связь с жителями",
           "Open akimat: feedback from residents"),
          "Рассматривать 100% обращений жителей через единую онлайн-платформу в срок.",
          D(2025, 2, 1), D(2026, 6, 30), 210, MON),
    )),
    StandardProjectsSpec("akimat-pavlodar", StandardGroup.PUBLIC_CONSCIOUSNESS, (
        P(("Павлодар облысының мәдени мұрасын сақтау", "Сохранение культурного наследия Павлодарской области",
           "Preserving the cultural heritage of Pavlodar region"),
          "Оцифровать и представить онлайн 200 объектов историко-культурного наследия области.",
          D(2025, 3, 1), D(2026, 12, 31), 450),
    )),
)  # fmt: skip
