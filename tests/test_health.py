"""/healthz and /readyz: what a load balancer asks, answered cheaply and without telling anything
private."""

import pytest

from tests.test_jobs import REDIS_URL, redis_available


def test_alive_answers_without_asking_the_database(client, count_queries):
    with count_queries() as statements:
        response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}
    assert statements == []


def test_ready_names_each_part_it_asked(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.get_json() == {
        "status": "ok",
        "checks": {"database": "ok", "search": "ok", "jobs": "ok", "uploads": "ok"},
    }


def test_a_part_that_does_not_answer_makes_the_forum_not_ready_and_is_not_described(app, client, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the uploads folder should be")
    app.config.update(JOBS_REDIS_URL="redis://:secret-password@127.0.0.1:1/0", UPLOADS_DIR=str(blocked / "uploads"))
    app.extensions.pop("forum_storage", None)
    response = client.get("/readyz")
    assert response.status_code == 503
    found = response.get_json()
    assert found["status"] == "failing"
    assert found["checks"]["redis_jobs"] == "failing" and found["checks"]["uploads"] == "failing"
    assert found["checks"]["database"] == "ok"
    assert "secret" not in response.text and "127.0.0.1" not in response.text and "not-a-folder" not in response.text


def test_a_redis_that_answers_is_ready(app, client):
    if not redis_available():
        pytest.skip("Redis is not running")
    app.config["PAGE_CACHE_REDIS_URL"] = REDIS_URL
    response = client.get("/readyz")
    assert response.get_json()["checks"]["redis_page_cache"] == "ok"
