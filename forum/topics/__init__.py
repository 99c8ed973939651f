from flask import Blueprint

bp = Blueprint("topics", __name__)

from forum.topics import views  # noqa: E402,F401  (routes attach to bp)
