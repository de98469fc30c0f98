""" "Today" for every test, in one place: the sample is built relative to it, and the app's clock
(lib.clock, through FIELDWORK_TODAY, which tests/conftest.py's autouse fixed_today sets) reads
it, so no test depends on the real date."""

from datetime import date

TODAY = date(2026, 11, 25)  # a Wednesday
