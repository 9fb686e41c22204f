"""prepdeck: a client-meeting briefing in the terminal."""

__version__ = "0.1.0"
