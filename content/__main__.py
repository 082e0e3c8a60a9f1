"""``python -m content check [--root DIR]``: the same as ``roer content check``."""

from __future__ import annotations

import sys

from content.check import main

USAGE = "usage: python -m content check [--root DIR]"


def run(argv: list[str]) -> int:
    """Dispatch the one subcommand there is."""
    if not argv or argv[0] != "check":
        print(USAGE, file=sys.stderr)
        return 2
    return main(argv[1:])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
