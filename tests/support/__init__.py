"""Helpers every test layer shares (as jrnl's tests/lib): days (the one TODAY), pages (the one
list of pages), apptest (run_page and finding widgets in an AppTest), hand_counted (the small
world the metric tests count by hand), import_helpers (the import fixtures and their day)."""
