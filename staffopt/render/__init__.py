"""Rich views for people, one module per view: what a branch needs (``requirements``),
one branch's result (``branch``, with ``roster`` and ``coverage``), a region's run
(``region``), a what-if comparison (``whatif``); ``tables`` holds the pieces they
share. Each ``print_*`` function renders one kind of output to a Console. The simulation
view (``simulation``) is imported where it is used, so that the other views do not load
the simulator.
"""

from staffopt.render.branch import print_result
from staffopt.render.coverage import shortage_lines
from staffopt.render.region import print_region
from staffopt.render.requirements import print_requirements
from staffopt.render.whatif import print_whatif

__all__ = [
    "print_region", "print_requirements", "print_result", "print_whatif", "shortage_lines",
]
