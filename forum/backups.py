"""Backing up a running forum to a folder, and restoring one from it (`flask forum backup DIR`,
`flask forum restore DIR`).

A backup holds the database (SQLite's online backup API: a consistent copy while the forum
writes; pg_dump's snapshot for PostgreSQL), then every uploaded file (stored before the rows that
name them, so the files of every row in the copy are there), the instance's generated secret key
when it has one (sessions and emailed links stay valid), and manifest.json. The search index is
not copied: a restore rebuilds it from the database.
"""

import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

from flask import current_app
from sqlalchemy import func, make_url, select

from forum import search
from forum.extensions import db
from forum.models import User
from forum.models.base import utcnow
from forum.storage import storage

DATABASE_SQLITE = "forum.sqlite3"
DATABASE_POSTGRESQL = "forum.pgdump"
UPLOADS = "uploads"
SECRET = "secret_key"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """Why a backup or restore cannot go ahead (a message for the operator)."""


def backup(folder) -> dict:
    """Write a backup of this forum into folder (new or empty); its manifest."""
    folder = Path(folder)
    if folder.exists() and any(folder.iterdir()):
        raise BackupError(f"{folder} is not empty: back up into a new or empty folder.")
    folder.mkdir(parents=True, exist_ok=True)
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(url.database, folder / DATABASE_SQLITE)
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(folder / DATABASE_POSTGRESQL), _libpq(url)])
    store, files = storage(), 0
    for key in store.keys():
        target = folder / UPLOADS / key
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = store.open(key)
        if handle is None:  # removed meanwhile (nothing shows it)
            continue
        with handle:
            target.write_bytes(handle.read())
        files += 1
    secret = Path(current_app.config["INSTANCE_DIR"]) / SECRET
    if secret.is_file():
        shutil.copy2(secret, folder / SECRET)
        (folder / SECRET).chmod(0o600)
    manifest = {"made_at": utcnow().isoformat(), "database": url.get_backend_name(), "uploads": files}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2))
    return manifest


def restore(folder, *, force=False) -> dict:
    """Restore a backup into this forum: the database, the uploaded files and the secret key,
    then the search index rebuilt. A forum that has members is refused unless force."""
    folder = Path(folder)
    manifest_path = folder / MANIFEST
    if not manifest_path.is_file():
        raise BackupError(f"{folder} holds no backup ({MANIFEST} is missing).")
    manifest = json.loads(manifest_path.read_text())
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"])
    if manifest["database"] != url.get_backend_name():
        raise BackupError(
            f"This backup is of a {manifest['database']} database; this forum uses {url.get_backend_name()}."
        )
    if not force and _has_members():
        raise BackupError("This forum is not empty: a restore replaces everything in it. Add --force to go ahead.")
    db.session.remove()
    db.engine.dispose()
    if url.get_backend_name() == "sqlite":
        _sqlite_copy(str(folder / DATABASE_SQLITE), url.database)
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--dbname",
                _libpq(url),
                str(folder / DATABASE_POSTGRESQL),
            ]
        )
    store, files = storage(), 0
    for path in sorted((folder / UPLOADS).rglob("*")) if (folder / UPLOADS).is_dir() else ():
        if path.is_file():
            store.put(str(path.relative_to(folder / UPLOADS)), path.read_bytes(), "application/octet-stream")
            files += 1
    if (folder / SECRET).is_file():
        target = Path(current_app.config["INSTANCE_DIR"]) / SECRET
        shutil.copy2(folder / SECRET, target)
        target.chmod(0o600)
    posts = search.rebuild()
    return {**manifest, "restored_uploads": files, "indexed_posts": posts}


def _has_members() -> bool:
    try:
        return bool(db.session.scalar(select(func.count(User.id))))
    finally:
        db.session.rollback()


def _sqlite_copy(source, target):
    """A consistent copy of a SQLite database, even while others write to it."""
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()


def _libpq(url) -> str:
    """The SQLAlchemy address as pg_dump and pg_restore read it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command):
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
