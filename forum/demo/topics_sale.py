"""Demo discussions of the Salé community."""

from forum.demo.shape import Reply as R
from forum.demo.shape import Topic as T

TOPICS = [
    T(
        "sale",
        "failures",
        "youssef.amrani",
        44,
        "التعلم بالمشروع في القسم المشترك: تجربة لم تكتمل",
        "أدرّس قسمًا مشتركًا (الثالث والرابع ابتدائي) في مدرسة بضواحي سلا. حاولت تطبيق مشروع "
        "«حديقة المدرسة» على مدى شهر يجمع الرياضيات والنشاط العلمي واللغة.\n\n"
        "توقف المشروع في الأسبوع الثالث: لم يكن لدي وقت لمتابعة مستويين معًا، والتلاميذ الأصغر "
        "صاروا متفرجين على الأكبر.\n\n"
        "أظن أن الخطأ كان في حجم المشروع. هل من تجارب مع مشاريع قصيرة تناسب الأقسام المشتركة؟",
        [
            R(
                "karim.tazi",
                "في مدرستنا جربنا مشاريع من أسبوع واحد فقط، مع مهمة محددة لكل مستوى. "
                "النتيجة أفضل بكثير من المشاريع الطويلة.",
            ),
            R(
                "fatima.bennani",
                "Au collège, nous avons le même problème avec les classes hétérogènes. "
                "Des rôles fixes dans chaque groupe (secrétaire, porte-parole, gardien du temps) aident beaucoup.",
                1,
            ),
            R("youssef.amrani", "سأعيد المحاولة بمشروع أسبوعي واحد، مع أدوار ثابتة كما اقترحت الأستاذة فاطمة."),
        ],
    ),
    T(
        "sale",
        "practices",
        "fatima.bennani",
        40,
        "La dictée négociée : une pratique qui fait parler les élèves",
        "Je partage une pratique qui a transformé mes séances d'orthographe en 1re année collège.\n\n"
        "**Le principe :** les élèves écrivent une courte dictée individuellement, puis se mettent par "
        "groupes de trois pour se mettre d'accord sur une seule version, en justifiant chaque choix.\n\n"
        "Ce qui marche :\n\n"
        "- les élèves verbalisent les règles (« c'est un participe passé, donc... »)\n"
        "- les erreurs deviennent un sujet de discussion, pas une honte\n\n"
        "Ce qui est difficile : le bruit, et les groupes où un élève impose sa version.",
        [
            R(
                "youssef.amrani",
                "ممارسة رائعة، وأظنها تصلح للإملاء بالعربية أيضًا. هل تستعملين نصوصًا من اختيار التلاميذ؟",
            ),
            R("fatima.bennani", "Oui, parfois. Les textes choisis par les élèves les motivent davantage.", 1),
            R("karim.tazi", "نعتبر هذه الممارسة مرشحة للعرض في الملتقى الجهوي. أرجو توثيقها بنماذج من أعمال التلاميذ."),
        ],
    ),
    T(
        "sale",
        "questions",
        "karim.tazi",
        37,
        "كيف نحمي وقت اجتماعات الجماعة من الأعمال الإدارية؟",
        "بصفتي مديرًا، ألاحظ أن اجتماعات جماعة الممارسات تتحول تدريجيًا إلى اجتماعات لتوزيع المهام "
        "الإدارية والإعلانات. الأساتذة يشعرون أن الوقت ضاع.\n\n"
        "كيف تفصلون بين الاجتماع الإداري واجتماع التعلم المهني؟",
        [
            R(
                "youssef.amrani",
                "اتفقنا على قاعدة بسيطة: لا إعلانات إدارية في اجتماع الجماعة، كلها تُرسل "
                "كتابيًا. والاجتماع يبدأ دائمًا بعمل تلميذ أو مشكلة صفية.",
            ),
            R(
                "omar.saleh",
                "وأضيف: أن يدير الاجتماع أستاذ بالتناوب وليس المدير. القيادة الموزعة جزء من فكرة الجماعة نفسها.",
            ),
            R("karim.tazi", "ملاحظة الأستاذ عمر في محلها، وسأترك إدارة الاجتماع القادم لأحد الزملاء.", 2),
        ],
    ),
    T(
        "sale",
        "failures",
        "fatima.bennani",
        34,
        "Mon erreur avec les devoirs à la maison",
        "Pendant un trimestre, j'ai donné des devoirs écrits tous les soirs. Résultat : des copies "
        "identiques, recopiées le matin dans la cour, et des parents qui faisaient le travail.\n\n"
        "J'ai compris que je notais la capacité de la famille à aider, pas l'apprentissage de l'élève.\n\n"
        "Désormais : moins de devoirs, plus courts, et corrigés en classe par les élèves eux-mêmes.",
        [
            R(
                "karim.tazi",
                "تجربة مفيدة جدًا، وقد ناقشنا الأمر نفسه في مجلس المؤسسة. الواجب المنزلي يقيس أحيانًا "
                "ظروف الأسرة أكثر مما يقيس التعلم.",
            )
        ],
    ),
    T(
        "sale",
        "practices",
        "youssef.amrani",
        31,
        "ركن القراءة الذاتية في القسم: خطوات عملية",
        "أنشأنا ركنًا للقراءة في كل قسم من أقسام مدرستنا بتكلفة شبه منعدمة:\n\n"
        "1. جمعنا الكتب من تبرعات الأسر والجمعيات المحلية\n"
        "2. صنفناها بالألوان حسب مستوى الصعوبة\n"
        "3. خصصنا ١٥ دقيقة يوميًا للقراءة الحرة\n"
        "4. كل تلميذ يملأ بطاقة قصيرة: العنوان، ما أعجبني، سؤال للكاتب\n\n"
        "بعد ثلاثة أشهر لاحظنا تحسنًا في الطلاقة عند أغلب التلاميذ، خاصة في المستوى الرابع.",
        [
            R("fatima.bennani", "Excellente idée. La fiche « une question pour l'auteur » est très intelligente."),
            R("karim.tazi", "أؤكد أن الأثر واضح في مدرستنا أيضًا، وقد طلبت جمعية الآباء توسيع التجربة."),
        ],
    ),
    T(
        "sale",
        "questions",
        "youssef.amrani",
        28,
        "هل ندرّس العلوم بالعربية أم بالفرنسية في الابتدائي؟",
        "موضوع يثير الخلاف بيننا: تدريس المفاهيم العلمية بالفرنسية من الابتدائي يسهّل الانتقال إلى الثانوي، "
        "لكن كثيرًا من التلاميذ لا يفهمون المفهوم أصلًا لأنهم لا يتقنون اللغة.\n\n"
        "لا أبحث عن جواب رسمي، بل عن تجاربكم داخل الأقسام: ماذا لاحظتم؟",
        [
            R(
                "fatima.bennani",
                "D'après mon expérience, les élèves comprennent mieux quand le concept est d'abord "
                "construit dans la langue qu'ils maîtrisent, puis nommé en français.",
            ),
            R(
                "karim.tazi",
                "في مدرستنا نعتمد المعجم الثنائي: كل مفهوم جديد يُكتب بالعربية والفرنسية على السبورة "
                "وفي دفتر خاص. ليس حلًا كاملًا لكنه يخفف الفجوة.",
            ),
            R("youssef.amrani", "يبدو أن بناء المفهوم أولًا ثم تسميته باللغتين هو ما يجمع تجاربنا.", 1),
        ],
    ),
    T(
        "sale",
        "practices",
        "karim.tazi",
        25,
        "مجلس التلاميذ: كيف أشركنا التلاميذ في قرارات المدرسة",
        "أنشأنا مجلسًا للتلاميذ من ممثلي الأقسام، يجتمع مرة في الشهر مع الإدارة. أول قرار اتخذه المجلس كان "
        "تنظيم الاستراحة لتقليل العنف في الساحة، ونجح أكثر من كل قراراتنا السابقة.\n\n"
        "الدرس: التلاميذ يلتزمون بما يشاركون في وضعه.",
        [
            R("youssef.amrani", "تجربة ملهمة. هل يشارك تلاميذ المستويات الأولى أيضًا؟"),
            R("karim.tazi", "نعم، بممثل عن كل مستوى، ويساعدهم أستاذ في التعبير عن آراء زملائهم.", 1),
        ],
    ),
    T(
        "sale",
        "failures",
        "karim.tazi",
        22,
        "أخطأت حين فرضت مشروع المؤسسة من فوق",
        "في بداية تعييني مديرًا، كتبت مشروع المؤسسة بنفسي في عطلة الصيف وقدمته للأساتذة جاهزًا. "
        "كان مكتوبًا بعناية، لكن لم يتبنه أحد، وبقي وثيقة في الرفوف.\n\n"
        "في السنة الثانية بدأنا من أسئلة الأساتذة أنفسهم، وأخذ الأمر وقتًا أطول بكثير، لكنه صار مشروعنا نحن.",
        [
            R(
                "omar.saleh",
                "هذا من أصدق ما قرأته هنا. الوثيقة الجيدة التي لا يملكها أحد أسوأ من وثيقة متواضعة يملكها الجميع.",
            ),
            R("youssef.amrani", "شكرًا أستاذ كريم، وهذا ما جعلنا نثق بالجماعة هذه السنة."),
        ],
    ),
    T(
        "sale",
        "questions",
        "fatima.bennani",
        19,
        "Comment évaluer l'oral sans y passer toutes les séances ?",
        "Avec des classes de 40 élèves, évaluer l'oral individuellement me prend des semaines. "
        "Quelles grilles ou organisations utilisez-vous pour que chaque élève soit évalué au moins une fois "
        "par trimestre sans sacrifier le reste du programme ?",
        [
            R(
                "youssef.amrani",
                "نستعمل شبكة تقييم من أربعة معايير فقط، ونقيم خمسة تلاميذ في كل حصة أثناء العمل في المجموعات.",
            ),
            R("fatima.bennani", "Quatre critères seulement, c'est raisonnable. Pouvez-vous partager votre grille ?", 1),
            R(
                "youssef.amrani",
                "المعايير: وضوح الصوت، تنظيم الأفكار، استعمال المعجم المناسب، التفاعل مع الآخرين. "
                "ولكل معيار ثلاثة مستويات.",
                2,
            ),
        ],
    ),
    T(
        "sale",
        "practices",
        "fatima.bennani",
        15,
        "Un tableau de progrès visible par les élèves",
        "J'affiche au fond de la classe un tableau des compétences du trimestre. Chaque élève colle une "
        "gommette quand il estime avoir atteint une compétence, puis je valide avec lui.\n\n"
        "Les élèves parlent de leurs progrès au lieu de parler de leurs notes.",
        [
            R("karim.tazi", "فكرة التقويم الذاتي المرئي رائعة. هل لاحظت أي إحراج للتلاميذ المتعثرين؟"),
            R(
                "fatima.bennani",
                "Au début oui. Maintenant le tableau montre seulement des progrès, jamais des échecs.",
                1,
            ),
        ],
    ),
    T(
        "sale",
        "questions",
        "karim.tazi",
        11,
        "كيف نستقبل الأساتذة الجدد في الجماعة؟",
        "التحق بمدرستنا ثلاثة أساتذة جدد هذه السنة، وأشعر أنهم معزولون ولا يجرؤون على المشاركة في "
        "اجتماعات الجماعة. كيف ندمجهم دون أن نثقل عليهم؟",
        [
            R(
                "youssef.amrani",
                "نخصص لكل أستاذ جديد زميلًا مرافقًا لمدة فصل، ونبدأ بزيارته هو لأقسامنا قبل أن نزور قسمه.",
            ),
            R(
                "fatima.bennani",
                "Et leur demander ce qu'ils savent faire : les nouveaux apportent souvent des idées fraîches.",
            ),
        ],
    ),
    T(
        "sale",
        "practices",
        "youssef.amrani",
        7,
        "بطاقة تأمل بعد كل حصة تجريب",
        "في دورات البحث الإجرائي التي نقوم بها، نستعمل بطاقة تأمل قصيرة بعد كل حصة تجريب:\n\n"
        "- ماذا خططت؟\n"
        "- ماذا حدث فعلًا؟\n"
        "- ما الدليل من عمل التلاميذ؟\n"
        "- ماذا سأغير في المرة القادمة؟\n\n"
        "نجمع البطاقات ونناقشها في اجتماع الجماعة الشهري.",
        [R("karim.tazi", "بطاقة بسيطة ومفيدة، وسنعتمدها في كل المؤسسات المنخرطة في الجماعة.")],
    ),
    T(
        "sale",
        "failures",
        "youssef.amrani",
        4,
        "نشاط التعلم التعاوني الذي تحوّل إلى ضجيج",
        "أعترف أنني أطلقت نشاطًا تعاونيًا دون تعليمات مكتوبة، وبمجموعات من ثمانية تلاميذ. "
        "النتيجة: ضجيج، وتلاميذ لا يعرفون ما المطلوب، ومجموعتان فقط أنجزتا العمل.\n\n"
        "الدروس: مجموعات صغيرة (٣ أو ٤)، تعليمات مكتوبة، ووقت محدد لكل مرحلة.",
        [R("fatima.bennani", "Nous sommes tous passés par là ! Les consignes écrites changent tout.")],
    ),
    T(
        "sale",
        "questions",
        "fatima.bennani",
        2,
        "Quelle place pour le téléphone portable en classe ?",
        "Certains collègues l'interdisent totalement, d'autres l'utilisent pour des quiz ou des recherches. "
        "Avez-vous une règle commune dans votre établissement ? Et comment gérez-vous les élèves qui n'en "
        "ont pas ?",
        [
            R("karim.tazi", "في مدرستنا الابتدائية المنع تام، لكن أفهم أن الوضع مختلف في الإعدادي."),
            R("youssef.amrani", "السؤال الأهم في رأيي هو سؤالك الثاني: أي نشاط يعتمد على الهاتف يقصي من لا يملكه."),
        ],
    ),
]
