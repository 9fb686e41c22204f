"""The demo: invented clients and shipped news feeds, so prepdeck can be tried in one command.

`build_demo(path, today)` makes a fresh demo database (replacing only an earlier
demo); `is_demo_database(path)` tells a demo from a user's real file.
"""

from __future__ import annotations

from prepdeck.demo.builder import DEMO_SETTING, build_demo, feeds_folder, is_demo_database

__all__ = ["DEMO_SETTING", "build_demo", "feeds_folder", "is_demo_database"]
