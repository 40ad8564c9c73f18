"""Run the command line: ``python -m terms``."""

from terms.cli import main

raise SystemExit(main())
