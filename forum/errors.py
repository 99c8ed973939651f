"""Every error a user can meet gets a page in their language and the right status."""

from flask import render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from forum.services.errors import DomainError

MESSAGES = {
    400: (_l("Bad request"), _l("The request could not be understood.")),
    403: (_l("Not allowed"), _l("You are not allowed to see this page or do this.")),
    404: (_l("Page not found"), _l("This page does not exist, or you cannot see it.")),
    405: (_l("Not allowed"), _l("This address does not accept that kind of request.")),
    409: (_l("Conflict"), _l("Someone else changed this at the same time.")),
    410: (_l("No longer available"), _l("This is no longer available.")),
    413: (_l("Too large"), _l("What you sent is too large. Shorten it and try again.")),
    422: (_l("Cannot be saved"), _l("What you sent could not be saved.")),
    429: (_l("Too many requests"), _l("You are going too fast. Wait a moment and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. It has been logged; please try again.")),
    503: (_l("Not available"), _l("This is not available at the moment. Try again in a little while.")),
}


def render_error(status, message=None):
    title, default = MESSAGES.get(status, MESSAGES[400 if status < 500 else 500])
    return render_template("errors/error.html", status=status, title=title, message=message or default), status


def init_error_handlers(app):
    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(
            400, _l("This form has expired or was sent from elsewhere. Go back, reload the page and try again.")
        )

    @app.errorhandler(DomainError)
    def domain_error(error):
        return render_error(error.status, error.message)

    @app.errorhandler(HTTPException)
    def http_error(error):
        return render_error(error.code)
