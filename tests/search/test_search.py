import os
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from whoosh.writing import SegmentWriter

from forum.extensions import db
from forum.models import Post
from forum.models.base import utcnow
from forum.search import indexer, store
from forum.search.query import search
from forum.search.store import open_index
from forum.services import revising
from tests.factories import make_community, make_member, make_reply, make_topic, make_user


def found(user, text, **kwargs):
    return [(hit.post.topic.title, hit.post.post_number) for hit in search(user, text, **kwargs).hits]


def test_a_new_topic_is_found_by_another_form_of_its_words(community, member):
    make_topic(community, member, title="تجربة مع المعلمين الجدد", raw="دعم والمعلمات في الأسبوع الأول")
    assert found(member, "معلمات") == [("تجربة مع المعلمين الجدد", 1)]
    assert found(member, "المُعَلِّمة") == [("تجربة مع المعلمين الجدد", 1)]


def test_an_edit_replaces_the_old_text_in_the_index(community, member):
    topic = make_topic(community, member, title="سؤال عن التقييم", raw="كلمة قديمة: السبورة")
    post = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).one()
    revising.revise_post(member, post, "كلمة جديدة: الحاسوب")
    assert found(member, "السبورة") == []
    assert found(member, "الحاسوب") == [("سؤال عن التقييم", 1)]


def test_a_new_title_reaches_every_post_of_the_topic(community, member):
    topic = make_topic(community, member, title="عنوان مؤقت للنقاش")
    make_reply(topic, raw="رد عادي")
    first = db.session.scalars(select(Post).where(Post.topic_id == topic.id, Post.post_number == 1)).one()
    revising.revise_post(member, first, first.raw, title="الواجبات المنزلية")
    assert sorted(n for _, n in found(member, "الواجبات in:title")) == [1, 2]


def test_members_only_posts_never_reach_outsiders_not_even_in_counts(community):
    closed = make_community(visibility="members")
    insider = make_member(closed)
    make_topic(closed, insider, title="نقاش داخلي عن الميزانية", raw="الميزانية")
    make_topic(community, title="نقاش عام عن الميزانية", raw="الميزانية")
    outsider = make_user()
    results = search(outsider, "الميزانية")
    assert [h.post.topic.title for h in results.hits] == ["نقاش عام عن الميزانية"] and results.total == 1
    assert search(insider, "الميزانية").total == 2
    assert search(outsider, f"الميزانية community:{closed.slug}").total == 0
    assert search(make_user(role="moderator"), "الميزانية").total == 2


def test_posts_with_more_of_the_words_rank_first_and_none_is_lost_for_a_missing_word(community, member):
    make_topic(community, member, title="موضوع أول", raw="التقييم وحده")
    make_topic(community, member, title="موضوع ثان", raw="التقييم التكويني في الرياضيات")
    make_topic(community, member, title="موضوع ثالث", raw="الرياضيات وحدها")
    titles = [t for t, _ in found(member, "التقييم الرياضيات")]
    assert titles[0] == "موضوع ثان" and sorted(titles[1:]) == ["موضوع أول", "موضوع ثالث"]


def test_rare_words_weigh_more_than_common_ones(community, member):
    for n in range(6):
        make_topic(community, member, title=f"نقاش رقم {n}", raw="الطلاب في الصف")
    make_topic(community, member, title="عن الكسور", raw="الكسور صعبة")
    assert found(member, "الطلاب الكسور")[0] == ("عن الكسور", 1)


def test_title_matches_rank_above_body_matches(community, member):
    make_topic(community, member, title="ملاحظات عامة", raw="حديث عن المناوبة في الاستراحة")
    make_topic(community, member, title="خطة المناوبة", raw="تفاصيل")
    assert found(member, "المناوبة")[0] == ("خطة المناوبة", 1)


def test_scores_do_not_depend_on_the_page_size(community, member):
    for n in range(7):
        make_topic(community, member, title=f"التقييم {n}", raw="التقييم " * (n + 1))
    wide = {h.post.id: h.score for h in search(member, "التقييم", per_page=20).hits}
    narrow = {h.post.id: h.score for h in search(member, "التقييم", per_page=3).hits}
    assert all(narrow[i] == wide[i] for i in narrow)


