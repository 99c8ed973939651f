"""What forms of every area share."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

# The help under every Markdown editor (posts and private messages).
BODY_HELP = _l("Markdown: **bold**, *italic*, lists with -, > quotes, ``` for code.")


class ActionForm(FlaskForm):
    """A button that changes something: carries only the CSRF token, which CSRFProtect
    checks on every POST before any view runs."""


def attach_error(form, error):
    """Show a service's InvalidInput on the field it names, or on the form as a whole."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def options(pairs):
    """A select's choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]
