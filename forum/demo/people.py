"""The demo forum's communities and people."""

COMMUNITIES = [
    {
        "slug": "zarqa",
        "name": "مجتمع التعلم المهني – مديرية تربية الزرقاء",
        "region": "الزرقاء، الأردن",
        "visibility": "public",
        "description": "معلمات ومعلمو مدارس لواء الزرقاء الأول يتبادلون الخبرات ويخططون الدروس معًا "
        "ويتعلمون من تجاربهم، الناجحة منها والمتعثرة.",
        "charter": "نلتقي كل أسبوعين. نحترم الخصوصية: لا نذكر أسماء الطلبة. ننتقد الممارسات لا الأشخاص.",
        "institutions": [
            "مدرسة الزرقاء الثانوية للبنات",
            "مدرسة الهاشمية الأساسية المختلطة",
            "مدرسة عوجان الأساسية للبنين",
            "مدرسة الأمير حسن الثانوية",
        ],
    },
    {
        "slug": "sale",
        "name": "جماعة الممارسات المهنية – المديرية الإقليمية سلا",
        "region": "سلا، المغرب",
        "visibility": "public",
        "description": "جماعة الممارسات المهنية لأساتذة ومديري مؤسسات التعليم الابتدائي والإعدادي بسلا. "
        "Nous échangeons en arabe et en français.",
        "charter": "تجتمع الجماعة مرة في الشهر، ونعتمد البحث الإجرائي في دورات من التخطيط والتجريب والتأمل.",
        "institutions": ["مدرسة ابن خلدون الابتدائية", "الثانوية الإعدادية الفتح", "مدرسة المسيرة الابتدائية"],
    },
    {
        "slug": "homs-leaders",
        "name": "مجتمع قادة المدارس – حمص",
        "region": "حمص، سوريا",
        "visibility": "members",
        "description": "مجتمع مغلق لمديري المدارس ومعاونيهم في مدينة حمص، لمناقشة شؤون القيادة المدرسية بصراحة.",
        "charter": "ما يُقال هنا يبقى هنا. نشارك الإخفاقات لنتعلم منها، لا لنحاسب عليها.",
        "institutions": ["مدرسة الخالدية للتعليم الأساسي", "ثانوية عبد الحميد الزهراوي", "مدرسة الوعر الأولى"],
    },
]

# username, display name, email user, role, bio, {community: membership role}
PEOPLE = [
    ("admin", "إدارة حلقة", "admin", "admin", "فريق إدارة المنتدى", {}),
    (
        "omar.saleh",
        "عمر صالح",
        "omar.saleh",
        "moderator",
        "مشرف تربوي",
        {"zarqa": "member", "sale": "member", "homs-leaders": "member"},
    ),
    ("mona.alqasem", "منى القاسم", "mona.alqasem", "member", "معلمة علوم – منسقة المجتمع", {"zarqa": "coordinator"}),
    (
        "hala.nasser",
        "هالة ناصر",
        "hala.nasser",
        "member",
        "مشرفة تربوية – موجّهة لمجتمعَي الزرقاء وسلا",
        {"zarqa": "mentor", "sale": "mentor"},
    ),
    ("khaled.haddad", "خالد الحداد", "khaled.haddad", "member", "معلم رياضيات للصف الثامن", {"zarqa": "member"}),
    ("rania.odeh", "Rania Odeh", "rania.odeh", "member", "English teacher, grades 7–9", {"zarqa": "member"}),
    ("سلمى", "سلمى العلي", "salma.ali", "member", "معلمة لغة عربية", {"zarqa": "member"}),
    (
        "youssef.amrani",
        "يوسف العمراني",
        "youssef.amrani",
        "member",
        "أستاذ التعليم الابتدائي – منسق الجماعة",
        {"sale": "coordinator"},
    ),
    (
        "fatima.bennani",
        "Fatima Zahra Bennani",
        "fatima.bennani",
        "member",
        "Professeure de français au collège",
        {"sale": "member"},
    ),
    ("karim.tazi", "كريم التازي", "karim.tazi", "member", "مدير مدرسة ابن خلدون الابتدائية", {"sale": "member"}),
    (
        "samer.khoury",
        "سامر الخوري",
        "samer.khoury",
        "member",
        "مدير ثانوية – منسق المجتمع",
        {"homs-leaders": "coordinator"},
    ),
    ("lina.hamwi", "لينا الحموي", "lina.hamwi", "member", "مديرة مدرسة للتعليم الأساسي", {"homs-leaders": "member"}),
    ("nour.atassi", "نور الأتاسي", "nour.atassi", "member", "معاونة مدير", {"homs-leaders": "member"}),
]

PASSWORD = "halaqa-demo"

# What the people do, as their profiles say: username → (role in schools, subjects, grades,
# {community: their school there}).
WORK = {
    "omar.saleh": ("supervisor", [], [], {}),
    "mona.alqasem": ("teacher", ["science"], ["middle"], {"zarqa": "مدرسة الزرقاء الثانوية للبنات"}),
    "hala.nasser": ("supervisor", ["english", "arabic"], ["all_grades"], {}),
    "khaled.haddad": ("teacher", ["mathematics"], ["middle"], {"zarqa": "مدرسة عوجان الأساسية للبنين"}),
    "rania.odeh": ("teacher", ["english"], ["middle"], {"zarqa": "مدرسة الهاشمية الأساسية المختلطة"}),
    "سلمى": ("teacher", ["arabic"], ["primary_upper"], {"zarqa": "مدرسة الزرقاء الثانوية للبنات"}),
    "youssef.amrani": ("teacher", ["arabic", "mathematics"], ["primary_upper"], {"sale": "مدرسة المسيرة الابتدائية"}),
    "fatima.bennani": ("teacher", ["french"], ["middle"], {"sale": "الثانوية الإعدادية الفتح"}),
    "karim.tazi": (
        "principal",
        ["whole_school"],
        ["primary_lower", "primary_upper"],
        {"sale": "مدرسة ابن خلدون الابتدائية"},
    ),
    "samer.khoury": ("principal", ["whole_school"], ["secondary"], {"homs-leaders": "ثانوية عبد الحميد الزهراوي"}),
    "lina.hamwi": (
        "principal",
        ["whole_school"],
        ["primary_upper"],
        {"homs-leaders": "مدرسة الخالدية للتعليم الأساسي"},
    ),
    "nour.atassi": ("coordinator", ["whole_school"], ["primary_upper"], {"homs-leaders": "مدرسة الوعر الأولى"}),
}
