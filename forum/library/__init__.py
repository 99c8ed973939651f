from flask import Blueprint

bp = Blueprint("library", __name__)

from forum.library import views  # noqa: E402,F401  (routes attach to bp)
