from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, SubmitField, TextAreaField

from forum.forms import BODY_HELP


class MessageForm(FlaskForm):
    """An answer in a conversation: forum.services.messages checks it."""

    raw = TextAreaField(_l("Your message"), description=BODY_HELP)
    preview = SubmitField(_l("Preview"))
    submit = SubmitField(_l("Send"))


class ConversationForm(MessageForm):
    to = StringField(_l("To"), description=_l("Usernames, separated by commas. Only they will read it."))
    subject = StringField(_l("Subject"))
