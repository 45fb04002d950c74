"""Run the command line: ``python -m bargain``."""

import sys

from bargain.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
