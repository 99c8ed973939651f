import pytest

from forum.services import communities
from forum.services.errors import LimitReached


def test_a_community_gathers_at_most_the_configured_number_of_institutions(app, community):
    app.config["MAX_INSTITUTIONS_PER_COMMUNITY"] = 2
    communities.add_institution(community, "مدرسة الزرقاء الثانوية")
    communities.add_institution(community, "مدرسة عوجان الأساسية")
    with pytest.raises(LimitReached):
        communities.add_institution(community, "مدرسة ثالثة")
