"""Demo content: three communities of educators and about forty discussions, built
through the same services that members use."""

from datetime import timedelta

from sqlalchemy import func, select, update

from forum.demo import files as demo_files
from forum.demo.people import COMMUNITIES, PASSWORD, PEOPLE, WORK
from forum.demo.topics_homs import TOPICS as HOMS
from forum.demo.topics_sale import TOPICS as SALE
from forum.demo.topics_zarqa import TOPICS as ZARQA
from forum.extensions import db
from forum.models import Category, Post, Topic, User
from forum.models.base import utcnow
from forum.services import accounts, answers, communities, curation, flags, messages, posting, preferences, uploads
from forum.text import fold_key

TOPICS = ZARQA + SALE + HOMS


def is_empty() -> bool:
    return db.session.scalar(select(func.count(User.id))) == 0


def accounts_present() -> list[tuple[str, str]]:
    """The demo accounts found in this forum, as (username, what they are)."""
    keys = {fold_key(username) for username, *_ in PEOPLE}
    found = set(db.session.scalars(select(User.username_key).where(User.username_key.in_(keys))))
    return [
        (username, _describe(role, member_of))
        for username, _, _, role, _, member_of in PEOPLE
        if fold_key(username) in found
    ]


def _describe(role, member_of):
    for title in ("coordinator", "mentor"):
        held = [slug for slug, r in member_of.items() if r == title]
        if held:
            return f"{title} of {', '.join(held)}"
    if role != "member":
        return f"site {role}"
    return f"member of {', '.join(member_of)}"


def seed():
    """Create the demo forum through the services."""
    now = utcnow()
    places = {c["slug"]: _community(c) for c in COMMUNITIES}
    people = {}
    for username, display, mailbox, role, bio, member_of in PEOPLE:
        user = accounts.register_user(
            username, f"{mailbox}@example.org", PASSWORD, display_name=display, role=role, bio=bio, email_confirmed=True
        )
        for slug, membership_role in member_of.items():
            communities.add_member(places[slug], user, role=membership_role)
        profession, subjects, grades, schools = WORK.get(username, ("", [], [], {}))
        preferences.introduce(user, locale=None, profession=profession, subjects=subjects, grades=grades)
        for slug, school in schools.items():
            communities.set_school(user, places[slug], school)
        people[username] = user
    kinds = {c.kind: c for c in db.session.scalars(select(Category))}
    for number, item in enumerate(sorted(TOPICS, key=lambda t: -t.days_ago)):
        _discussion(item, places, people, kinds, now, number)
    _flag_for_review(places["zarqa"], people)
    _solve_questions(people)
    _curate_library(people)
    _ask_to_join(places, people)
    _mentoring_conversation(people)
    _shared_files(people)
    # The demo people joined before the first discussion and last came by three days ago, so
    # whoever signs in finds the discussions since then new or unread.
    last_visit = now - timedelta(days=3)
    db.session.execute(
        update(User).values(
            created_at=now - timedelta(days=max(t.days_ago for t in TOPICS) + 1),
            last_seen_at=last_visit,
            previous_visit_at=last_visit,
        )
    )
    db.session.commit()


def _flag_for_review(community, people):
    """One post waits in the Zarqa coordinator's review queue, as posts do."""
    flagger = people["khaled.haddad"]
    post = db.session.scalars(
        select(Post)
        .join(Post.topic)
        .where(Topic.community_id == community.id, Post.post_number > 1, Post.user_id != flagger.id)
        .order_by(Post.created_at.desc())
    ).first()
    flags.flag(flagger, post, "off_topic", "أظن أن مكان هذا الرد موضوع آخر؛ أرجو أن يراجعه المنسق.")


def _solve_questions(people):
    """Two Zarqa questions are settled: one by the asker's accepted answer, one by the
    coordinator's synthesis."""

    def topic(title):
        return db.session.scalars(select(Topic).where(Topic.title == title)).one()

    answers.accept_answer(people["rania.odeh"], _post("How do we grade group work fairly?", 2))
    answers.write_synthesis(
        people["mona.alqasem"],
        topic("هل نصحح كل الأخطاء الإملائية في تعبير الطلبة؟"),
        "**خلاصة النقاش:** لا نصحح كل الأخطاء. اتفقنا على:\n\n"
        "1. التركيز على نوعين أو ثلاثة من الأخطاء في كل نص، يعرفها الطلبة مسبقًا.\n"
        "2. رموز تصحيح يصحح بها الطالب خطأه بنفسه.\n"
        "3. تجربة «خطأ الأسبوع» في قسم اللغة العربية، ونعود إلى نتائجها في اجتماع الشهر القادم.",
    )


def _post(title, number=1):
    return db.session.scalars(
        select(Post).join(Post.topic).where(Topic.title == title, Post.post_number == number)
    ).one()


