"""Fetching and parsing news feeds: network I/O lives here alone."""
