"""What the browser tests share: signing in, and a small forum to look at."""

from sqlalchemy import select

from forum.extensions import db
from forum.models import LibraryEntry, Nomination, Topic
from forum.search import indexer
from forum.services import answers, communities, curation, flags, moderation
from tests.factories import PASSWORD, make_community, make_entry, make_member, make_reply, make_topic, make_user


def log_in(page, user):
    page.goto("/login")
    page.fill("#login", user.username)
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/")


QUESTION = "How do we welcome new teachers?"
FAILURE = "حصة خرجت عن السيطرة"


def small_forum():
    """A community with an Arabic topic (a reply, an English reply, a quote, a code block and a
    table, one reply flagged, one nominated for the library and one hidden by a moderator), an
    English question with its accepted answer in the library, a failure shared anonymously, and a member to
    sign in as, who coordinates the community and administers the site, so that every page and
    menu shows. Returns (community, topic, member)."""
    community = make_community("zarqa", name="مجتمع التعلم المهني – الزرقاء")
    member = make_member(community, make_user("mona", display_name="منى القاسم", role="admin"), role="coordinator")
    other = make_member(community, make_user("khalid", display_name="خالد الحداد"))
    topic = make_topic(
        community,
        other,
        kind="practices",
        title="بطاقات الخروج التي تغيّر درس الغد",
        raw="جربنا **بطاقات الخروج** في الصف السابع لمدة 3 أسابيع (من 1 إلى 21 مارس).\n\n"
        "| الأسبوع | النسبة |\n|---|---|\n| 1 | 40% |\n| 3 | 75% |\n\n"
        "```\nscore = correct / total\n```",
    )
    praise = make_reply(topic, member, raw="> جربنا بطاقات الخروج\n\nفكرة رائعة، سأجربها مع الصف التاسع.")
    curation.nominate(other, praise, "تجربة تستحق أن تُحفظ")
    flagged = make_reply(topic, raw="We tried this in grade 8 (English class): it works, 100%.")
    flags.flag(other, flagged, "other", "يبدو أن النسبة غير دقيقة")
    moderation.hide_post(member, make_reply(topic, raw="إعلان: دورات خصوصية بأسعار مخفضة"), "إعلان تجاري")
    question = make_topic(community, member, title=QUESTION, raw="A question for the coordinators.")
    answer = make_reply(question, other, raw="نخصص لكل معلم جديد زميلًا مرافقًا لفصل كامل.")
    answers.accept_answer(member, answer)
    make_entry(
        answer,
        member,
        title="زميل مرافق لكل معلم جديد",
        subject="whole_school",
        grade="all_grades",
        summary="يرافق زميلٌ خبير **كل معلم جديد** فصلًا دراسيًا كاملًا.",
    )
    failure = make_topic(community, other, kind="failures", title=FAILURE, raw="شاركت هذا دون اسمي.", anonymous=True)
    make_reply(failure, member, raw="شكرًا على الصراحة.")
    community.join_policy = "request"
    communities.request_to_join(make_user("samar", display_name="سمر الخطيب"), community, "معلمة رياضيات في الرصيفة")
    community.join_policy, community.charter = "open", "نشارك تجاربنا بصدق، ولا نذكر أسماء الطلبة."
    neighbour = make_community("sale", name="جماعة الممارسات المهنية – سلا")
    neighbour.charter = "نحترم التجارب، ولا نذكر أسماء الطلبة."
    db.session.commit()
    indexer.apply_changes()  # searchable at once, as the forum's own indexing would make it
    return community, topic, member


def main_pages(community, topic):
    """The pages every browser check visits (signed in), by name."""
    return {
        "home": "/",
        "community": f"/communities/{community.slug}",
        "topic": f"/t/{topic.slug}/{topic.id}",
        "composer": f"/communities/{community.slug}/new-topic",
        "search": "/search?q=بطاقات",
        "profile": "/u/mona",
        "notifications": "/notifications",
        "unread": "/unread",
        "bookmarks": "/bookmarks",
        "preferences": "/my/preferences",
        "profile replies": "/u/mona?tab=replies",
        "review queue": "/review",
        "staff log": "/admin/log",
        "solved question": f"/t/{db.session.scalars(select(Topic.id).where(Topic.title == QUESTION)).one()}",
        "hard questions": f"/communities/{community.slug}?category=hard-questions&status=solved",
        "anonymous failure": f"/t/{db.session.scalars(select(Topic.id).where(Topic.title == FAILURE)).one()}",
        "library": "/library",
        "library entry": f"/library/{db.session.scalars(select(LibraryEntry.id)).one()}",
        "promote": f"/p/{db.session.scalars(select(Nomination.post_id)).one()}/promote",
        "nominations": "/library/nominations",
        "members": f"/communities/{community.slug}/members",
        "join": "/communities/sale/join",
        "move, split or merge": f"/t/{topic.id}/move",
        "communities (admin)": "/admin/communities",
        "edit a community": f"/admin/communities/{community.slug}/edit",
    }
