"""The layout's rules, kept by a test rather than a docstring (docs/architecture.md).

- only lib/ui/ and pages/ (and app.py) import streamlit;
- the domain (lib's top-level modules), the store and the formats never import lib/ui/;
- the store imports nothing from outside lib/store/ but the clock;
- no import cycle between lib's modules, counting imports inside functions;
- pages never reach into tables (db["..."]).
"""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.pages import PAGE_FILES

ROOT = Path(__file__).resolve().parents[2]
LIB = ROOT / "lib"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


LIB_MODULES = {module_name(path): path for path in LIB.rglob("*.py")}


def imported(path: Path) -> set[str]:
    """Every module path imports, anywhere in the file (inside functions too)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            for alias in node.names:  # `from lib import store` imports the module lib.store
                if f"{node.module}.{alias.name}" in LIB_MODULES:
                    found.add(f"{node.module}.{alias.name}")
    return found


def lib_imports(path: Path) -> set[str]:
    own = module_name(path)
    return {name for name in imported(path) if name in LIB_MODULES and name != own} - {"lib"}


def test_only_lib_ui_and_pages_import_streamlit():
    offenders = [
        name
        for name, path in LIB_MODULES.items()
        if not name.startswith("lib.ui")
        and any(m == "streamlit" or m.startswith("streamlit.") for m in imported(path))
    ]
    assert offenders == []


def test_the_domain_store_and_formats_never_import_the_ui():
    offenders = {
        name: sorted(m for m in lib_imports(path) if m.startswith("lib.ui"))
        for name, path in LIB_MODULES.items()
        if not name.startswith("lib.ui")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def test_the_store_imports_nothing_above_it():
    allowed = {"lib.clock"}
    offenders = {
        name: sorted(
            m for m in lib_imports(path) if not m.startswith("lib.store") and m not in allowed
        )
        for name, path in LIB_MODULES.items()
        if name.startswith("lib.store")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in graph, as the modules around it, or [] when there is none."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                return stack[stack.index(target) :] + [target]
            if target not in state and (cycle := visit(target)):
                return cycle
        stack.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return []


def test_find_cycle_finds_one_and_only_one():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) == []
    assert find_cycle({"a": {"b"}, "b": {"a"}}) == ["a", "b", "a"]


def test_no_import_cycle_between_lib_modules():
    graph = {name: lib_imports(path) for name, path in LIB_MODULES.items()}
    # A package's __init__ re-exports its submodules: importing the package from one of its
    # own submodules is the cycle to catch, so edges into a package stay in the graph.
    assert find_cycle(graph) == []


def test_pages_never_reach_into_tables():
    offenders = []
    for path in (ROOT / page for page in PAGE_FILES):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Name)
                and node.value.id == "db"
                and isinstance(node.slice, ast.Constant)
                and isinstance(node.slice.value, str)
            ):
                offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []


def test_lib_is_a_regular_package_with_its_rooms():
    for room in ("", "store", "formats", "charts", "ui"):
        assert (LIB / room / "__init__.py").is_file(), room


def test_the_emptiness_checks_pages_use_say_what_the_file_holds(db):
    from lib import board, contacts, organizations

    assert not board.has_items(db)
    assert not contacts.has_contacts(db)
    assert not organizations.has_organizations(db)
    contacts.save_contact(db, {"name": "Ada Byron"})
    assert contacts.has_contacts(db)


def test_tests_share_helpers_through_tests_support_only():
    """A test module imports no conftest and no other test module: shared helpers, the
    hand-counted world and TODAY live in tests/support (the browser layer's own conftest
    excepted, which holds its server fixtures)."""
    wrong = {}
    for path in (ROOT / "tests").rglob("test_*.py"):
        bad = {
            name
            for name in imported(path)
            if name in ("tests.conftest", "tests.app.conftest")
            or name.startswith("tests.unit")
            or (name.startswith("tests.app.") and name != "tests.app")
        }
        if bad:
            wrong[str(path.relative_to(ROOT))] = sorted(bad)
    assert not wrong, wrong
