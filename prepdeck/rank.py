"""Relevance: ranking articles for one client, with reasons."""
