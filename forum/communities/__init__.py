from flask import Blueprint

bp = Blueprint("communities", __name__)

from forum.communities import views  # noqa: E402,F401  (routes attach to bp)
