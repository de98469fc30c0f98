"""The due list keeps each entry in its place while the person works down it."""

from lib.ui.due_list import keep_places


def test_first_showing_is_the_due_order():
    assert keep_places([], [5, 3, 1], {}) == [5, 3, 1]


def test_an_entry_acted_on_keeps_its_place_and_the_next_due_joins_at_the_end():
    assert keep_places([5, 3, 1], [3, 1, 7], {5: "Done"}) == [5, 3, 1, 7]


def test_an_entry_gone_for_another_reason_leaves_the_list():
    assert keep_places([5, 3, 1], [5, 1], {}) == [5, 1]


def test_acted_on_before_it_was_ever_shown_still_shows_what_was_done():
    assert keep_places([3], [3], {9: "Snoozed"}) == [3, 9]
