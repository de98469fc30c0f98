"""One conversation on its own address, off the sidebar: the Conversations page shows it.

A file of its own (not a second address for pages/conversations.py) so that a link to it
opened first after a restart, while Streamlit still reads pages/ the old way, finds a page.
"""

import runpy

from lib.ui import pages

runpy.run_path(str(pages.ROOT / pages.CONVERSATIONS))