def test_filters_by_author_category_community_and_dates(community, member):
    other = make_member(community)
    elsewhere = make_community()
    old = utcnow() - timedelta(days=400)
    make_topic(community, member, kind="failures", title="درس الكسور الأول", raw="الكسور", at=old)
    make_topic(community, other, kind="practices", title="درس الكسور الثاني", raw="الكسور")
    make_topic(elsewhere, title="درس الكسور الثالث", raw="الكسور")
    assert found(member, f"الكسور @{member.username.upper()}") == [("درس الكسور الأول", 1)]
    assert found(member, "الكسور #best-practices") == [("درس الكسور الثاني", 1)]
    assert len(found(member, f"الكسور community:{community.slug}")) == 2
    cutoff = (utcnow() - timedelta(days=30)).date().isoformat()
    assert found(member, f"الكسور before:{cutoff}") == [("درس الكسور الأول", 1)]
    assert len(found(member, f"الكسور after:{cutoff}")) == 2
    assert len(found(member, f"@{other.username}")) == 1  # filters alone


def test_order_latest_sorts_by_date(community, member):
    make_topic(community, member, title="الأقدم", raw="الواجب الواجب الواجب", at=utcnow() - timedelta(days=3))
    make_topic(community, member, title="الأحدث", raw="الواجب")
    assert [t for t, _ in found(member, "الواجب order:latest")] == ["الأحدث", "الأقدم"]


def test_highlights_cover_the_whole_word_as_written(community, member):
    make_topic(community, member, title="عنوان", raw="شكرًا للمُعَلِّمات على **الجهد**")
    blurb = search(member, "معلم").hits[0].blurb
    assert "<mark>للمُعَلِّمات</mark>" in blurb
    assert "&lt;b&gt;" not in blurb and "<b>" not in blurb


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "؟؟؟ !!! ...",
        "ًٌٍَُِّ",
        "ا" * 10_000,
        "before:2024-13-45 كلمة",
        "foo:bar الواجب",
        '"الواجب المنزلي',
        "*",
        "AND OR NOT",
        "(((",
        "@",
        "#",
    ],
)
def test_odd_queries_never_fail(community, member, text):
    make_topic(community, member, title="الواجب المنزلي", raw="الواجب المنزلي")
    results = search(member, text)
    assert results.total >= 0


def test_malformed_syntax_degrades_to_words_and_says_so(community, member):
    make_topic(community, member, title="الواجب المنزلي", raw="الواجب")
    results = search(member, '"الواجب foo:bar before:yesterday')
    assert results.total == 1
    assert len(results.criteria.notices) == 3


def test_a_post_written_while_the_index_is_locked_is_applied_later(app, community, member):
    ix = open_index()
    holder = ix.writer()
    try:
        topic = make_topic(community, member, title="مكتوب أثناء القفل", raw="القفل")
    finally:
        holder.cancel()
    post = db.session.scalars(select(Post).where(Post.topic_id == topic.id)).one()
    db.session.refresh(post)
    assert post.search_dirty and found(member, "القفل") == []
    assert indexer.apply_changes() == 1
    assert found(member, "القفل") == [("مكتوب أثناء القفل", 1)]


