"""``python -m generator`` is the same as the ``handbook`` command."""

import sys

from .cli import main

sys.exit(main())
