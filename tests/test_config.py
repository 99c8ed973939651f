import pytest

from config import ProductionConfig
from forum import create_app


def test_production_refuses_to_start_without_a_secret_key(monkeypatch, tmp_path):
    config = type("Config", (ProductionConfig,), {"SECRET_KEY": None, "INSTANCE_DIR": tmp_path})
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


@pytest.mark.parametrize("path", ["/login", "/static/css/forum.css", "/no-such-page"])
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "camera=()" in response.headers["Permissions-Policy"]
