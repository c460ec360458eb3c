"""`python -m flarewatch`: the command line."""

from flarewatch.cli import main

if __name__ == "__main__":
    main()
