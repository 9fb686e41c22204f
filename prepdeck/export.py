"""Printable briefings, share drafts and exports."""
