"""The uploads tests run against both stores: the local folder, and an S3-compatible server on
127.0.0.1 (FORUM_TEST_S3_ENDPOINT, as CI starts one; else moto's server, started here)."""

import os
import socket
import uuid

import pytest

from forum.storage import storage

BUCKET = "halaqa-test"


@pytest.fixture(scope="session")
def s3_endpoint():
    endpoint = os.environ.get("FORUM_TEST_S3_ENDPOINT")
    server = None
    if not endpoint:
        from moto.server import ThreadedMotoServer

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
        server.start()
        endpoint = f"http://127.0.0.1:{port}"
    import boto3

    client = boto3.client(
        "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
    )
    if BUCKET not in {b["Name"] for b in client.list_buckets().get("Buckets", [])}:
        client.create_bucket(Bucket=BUCKET)
    yield endpoint
    if server is not None:
        server.stop()


@pytest.fixture(params=["local", "s3"])
def store(request, app):
    """The app's store, of each kind; an S3 test keeps its objects under a prefix of its own."""
    if request.param == "s3":
        endpoint = request.getfixturevalue("s3_endpoint")
        app.config.update(
            UPLOADS_S3_BUCKET=BUCKET,
            UPLOADS_S3_ENDPOINT_URL=endpoint,
            UPLOADS_S3_REGION="us-east-1",
            UPLOADS_S3_ACCESS_KEY_ID="test",
            UPLOADS_S3_SECRET_ACCESS_KEY="test",
            UPLOADS_S3_PREFIX=f"{uuid.uuid4().hex}/",
        )
        app.extensions.pop("forum_storage", None)
    found = storage()
    yield found
    if request.param == "s3":
        found.clear()
