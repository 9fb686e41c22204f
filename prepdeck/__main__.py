"""Allow `python -m prepdeck`."""

from prepdeck.cli import main

main()
