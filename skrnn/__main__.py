"""``python -m skrnn``: the same command line as ``skrnn``."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
