"""`python -m lib.validate`: Check a sheet or workbook against the contract (see lib.cli)."""

import sys

from lib.cli import validate_main

if __name__ == "__main__":
    sys.exit(validate_main())
