"""The briefing: one plain object built from the store, drawn by the app and printed by `brief`."""
