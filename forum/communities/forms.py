from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, SubmitField, TextAreaField

from forum.forms import options
from forum.templating import JOIN_POLICY_LABELS, VISIBILITY_LABELS


class CommunityForm(FlaskForm):
    """An administrator's community: the service checks every value
    (forum.services.communities.save_community)."""

    slug = StringField(
        _l("Address"), description=_l("Small Latin letters, digits and hyphens; it cannot change later.")
    )
    name = StringField(_l("Name"))
    region = StringField(_l("District or zone"))
    description = TextAreaField(_l("Description"))
    charter = TextAreaField(
        _l("Charter"),
        description=_l("Shown to everyone who joins, who must accept it once. Leave it empty for no charter."),
    )
    visibility = SelectField(
        _l("Who sees its discussions"), validate_choice=False, choices=options(VISIBILITY_LABELS.items())
    )
    join_policy = SelectField(_l("Who may join"), validate_choice=False, choices=options(JOIN_POLICY_LABELS.items()))
    institutions = TextAreaField(_l("Schools"), description=_l("One per line."))
    submit = SubmitField(_l("Save"))
