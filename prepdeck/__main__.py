"""Allow `python -m prepdeck`."""

from prepdeck.cli import main

# Guarded: feed parsing may spawn worker processes, which import the main module.
if __name__ == "__main__":
    main()
