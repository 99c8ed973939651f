"""Links emailed to a member that prove something for a while (choosing a new password,
confirming an address): signed, they hold the member's id and a proof the caller checks."""

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from forum.extensions import db
from forum.models import User
from forum.models.base import MAX_ID


class SignedLink:
    def __init__(self, salt, lifetime_setting, invalid, expired):
        self.salt, self.lifetime_setting = salt, lifetime_setting
        self.invalid, self.expired = invalid, expired

    def _serializer(self):
        return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=self.salt)

    def token(self, user, proof: str) -> str:
        return self._serializer().dumps([user.id, proof])

    def read(self, token) -> tuple[User, str]:
        """The member a token names and its proof; the `expired` or `invalid` error else."""
        try:
            user_id, proof = self._serializer().loads(token, max_age=current_app.config[self.lifetime_setting])
        except SignatureExpired:
            raise self.expired() from None
        except (BadSignature, TypeError, ValueError):
            raise self.invalid() from None
        valid = isinstance(user_id, int) and 0 < user_id <= MAX_ID and isinstance(proof, str)
        user = db.session.get(User, user_id) if valid else None
        if user is None or user.deleted_at is not None:
            raise self.invalid()
        return user, proof
