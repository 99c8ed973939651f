from flask import Blueprint

bp = Blueprint("uploads", __name__)

from forum.uploads import views  # noqa: E402,F401  (routes attach to bp)
