"""The bundled program's entry point: the same `annotator` command that `pip install .` puts on PATH."""

import multiprocessing
import sys

from annotator.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a no-op except in a frozen program on Windows/macOS (spawned workers)
    sys.exit(main())
