from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import EqualTo, InputRequired

from forum.forms import options
from forum.services.preferences import EMAIL_CHOICES, POST_LEVELS
from forum.models.library import GRADES, SUBJECTS
from forum.models.user import PROFESSIONS
from forum.templating import GRADE_LABELS, LANGUAGE_NAMES, LEVEL_LABELS, PROFESSION_LABELS, SUBJECT_LABELS

EMAIL_LABELS = {"now": _l("Immediately"), "daily": _l("In the daily summary"), "never": _l("Never")}
EMAIL_KIND_LABELS = {
    "mention": _l("Someone mentions you"),
    "quote": _l("Someone quotes you"),
    "reply": _l("Someone replies to you"),
    "posted": _l("A new reply in a topic you watch"),
    "new_topic": _l("A new topic in a community you watch"),
    "reaction": _l("Someone reacts to your post"),
    "answer_accepted": _l("Your reply is accepted as the answer to a question"),
    "curated": _l("Your post enters the best-practice library"),
    "moderation": _l("Moderators hide, restore or remove your post, or look up who wrote your anonymous post"),
    "flag": _l("Moderators review a post you flagged"),
    "message": _l("Someone writes you a private message"),
}


def _email_field(kind):
    return SelectField(EMAIL_KIND_LABELS[kind], choices=options((c, EMAIL_LABELS[c]) for c in EMAIL_CHOICES))


class ChoicesField(SelectMultipleField):
    """Several choices, as checkboxes."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ProfileForm(FlaskForm):
    """Who the member is: asked on the first step after signing up, and in preferences."""

    locale = SelectField(_l("Language"), choices=options([("", _l("The site's language")), *LANGUAGE_NAMES.items()]))
    profession = SelectField(
        _l("Your role"),
        choices=options([("", _l("Not said")), *((p, PROFESSION_LABELS[p]) for p in PROFESSIONS)]),
        validate_choice=False,  # forum.services.preferences refuses what is not offered
    )
    subjects = ChoicesField(_l("Subjects you teach"), choices=options((s, SUBJECT_LABELS[s]) for s in SUBJECTS))
    grades = ChoicesField(_l("Grades you teach"), choices=options((g, GRADE_LABELS[g]) for g in GRADES))

    def show_profile(self, user):
        """The fields as the user's account has them."""
        self.locale.data = user.locale or ""
        self.profession.data, self.subjects.data, self.grades.data = user.profession, user.subjects, user.grades

    def profile(self) -> dict:
        """What was sent, as forum.services.preferences takes it (locale, profession, subjects, grades)."""
        return {
            "locale": self.locale.data,
            "profession": self.profession.data or "",
            "subjects": self.subjects.data or [],
            "grades": self.grades.data or [],
        }


class PreferencesForm(ProfileForm):
    display_name = StringField(_l("Full name (shown with your posts)"))
    bio = StringField(_l("A short introduction"), description=_l("For example: mathematics teacher, grades 7 to 9."))
    email_mention = _email_field("mention")
    email_quote = _email_field("quote")
    email_reply = _email_field("reply")
    email_posted = _email_field("posted")
    email_new_topic = _email_field("new_topic")
    email_reaction = _email_field("reaction")
    email_answer_accepted = _email_field("answer_accepted")
    email_curated = _email_field("curated")
    email_moderation = _email_field("moderation")
    email_flag = _email_field("flag")
    email_message = _email_field("message")
    email_digest = BooleanField(_l("Send me a daily summary of active topics in my communities"))
    on_start = SelectField(_l("Topics I start"), choices=options((name, LEVEL_LABELS[name]) for name in POST_LEVELS))
    on_reply = SelectField(_l("Topics I reply in"), choices=options((name, LEVEL_LABELS[name]) for name in POST_LEVELS))


class DeleteAccountForm(FlaskForm):
    password = PasswordField(_l("Your password"), validators=[InputRequired()])


class PasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[InputRequired()])
    new_password = PasswordField(
        _l("New password"), validators=[InputRequired()], description=_l("At least 8 characters.")
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[InputRequired(), EqualTo("new_password", message=_l("The passwords do not match."))],
    )
