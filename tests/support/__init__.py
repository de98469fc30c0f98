"""Helpers every test layer shares (as jrnl's tests/lib): the one list of pages, ..."""
