"""`python -m lib.template`: Write the empty workbook template (see lib.cli)."""

import sys

from lib.cli import template_main

if __name__ == "__main__":
    sys.exit(template_main())
