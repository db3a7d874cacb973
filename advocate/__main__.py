"""``python -m advocate``: the same as the ``advocate`` command."""

import sys

from advocate.cli.main import main

sys.exit(main())
