"""The forum's own log lines (emails written to files, jobs and sweeps that failed, search
indexing) go to standard error at LOG_LEVEL (FORUM_LOG_LEVEL, INFO by default), beside
gunicorn's, where `make run`'s terminal and a deployment's log collector read them."""

import logging

# gunicorn's own line format, so that both read as one log.
FORMAT = "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s"
DATE_FORMAT = "%Y-%m-%d %H:%M:%S %z"


def init_logging(app):
    logger = logging.getLogger("forum")
    logger.setLevel(app.config["LOG_LEVEL"])
    if not any(isinstance(handler, _ForumHandler) for handler in logger.handlers):
        handler = _ForumHandler()
        handler.setFormatter(logging.Formatter(FORMAT, DATE_FORMAT))
        logger.addHandler(handler)


class _ForumHandler(logging.StreamHandler):
    """Standard error; one per process, however many apps it creates."""
