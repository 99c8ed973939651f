"""`forum backup` and `forum restore`: a running forum's database, files and secret key into a
folder, and back into an empty forum, searchable again."""

import flask_migrate
import pytest
from sqlalchemy import create_engine, make_url, text

from forum import backups, create_app
from forum.extensions import db
from forum.search import search
from forum.services import uploads
from tests.conftest import _config
from tests.factories import make_community, make_member, make_topic, topic_url
from tests.uploads import files


def _empty_database(url, folder):
    """Another database of the same engine, empty."""
    if make_url(url).get_backend_name() == "sqlite":
        return f"sqlite:///{folder / 'restored.sqlite3'}"
    base = make_url(url)
    name = f"{base.database}_restored"
    engine = create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.mark.usefixtures("search")
def test_a_backup_restores_into_an_empty_forum_with_its_files_and_search(app, tmp_path):
    community = make_community()
    author = make_member(community)
    sheet = uploads.receive(author, "ورقة العمل.docx", files.docx("photosynthesis worksheet"))
    topic = make_topic(community, author, title="خطة مشتركة للعلوم", raw=f"المرفق {uploads.markdown(sheet)}")
    address, page = uploads.address(sheet), topic_url(topic)
    with uploads.open_file(sheet) as stored:
        content = stored.read()
    made = backups.backup(tmp_path / "backup")
    assert made["uploads"] == 1
    with pytest.raises(backups.BackupError, match="not empty"):
        backups.backup(tmp_path / "backup")

    restored_url = _empty_database(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path)
    other = create_app(_config(restored_url, tmp_path / "other"))
    with other.app_context():
        flask_migrate.upgrade()
        done = backups.restore(tmp_path / "backup")
        assert done["restored_uploads"] == 1 and done["indexed_posts"] == 1
        client = other.test_client()
        assert "ورقة العمل.docx" in client.get(page).text
        assert client.get(address).data == content
        assert [hit.post.topic.title for hit in search(None, "photosynthesis").hits] == ["خطة مشتركة للعلوم"]
        with pytest.raises(backups.BackupError, match="--force"):
            backups.restore(tmp_path / "backup")
        db.session.remove()
        db.engine.dispose()


def test_a_folder_that_holds_no_backup_is_refused(app, tmp_path):
    with pytest.raises(backups.BackupError, match="no backup"):
        backups.restore(tmp_path)
