"""`python -m flarewatch`: the command line."""

from flarewatch.cli import main

main()
