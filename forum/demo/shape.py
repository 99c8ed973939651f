"""The shape of the demo discussions: a topic with its replies, in the order written."""

from typing import NamedTuple


class Reply(NamedTuple):
    author: str
    body: str
    to: int | None = None  # the number of the reply (1 = first reply) this one answers
    anonymous: bool = False


class Topic(NamedTuple):
    community: str
    kind: str
    author: str
    days_ago: int
    title: str
    body: str
    replies: list[Reply]
    anonymous: bool = False  # shared as "a member of this community" (failures and mistakes)
