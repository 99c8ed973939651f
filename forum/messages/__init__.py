from flask import Blueprint

bp = Blueprint("messages", __name__)

from forum.messages import views  # noqa: E402,F401  (routes attach to bp)
