"""`flask forum ...`: maintenance and set-up commands."""

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from forum import demo
from forum.extensions import db
from forum.models import Post, Topic
from forum import search
from forum.services import importing
from forum.services.recooking import recook_posts
from forum.services.stats import resync_topic

forum_cli = AppGroup("forum", help="Halaqa maintenance commands.")


@forum_cli.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the forum already has users.")
def seed_demo(if_empty):
    """Load the demo communities, members and discussions."""
    if not demo.is_empty():
        if not if_empty:
            raise click.ClickException("The forum is not empty; seed-demo only runs on an empty forum.")
        click.echo("The forum already has content; demo content not loaded.")
    else:
        demo.seed()
        click.echo(f"Demo content loaded: {len(demo.TOPICS)} topics in {len(demo.COMMUNITIES)} communities.")
    accounts = demo.accounts_present()
    if accounts:
        click.echo(f"Demo accounts (password for all, unless changed: {demo.PASSWORD}):")
        for username, description in accounts:
            click.echo(f"  {username:<16} {description}")


@forum_cli.command("create-admin")
@click.argument("username")
@click.argument("email")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    help="Asked for when not given, so it stays out of the shell's history.",
)
def create_admin(username, email, password):
    """Create an administrator account (the first one of a fresh install)."""
    from forum.services import accounts
    from forum.services.errors import InvalidInput

    try:
        user = accounts.register_user(username, email, password, role="admin", email_confirmed=True)
    except InvalidInput as error:
        raise click.ClickException(str(error.message)) from None
    click.echo(f"Administrator {user.username} created. Sign in, then grant roles from the member pages.")


@forum_cli.command("recook")
@click.option("--all", "everything", is_flag=True, help="Re-render every post, not only outdated ones.")
def recook(everything):
    """Re-render stored posts after the cooking rules changed."""
    count = recook_posts(everything=everything)
    click.echo(f"Re-rendered {count} posts.")


@forum_cli.command("resync")
def resync():
    """Recompute every topic's counters from its posts."""
    ids = list(db.session.scalars(select(Topic.id)))
    with click.progressbar(ids, label="Topics") as bar:
        for topic_id in bar:
            resync_topic(topic_id)
    click.echo(f"Resynchronised {len(ids)} topics.")


@forum_cli.command("reindex")
@click.option("--changed", is_flag=True, help="Apply only posts changed since they were last indexed.")
def reindex(changed):
    """Rebuild the search index from the database (or apply pending changes)."""
    pending = db.session.scalar(select(db.func.count(Post.id)).where(Post.search_dirty.is_(True)))
    total = pending if changed else db.session.scalar(select(db.func.count(Post.id)))
    with click.progressbar(length=total, label="Posts") as bar:
        if changed:
            count = search.apply_changes(wait=30.0, progress=bar.update, bulk=True) or 0
        else:
            count = search.rebuild(progress=bar.update)
    click.echo(f"Indexed {count} posts.")


@forum_cli.command("search-check")
def search_check():
    """Compare the search index with the database and report differences."""
    report = search.check()
    for key, label in (
        ("missing", "searchable posts missing from the index"),
        ("extra", "index documents for posts that should not be found"),
        ("pending", "posts waiting to be indexed"),
    ):
        ids = report[key]
        click.echo(f"{len(ids)} {label}" + (f": {ids[:20]}" if ids else ""))
    if report["missing"] or report["extra"]:
        raise SystemExit(1)


@forum_cli.command("import")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--prefix", default="", help="The files' common prefix, e.g. 'small' for small.posts.jsonl.")
@click.option("--password", default=None, help="An initial password for every imported user (benchmarks).")
def import_command(folder, prefix, password):
    """Import a forum from JSONL files; running it again adds only what is missing."""
    posts = importing.dataset_file(folder, prefix, "posts")
    total = sum(1 for _ in posts.open(encoding="utf-8")) if posts.exists() else 0
    with click.progressbar(length=total, label="Posts") as bar:
        report = importing.import_dataset(folder, prefix=prefix, password=password, progress=bar.update)
    for problem in report.problems:
        click.echo(f"skipped {problem}", err=True)
    click.echo("Added: " + (", ".join(f"{kind}: {n}" for kind, n in sorted(report.added.items())) or "nothing"))
    if report.existing:
        click.echo("Already there: " + ", ".join(f"{kind}: {n}" for kind, n in sorted(report.existing.items())))
    with click.progressbar(length=report.added["post"], label="Index") as bar:
        search.apply_changes(wait=30.0, progress=bar.update, bulk=True)


@forum_cli.command("send-digests")
def send_digests():
    """Send now the daily summaries that are due (the workers also do it every hour)."""
    from forum.services import emails

    due = emails.due_digests()
    sent = sum(1 for user_id in due if emails.send_digest(user_id))
    click.echo(f"Summaries due: {len(due)}; sent: {sent} (the others had nothing new).")


@forum_cli.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time (threads).")
def worker(workers):
    """Run background jobs (notifications, email) until stopped: needed when
    FORUM_JOBS_REDIS_URL is set; otherwise each serving process runs its own."""
    from forum import jobs

    if current_app.config["JOBS_IMMEDIATE"]:
        raise click.ClickException("Jobs run immediately in this configuration; there is nothing to work on.")
    jobs.run_worker(workers)


@forum_cli.command("backup")
@click.argument("folder", type=click.Path(file_okay=False))
def backup_command(folder):
    """Back up the database, the uploaded files and the secret key into FOLDER (new or empty),
    while the forum runs."""
    from forum import backups

    try:
        made = backups.backup(folder)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up the {made['database']} database and {made['uploads']} files into {folder}.")


@forum_cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False))
@click.option("--force", is_flag=True, help="Replace a forum that is not empty.")
def restore_command(folder, force):
    """Restore a backup made by `forum backup` into this forum, then rebuild the search index."""
    from forum import backups

    try:
        done = backups.restore(folder, force=force)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored the database and {done['restored_uploads']} files; {done['indexed_posts']} posts indexed.")


@forum_cli.command("export")
@click.argument("folder", type=click.Path(file_okay=False))
@click.option("--prefix", default="", help="Name the files PREFIX.posts.jsonl... instead of posts.jsonl...")
@click.option("--password-hashes", is_flag=True, help="Include the password hashes (keep such a folder secret).")
def export_command(folder, prefix, password_hashes):
    """Write the whole forum into FOLDER (new or empty) as the JSONL dataset `forum import` reads."""
    from forum.services import exporting

    try:
        counts = exporting.export_dataset(folder, prefix=prefix, password_hashes=password_hashes)
    except exporting.ExportRefused as error:
        raise click.ClickException(str(error)) from None
    click.echo("Exported " + ", ".join(f"{n} {kind}" for kind, n in counts.items()) + f" into {folder}.")
