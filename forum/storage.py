"""Where uploaded files are kept: a local directory (the embedded default, UPLOADS_DIR) or
an S3-compatible object store (UPLOADS_S3_BUCKET and its settings), which several web
machines share. Both hold immutable objects under keys the uploads service makes from the
content's hash, so writing an object that exists changes nothing.

`storage()` is the app's store; each has put, open (a readable file, or None), exists, delete,
keys and ready (raises unless it can be used), and says whether it `serves_files` from disk."""

import logging
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from flask import current_app

from forum.services.errors import StorageUnavailable

log = logging.getLogger(__name__)


class LocalStorage:
    serves_files = True

    def __init__(self, root):
        self.root = Path(root)

    def path(self, key) -> Path:
        return self.root / key

    def put(self, key, data: bytes, content_type: str):
        path = self.path(key)
        if path.exists():
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Written beside, then renamed: a reader never sees half an object.
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except OSError as error:  # a full or read-only disk
            log.error("Could not store %s: %s", key, error)
            raise StorageUnavailable() from None

    def open(self, key):
        try:
            return self.path(key).open("rb")
        except FileNotFoundError:
            return None

    def exists(self, key) -> bool:
        return self.path(key).is_file()

    def delete(self, key):
        self.path(key).unlink(missing_ok=True)

    def keys(self):
        """Every object's key."""
        if not self.root.is_dir():
            return []
        return sorted(
            str(p.relative_to(self.root)) for p in self.root.rglob("*") if p.is_file() and not p.name.startswith(".")
        )

    def clear(self):
        """Remove every object (tests)."""
        shutil.rmtree(self.root, ignore_errors=True)

    def ready(self):
        """Raise unless objects can be written here."""
        self.root.mkdir(parents=True, exist_ok=True)
        if not os.access(self.root, os.W_OK):
            raise PermissionError(f"{self.root} is not writable")


class S3Storage:
    serves_files = False

    def __init__(self, bucket, *, endpoint_url=None, region=None, access_key=None, secret_key=None, prefix=""):
        import boto3
        from botocore.config import Config

        self.bucket, self.prefix = bucket, prefix
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key or None,
            aws_secret_access_key=secret_key or None,
            config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30),
        )

    def put(self, key, data: bytes, content_type: str):
        with self._answering(key):
            self.client.put_object(Bucket=self.bucket, Key=self.prefix + key, Body=data, ContentType=content_type)

    def open(self, key):
        with self._answering(key):
            try:
                return self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)["Body"]
            except ClientError as error:
                # Missing; or forbidden, which is what a bucket that may not be listed says of a missing key.
                if error.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "AccessDenied", "403"):
                    return None
                raise

    @contextmanager
    def _answering(self, key):
        """The store's errors (down, refusing, timing out) as StorageUnavailable, logged."""
        try:
            yield
        except (ClientError, BotoCoreError) as error:
            log.error("The object store failed on %s: %s", key, error)
            raise StorageUnavailable() from None

    def exists(self, key) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, key):
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)

    def keys(self):
        """Every object's key (under the prefix, without it)."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        return sorted(item["Key"][len(self.prefix) :] for page in pages for item in page.get("Contents", ()))

    def ready(self):
        """Raise unless the bucket answers."""
        self.client.head_bucket(Bucket=self.bucket)

    def clear(self):
        """Remove every object under the prefix (tests)."""
        for key in self.keys():
            self.delete(key)


def make_storage(config):
    if config.get("UPLOADS_S3_BUCKET"):
        return S3Storage(
            config["UPLOADS_S3_BUCKET"],
            endpoint_url=config.get("UPLOADS_S3_ENDPOINT_URL"),
            region=config.get("UPLOADS_S3_REGION"),
            access_key=config.get("UPLOADS_S3_ACCESS_KEY_ID"),
            secret_key=config.get("UPLOADS_S3_SECRET_ACCESS_KEY"),
            prefix=config.get("UPLOADS_S3_PREFIX", ""),
        )
    return LocalStorage(config["UPLOADS_DIR"])


def storage():
    """The app's store, made once per app."""
    app = current_app._get_current_object()
    store = app.extensions.get("forum_storage")
    if store is None:
        store = app.extensions["forum_storage"] = make_storage(app.config)
    return store
