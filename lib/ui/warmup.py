"""What a server does once, at start, so that no one's first visit to a page pays for it."""

from __future__ import annotations

import gc
import importlib
import pkgutil


def prepare_process() -> None:
    """Import every lib module, compile the report's templates, build a first chart, then
    take what is loaded out of the garbage collector's full passes.

    The imports (vobject, icalendar, Jinja2, holidays) cost about 0.2 s on a 2-core machine,
    the report's templates 0.1 s, the parts of Plotly loaded on first use 0.05 s, and the
    list of time zones (for the schedule pickers) 0.03 s.
    Streamlit, pandas and Plotly leave about 140,000 long-lived objects that every full
    collection walks again (~0.05 s each, one or two per coach report); gc.freeze moves them
    to a generation that is never collected, which is what it is for. They are modules,
    classes and functions that live as long as the server.
    """
    import lib

    # walk_packages looks into lib's subpackages (store, formats, charts, ui) too.
    for module in pkgutil.walk_packages(lib.__path__, prefix="lib."):
        importlib.import_module(module.name)
    from lib import charts, schedule
    from lib.formats import report

    report.compile_templates()
    charts.prime()
    schedule.all_time_zones()  # read once from the zone folders (20-40 ms), kept
    gc.freeze()
