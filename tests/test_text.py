from forum.text import clean_body, clean_line, fold_key


def test_titles_lose_bidi_overrides_zero_width_characters_and_extra_spaces():
    title = "\u202eكيف\u200b نقيّم   \u2066العمل\u2069 الجماعي؟\ufeff "
    assert clean_line(title) == "كيف نقيّم العمل الجماعي؟"


def test_bodies_keep_their_lines_but_lose_overrides_and_control_characters():
    body = "سطر\u202e أول\r\nسطر\x00 ثان\u2067 معزول\u2069\n\n"
    assert clean_body(body) == "سطر أول\nسطر ثان\u2067 معزول\u2069"


def test_fold_key_makes_case_and_compatibility_forms_meet():
    assert fold_key("Mona.AlQasem") == fold_key("mona.alqasem")
    assert fold_key("ﻣﻨﻰ") == fold_key("منى")  # Arabic presentation forms
