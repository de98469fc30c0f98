"""Cached lib results: reused until the data changes; copied per caller, or shared when large."""

from lib import contacts, store
from lib.ui.cache import cached, shared


def counting(calls):
    def choices(db):
        calls.append(1)
        return contacts.contact_choices(db)

    return choices


def test_a_shared_result_is_one_object_until_the_data_changes(db):
    contacts.save_contact(db, {"name": "Ana"})
    calls = []
    choices = counting(calls)
    first = shared(choices, db)
    assert shared(choices, db) is first  # not copied: a 10,000-name dict costs ms to copy
    assert len(calls) == 1
    contacts.save_contact(db, {"name": "Ben"})  # a write bumps the data revision
    again = shared(choices, db)
    assert len(calls) == 2 and sorted(again.values()) == ["Ana", "Ben"]


def test_a_cached_result_is_each_callers_own_copy(db):
    contacts.save_contact(db, {"name": "Ana"})
    calls = []
    choices = counting(calls)
    first = cached(choices, db)
    second = cached(choices, db)
    assert first == second and first is not second
    assert len(calls) == 1


def test_a_database_in_memory_is_never_cached():
    memory = store.open_database(":memory:")
    calls = []
    choices = counting(calls)
    shared(choices, memory)
    cached(choices, memory)
    assert len(calls) == 2
