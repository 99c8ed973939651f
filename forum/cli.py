"""`flask forum ...`: maintenance and set-up commands."""
import click
from flask.cli import AppGroup
from sqlalchemy import select

from forum import demo
from forum.extensions import db
from forum.models import Topic
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
