"""Run the command line: ``python -m bargain``."""

import sys

from bargain.cli import main

sys.exit(main())
