"""`python -m lib.meeting_pack`: Write the meeting pack (see lib.cli)."""

import sys

from lib.cli import meeting_pack_main

if __name__ == "__main__":
    sys.exit(meeting_pack_main())
