"""Re-rendering stored posts after the cooking rules change."""

from sqlalchemy import select

from forum.extensions import db
from forum.markup import COOK_VERSION
from forum.models import Post
from forum.services import uploads
from forum.services.content import cook_post


def recook_posts(*, everything=False, batch_size=500, progress=None) -> int:
    """Cook again every post cooked by an older COOK_VERSION (or every post), in batches.

    Returns how many posts were re-rendered. Walks by id so each batch is one indexed
    query and memory stays flat on large forums.
    """
    done, last_id = 0, 0
    while True:
        stmt = select(Post).where(Post.id > last_id).order_by(Post.id).limit(batch_size)
        if not everything:
            stmt = stmt.where(Post.cook_version != COOK_VERSION)
        posts = list(db.session.scalars(stmt))
        if not posts:
            return done
        shown = uploads.files_shown_by([post.id for post in posts])
        for post in posts:
            cooked = cook_post(post.raw, enforce_limits=False, kept_files=shown.get(post.id, ()))
            post.cooked, post.cook_version = str(cooked), COOK_VERSION
            uploads.link(post.cooked, post=post)
        last_id = posts[-1].id
        db.session.commit()
        done += len(posts)
        if progress:
            progress(len(posts))
