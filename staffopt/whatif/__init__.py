"""What-if runs (design §10): a branch or a region solved as it is and under a scenario.

- ``compare``: the WhatIfResult, per role and per branch, and its JSON form;
- ``worker``: the task a worker runs for either side;
- ``run``: ``run_whatif``, on the batch machinery.
"""

from staffopt.whatif.compare import BranchRow, Figures, RoleRow, WhatIfResult, compare
from staffopt.whatif.run import WhatIfRun, run_whatif

__all__ = ["BranchRow", "Figures", "RoleRow", "WhatIfResult", "WhatIfRun", "compare", "run_whatif"]
