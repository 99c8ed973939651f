"""Halaqa: a discussion forum for professional learning communities of educators."""

import os

from flask import Flask


def create_app(config_class=None):
    from config import CONFIGS

    if config_class is None:
        config_class = CONFIGS[os.environ.get("FORUM_CONFIG", "default")]
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_object(config_class)
    config_class.init_app(app)

    register_proxies(app)
    register_logging(app)
    register_extensions(app)
    register_blueprints(app)
    register_errors(app)
    register_search(app)
    register_jobs(app)
    register_templates(app)
    register_security_headers(app)
    register_assets(app)
    register_cli(app)
    return app


def register_proxies(app):
    from werkzeug.middleware.proxy_fix import ProxyFix

    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_logging(app):
    from forum.logs import init_logging

    init_logging(app)


def register_extensions(app):
    from forum.extensions import init_extensions
    from forum.limits import init_limits
    from forum.pagecache import init_page_cache

    init_extensions(app)
    init_limits(app)
    init_page_cache(app)


def register_blueprints(app):
    from forum.routing import init_routing
    from forum.auth import bp as auth_bp
    from forum.communities import bp as communities_bp
    from forum.library import bp as library_bp
    from forum.messages import bp as messages_bp
    from forum.moderation import bp as moderation_bp
    from forum.health import bp as health_bp
    from forum.search.views import bp as search_bp
    from forum.topics import bp as topics_bp
    from forum.uploads import bp as uploads_bp
    from forum.users import bp as users_bp

    init_routing(app)
    app.register_blueprint(communities_bp)
    app.register_blueprint(topics_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(users_bp)
    app.register_blueprint(search_bp)
    app.register_blueprint(moderation_bp)
    app.register_blueprint(library_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(uploads_bp)
    app.register_blueprint(health_bp)


def register_errors(app):
    from forum.errors import init_error_handlers

    init_error_handlers(app)


def register_search(app):
    from forum.search import init_search

    init_search(app)


def register_jobs(app):
    from forum.jobs import init_jobs
    from forum.services.emails import init_emails
    from forum.services.notifications import init_notifications

    init_jobs(app)
    init_notifications(app)
    init_emails(app)


def register_templates(app):
    from forum.templating import init_templating

    init_templating(app)


def register_security_headers(app):
    from forum.security import init_security_headers

    init_security_headers(app)


def register_assets(app):
    from forum.assets import init_assets

    init_assets(app)


def register_cli(app):
    from forum.cli import forum_cli

    app.cli.add_command(forum_cli)
