"""Relevance evaluation: a labelled set of invented articles and clients, and its scorer."""
