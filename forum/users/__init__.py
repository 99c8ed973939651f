from flask import Blueprint

bp = Blueprint("users", __name__)

from forum.users import views  # noqa: E402,F401  (routes attach to bp)
