"""`forum export`: the whole forum as the JSONL dataset `forum import` reads, lossless enough that
importing an export into an empty forum and exporting again gives the same files."""

import json

import flask_migrate
import pytest
from sqlalchemy import select

from forum import create_app, demo
from forum.extensions import db
from forum.models import Membership, Post, Topic
from forum.services import exporting
from forum.services.importing import import_dataset
from tests.conftest import _config
from tests.test_backups import _empty_database

FILES = ("communities", "categories", "users", "memberships", "topics", "posts")


def read(folder, name):
    return [json.loads(line) for line in (folder / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()]


def test_an_export_imported_into_an_empty_forum_exports_the_same(app, tmp_path):
    demo.seed()
    first = exporting.export_dataset(tmp_path / "first")
    assert first["posts"] == db.session.query(Post).count() and first["categories"] == 3 * first["communities"]
    posts = read(tmp_path / "first", "posts")
    assert any(p["reply_to_post_id"] for p in posts) and any(p["anonymous"] for p in posts)
    assert any(t["solution"] == "synthesis" for t in read(tmp_path / "first", "topics"))
    assert "mentor" in {m["forum_role"] for m in read(tmp_path / "first", "memberships")}
    assert all("password_hash" not in u for u in read(tmp_path / "first", "users"))

    other = create_app(_config(_empty_database(app.config["SQLALCHEMY_DATABASE_URI"], tmp_path), tmp_path / "other"))
    with other.app_context():
        flask_migrate.upgrade()
        report = import_dataset(tmp_path / "first")
        assert report.problems == []
        assert db.session.scalar(select(Topic.solution).where(Topic.solution == "synthesis")) == "synthesis"
        assert db.session.scalars(select(Membership.role).where(Membership.role == "mentor")).first() == "mentor"
        exporting.export_dataset(tmp_path / "second")
        db.session.remove()
        db.engine.dispose()
    for name in FILES:
        assert (tmp_path / "first" / f"{name}.jsonl").read_bytes() == (
            tmp_path / "second" / f"{name}.jsonl"
        ).read_bytes(), name


def test_an_export_goes_into_a_new_or_empty_folder_only(app, tmp_path):
    (tmp_path / "kept.txt").write_text("something of someone's")
    with pytest.raises(exporting.ExportRefused):
        exporting.export_dataset(tmp_path)
    assert (tmp_path / "kept.txt").read_text() == "something of someone's"


def test_password_hashes_only_when_asked(app, tmp_path):
    demo.seed()
    exporting.export_dataset(tmp_path / "with", password_hashes=True)
    assert all(u["password_hash"] for u in read(tmp_path / "with", "users"))
