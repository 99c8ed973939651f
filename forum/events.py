"""Domain events, sent by services after their transaction commits.

Receivers (the search indexer, notifications) read the committed rows by id, so a
receiver never sees a write that was rolled back.
"""

from blinker import Namespace

_signals = Namespace()

topic_created = _signals.signal("topic-created")
post_created = _signals.signal("post-created")
post_revised = _signals.signal("post-revised")
reaction_added = _signals.signal("reaction-added")
# A moderator or the community's flags changed which posts may be read and found (topic_id).
visibility_changed = _signals.signal("visibility-changed")
# Posts were marked for indexing again for what they show (the text of their files was read).
search_changed = _signals.signal("search-changed")
# Notifications were written (notification_ids): email them to those who want them at once.
notified = _signals.signal("notified")
