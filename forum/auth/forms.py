from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, StringField
from wtforms.validators import EqualTo, InputRequired


class LoginForm(FlaskForm):
    login = StringField(_l("Username or email"), validators=[InputRequired()])
    password = PasswordField(_l("Password"), validators=[InputRequired()])
    remember = BooleanField(_l("Keep me signed in"))


class ForgotPasswordForm(FlaskForm):
    login = StringField(_l("Username or email"), validators=[InputRequired()])


class NewPasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[InputRequired()], description=_l("At least 8 characters."))
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class RegisterForm(FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[InputRequired()],
        description=_l("Letters (Arabic or Latin), digits, dots, dashes and underscores."),
    )
    display_name = StringField(_l("Full name (shown with your posts)"))
    email = EmailField(_l("Email"), validators=[InputRequired()])
    password = PasswordField(_l("Password"), validators=[InputRequired()], description=_l("At least 8 characters."))
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[InputRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )
