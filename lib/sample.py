"""`python -m lib.sample`: Write the sample workbook (see lib.cli)."""

import sys

from lib.cli import sample_main

if __name__ == "__main__":
    sys.exit(sample_main())