def test_a_failed_index_write_loses_nothing(app, community, member, monkeypatch):
    monkeypatch.setattr(indexer, "document", lambda post, **kwargs: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        make_topic(community, member, title="كتب أثناء العطل", raw="العطل")
    monkeypatch.undo()
    assert db.session.scalar(select(Post.search_dirty)) is True
    indexer.apply_changes()
    assert found(member, "العطل") == [("كتب أثناء العطل", 1)]


def test_an_idle_indexer_leaves_the_index_folder_as_it_was(app, community, member):
    make_topic(community, member, title="موضوع مفهرس", raw="مفهرس")
    folder = app.config["SEARCH_INDEX_DIR"]
    before = sorted(os.listdir(folder))
    for _ in range(5):  # the sweep, every few seconds, of a forum where nobody writes
        assert indexer.apply_changes() == 0
    assert sorted(os.listdir(folder)) == before


def test_the_forum_writes_while_the_index_merges(app, community, member, monkeypatch):
    """Merging a large index takes seconds: the indexer holds no database lock meanwhile, or
    on SQLite every reply would wait for it (and fail after the busy timeout)."""
    app.config["SEARCH_INDEXING"] = "off"
    topic = make_topic(community, member, title="موضوع قبل الدمج", raw="نص")
    merging, release = threading.Event(), threading.Event()
    real_commit = SegmentWriter.commit

    def slow_merge(self, *args, merge=True, **kwargs):
        if merge:
            merging.set()
            release.wait(30)
        return real_commit(self, *args, merge=merge, **kwargs)

    monkeypatch.setattr(SegmentWriter, "commit", slow_merge)

    def index():
        with app.app_context():
            indexer.apply_changes()
            db.session.remove()

    thread = threading.Thread(target=index)
    thread.start()
    try:
        assert merging.wait(10), "the indexer reached its merge"
        if db.engine.dialect.name == "sqlite":
            db.session.execute(text("PRAGMA busy_timeout = 1000"))  # fail fast, rather than in 15 s
        make_reply(topic, raw="رد أثناء الدمج")
    finally:
        release.set()
        thread.join()
    assert db.session.scalar(select(func.count(Post.id)).where(Post.topic_id == topic.id)) == 2


def test_rebuild_restores_everything_from_the_database(app, community, member):
    make_topic(community, member, title="موضوع محفوظ", raw="محفوظ")
    indexer.create_index()
    assert found(member, "محفوظ") == []
    assert indexer.rebuild() == 1
    assert found(member, "محفوظ") == [("موضوع محفوظ", 1)]


def test_similar_topics_are_suggested_from_titles_in_three_languages(community, member):
    from forum.search.query import similar_topics

    make_topic(community, member, title="كيف نقيم العمل الجماعي؟")
    make_topic(community, member, kind="practices", title="Grading group work fairly")
    make_topic(community, member, title="Évaluer l'oral en classe")
    assert [t.title for t in similar_topics(member, "تقييم العمل")] == ["كيف نقيم العمل الجماعي؟"]
    assert [t.title for t in similar_topics(member, "group grading")] == ["Grading group work fairly"]
    assert [t.title for t in similar_topics(member, "evaluation orale")] == ["Évaluer l'oral en classe"]


def test_reindex_and_search_check_commands(app, community, member):
    make_topic(community, member, title="موضوع للفحص", raw="الفحص")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["forum", "search-check"]).exit_code == 0
    indexer.create_index()
    report = runner.invoke(args=["forum", "search-check"])
    assert report.exit_code == 1 and "1 searchable posts missing" in report.output
    result = runner.invoke(args=["forum", "reindex"])
    assert "Indexed 1 posts." in result.output
    assert found(member, "الفحص") == [("موضوع للفحص", 1)]
    db.session.execute(db.update(Post).values(search_dirty=True))
    db.session.commit()
    assert "Indexed 1 posts." in runner.invoke(args=["forum", "reindex", "--changed"]).output
    assert runner.invoke(args=["forum", "search-check"]).exit_code == 0


def test_grouped_per_topic_each_topic_appears_once_with_its_best_post(community, member):
    busy = make_topic(community, member, title="نقاش طويل", raw="الكسور مرة")
    make_reply(busy, raw="الكسور الكسور الكسور في الصف الرابع")
    make_reply(busy, raw="الكسور مرة أخرى")
    make_topic(community, member, title="نقاش قصير", raw="الكسور والقسمة")
    assert len(search(member, "الكسور").hits) == 4
    grouped = search(member, "الكسور", group=True)
    assert sorted(found(member, "الكسور", group=True)) == [("نقاش طويل", 2), ("نقاش قصير", 1)]
    assert grouped.total == 2
    assert [h.post.topic_id for h in search(member, "الكسور", group=True, per_page=1, page=2).hits] != [
        h.post.topic_id for h in search(member, "الكسور", group=True, per_page=1, page=1).hits
    ]


def test_a_title_with_the_word_as_typed_ranks_above_one_with_another_form_of_it(community, member):
    make_topic(community, member, title="دليل المعلم الجديد", raw="تفاصيل")
    make_topic(community, member, title="دليل المعلمين الجدد", raw="تفاصيل")
    assert [t for t, _ in found(member, "المعلمين")] == ["دليل المعلمين الجدد", "دليل المعلم الجديد"]
    assert [t for t, _ in found(member, "المعلم")] == ["دليل المعلم الجديد", "دليل المعلمين الجدد"]


def test_a_file_vanishing_while_the_index_is_listed_never_wipes_the_index(app, community, monkeypatch):
    """Another process's commit deletes old files while this one lists the directory: a file
    gone between the listing and its stat must not look like "no index" (which would create
    the index again, empty)."""
    make_topic(community, raw="نص يبقى في الفهرس بعد كل شيء")
    indexer.apply_changes()
    real_scandir = os.scandir

    class Vanished:
        name = "_MAIN_0.toc"

        def stat(self):
            raise FileNotFoundError(self.name)

    class Listing:
        """Lists a table of contents that is gone by its stat: beside the current one, or (the
        first time, when only_vanished) before the current one was written."""

        only_vanished = False

        def __init__(self, path):
            self.inner = real_scandir(path)

        def __enter__(self):
            entries = list(self.inner.__enter__())
            if Listing.only_vanished:
                Listing.only_vanished = False
                return [Vanished()]
            return [Vanished(), *entries]

        def __exit__(self, *exc):
            return self.inner.__exit__(*exc)

    monkeypatch.setattr(store.os, "scandir", Listing)
    assert open_index().doc_count() == 1
    Listing.only_vanished = True
    assert open_index().doc_count() == 1
