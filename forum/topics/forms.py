from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from forum.forms import BODY_HELP


ANONYMOUS_LABEL = _l("Post anonymously, as “a member of this community”")
ANONYMOUS_HELP = _l(
    "Only in failures and mistakes. Members, coordinators and moderators will not see your name; "
    "a moderator can reveal it only through an action the staff log records, and you are told."
)


class TopicForm(FlaskForm):
    category = SelectField(_l("Category"))
    title = StringField(_l("Title"))
    raw = TextAreaField(_l("Your post"), description=BODY_HELP)
    anonymous = BooleanField(ANONYMOUS_LABEL, description=ANONYMOUS_HELP)
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Start the topic"))


class ReplyForm(FlaskForm):
    raw = TextAreaField(_l("Your reply"), description=BODY_HELP)
    anonymous = BooleanField(ANONYMOUS_LABEL, description=ANONYMOUS_HELP)
    reply_to = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Reply"))


class EditForm(FlaskForm):
    title = StringField(_l("Title"))
    raw = TextAreaField(_l("Post"), description=BODY_HELP)
    reason = StringField(_l("Reason for the edit (optional)"))
    base_version = IntegerField(widget=HiddenField.widget, validators=[Optional()])
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Save the edit"))


class SynthesisForm(FlaskForm):
    raw = TextAreaField(
        _l("Your synthesis"),
        description=_l(
            "What the replies agree on, where they differ, and what the community learned. "
            "It shows under the question, and the topic closes."
        ),
    )
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Publish the synthesis"))
