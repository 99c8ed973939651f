"""Addresses: `<int:...>` in a route matches only ids a row can have, so that a number past the
database's integer range is a plain 404, never an overflow in a query."""

from werkzeug.routing import IntegerConverter

from forum.models.base import MAX_ID


class IdConverter(IntegerConverter):
    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def init_routing(app):
    app.url_map.converters["int"] = IdConverter
