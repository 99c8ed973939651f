from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField

from forum.forms import options
from forum.templating import GRADE_LABELS, SUBJECT_LABELS


class PromoteForm(FlaskForm):
    """A curator's entry: the service checks every value (forum.services.curation.promote)."""

    title = StringField(_l("Title in the library"))
    raw = TextAreaField(
        _l("Summary"),
        description=_l(
            "A few lines in Markdown: what the practice is, where it works and why. The discussion is one click away."
        ),
    )
    subject = SelectField(
        _l("Subject"), choices=options([("", _l("Choose…")), *SUBJECT_LABELS.items()]), validate_choice=False
    )
    grade = SelectField(
        _l("Grade level"), choices=options([("", _l("Choose…")), *GRADE_LABELS.items()]), validate_choice=False
    )
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Add to the library"))