# (title of the topic, post number, curator, entry title, summary, subject, grade)
LIBRARY = [
    (
        "تجربة «المختبر الصامت» في حصص العلوم",
        1,
        "mona.alqasem",
        "المختبر الصامت: تجربة علمية بلا كلام",
        "يعمل الطلبة في مجموعات **دون كلام** طوال التجربة، ويتواصلون ببطاقات مكتوبة فقط.\n\n"
        "- تقلّ الفوضى ويزيد التركيز على الملاحظة.\n- تصبح البطاقات سجلًا لتفكير المجموعة يُناقش بعد التجربة.",
        "science",
        "middle",
    ),
    (
        "بنك للأسئلة الصفية حسب مستويات التفكير",
        1,
        "hala.nasser",
        "بنك أسئلة مشترك مصنّف حسب مستويات التفكير",
        "قسم كامل يبني بنكًا واحدًا للأسئلة الصفية، مصنّفًا من التذكر إلى التقويم، فيتقاسم المعلمون الجهد "
        "ويرتفع مستوى الأسئلة في الحصص.",
        "arabic",
        "middle",
    ),
    (
        "How do we grade group work fairly?",
        2,
        "mona.alqasem",
        "تقييم العمل الجماعي: درجة للمجموعة ودرجة للفرد",
        "الرد المقبول في سؤال العمل الجماعي: **جزء للمنتج المشترك وجزء لمساهمة كل طالب**، مع تقييم ذاتي "
        "قصير يكتبه كل عضو.",
        "whole_school",
        "middle",
    ),
    (
        "La dictée négociée : une pratique qui fait parler les élèves",
        1,
        "youssef.amrani",
        "La dictée négociée",
        "Les élèves écrivent seuls, puis **négocient** en groupe une version commune "
        "en justifiant chaque choix orthographique.",
        "french",
        "middle",
    ),
    (
        "ركن القراءة الذاتية في القسم: خطوات عملية",
        1,
        "hala.nasser",
        "ركن القراءة الذاتية بتكلفة شبه منعدمة",
        "ركن قراءة في كل قسم من كتب يتبرع بها الأهالي، مع دفتر استعارة يديره التلاميذ أنفسهم.",
        "arabic",
        "primary_lower",
    ),
]


def _curate_library(people):
    """The library holds five entries (four whole discussions, one accepted answer), and a
    member's nomination waits for the Zarqa curators."""
    for title, number, curator, entry_title, summary, subject, grade in LIBRARY:
        curation.promote(
            people[curator], _post(title, number), title=entry_title, summary=summary, subject=subject, grade=grade
        )
    curation.nominate(
        people["rania.odeh"],
        _post("جدول بسيط لمتابعة الواجبات دون إرهاق"),
        "We copied this tracker in the English department; it saved us hours.",
    )


def _ask_to_join(places, people):
    """Salé admits members by request; one waits for its coordinator."""
    sale = places["sale"]
    communities.change_settings(people["youssef.amrani"], sale, join_policy="request")
    communities.request_to_join(
        people["rania.odeh"],
        sale,
        "English teacher in Zarqa; I would like to learn from your reading corners.",
        accept_charter=True,
    )


def _mentoring_conversation(people):
    """A mentor's private word to a teacher after a classroom visit, and the answer."""
    conversation = messages.start_conversation(
        people["hala.nasser"],
        [people["khaled.haddad"]],
        "ملاحظات بعد زيارة حصة الكسور",
        "شكرًا على استقبالي في حصتك يا خالد. أعجبني كيف بدأت **بمشكلة من حياة الطلبة**.\n\n"
        "اقتراح واحد للمرة القادمة: امنح الطلبة دقيقتين للتفكير الفردي قبل العمل في المجموعات.",
    )
    messages.reply(
        people["khaled.haddad"],
        conversation,
        "شكرًا لك أستاذة هالة. سأجرب دقيقتي التفكير في حصة الأحد وأخبرك بالنتيجة.",
    )


def _shared_files(people):
    """Files as teachers share them: the silent lab's results on the board and its worksheet,
    and the homework tracker as a spreadsheet."""
    mona = people["mona.alqasem"]
    chart = uploads.receive(mona, "نتائج المختبر الصامت.jpg", demo_files.results_chart())
    sheet = uploads.receive(mona, "ورقة الملاحظة الصامتة.docx", demo_files.worksheet())
    lab = _post("تجربة «المختبر الصامت» في حصص العلوم").topic
    posting.create_reply(
        mona,
        lab,
        "كما وعدتكم، صورة السبورة بنسبة المجموعات التي أنهت التجربة في كل أسبوع:\n\n"
        f"{uploads.markdown(chart)}\n\nوهذه ورقة الملاحظة التي استخدمناها: {uploads.markdown(sheet)}",
    )
    tracker = _post("جدول بسيط لمتابعة الواجبات دون إرهاق")
    table = uploads.receive(tracker.author, "متابعة الواجبات.csv", demo_files.homework_tracker())
    posting.create_reply(tracker.author, tracker.topic, f"الجدول جاهزًا للنسخ: {uploads.markdown(table)}")


def _community(spec):
    community = communities.create_community(
        spec["slug"],
        spec["name"],
        region=spec["region"],
        description=spec["description"],
        charter=spec["charter"],
        visibility=spec["visibility"],
    )
    for name in spec["institutions"]:
        communities.add_institution(community, name)
    return community


def _discussion(item, places, people, kinds, now, number):
    # Spread the day's posts over working hours so the lists read like a living forum.
    started = now - timedelta(days=item.days_ago, hours=(number * 7) % 10)
    topic = posting.create_topic(
        people[item.author],
        places[item.community],
        kinds[item.kind],
        item.title,
        item.body,
        anonymous=item.anonymous,
        at=started,
    )
    for index, reply in enumerate(item.replies, start=1):
        at = started + timedelta(hours=3 * index, minutes=(number * 13 + index * 17) % 60)
        reply_to = reply.to + 1 if reply.to else None
        posting.create_reply(
            people[reply.author], topic, reply.body, reply_to=reply_to, anonymous=reply.anonymous, at=min(at, now)
        )
