import sys

from genjax.cli import main

sys.exit(main())
