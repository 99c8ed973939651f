"""Domain errors. Services raise them; views and the app's error handler map them to HTTP."""

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    status = 400
    default_message = _l("This request could not be processed.")

    def __init__(self, message=None, *, field=None):
        self.message = message or self.default_message
        self.field = field
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    status = 422


class NotAllowed(DomainError):
    status = 403
    default_message = _l("You are not allowed to do that.")


class TopicClosed(DomainError):
    status = 403
    default_message = _l("This topic is closed; it no longer accepts replies.")


class EditConflict(DomainError):
    status = 409
    default_message = _l(
        "Someone else edited this post while you were editing it. Your text is kept below; "
        "review the current version and save again."
    )


class AlreadyDone(DomainError):
    """The request asks for what is already so (a second like, a stale form)."""

    status = 409
    default_message = _l("This is already done; someone may have done it before you.")


class Gone(DomainError):
    """What was asked for existed and is no longer there (an expired invitation)."""

    status = 410
    default_message = _l("This is no longer available.")


class LimitReached(InvalidInput):
    status = 422


class StorageUnavailable(DomainError):
    """The store of uploaded files (forum.storage) does not answer."""

    status = 503
    default_message = _l("Files cannot be stored or read at the moment. Try again in a little while.")
