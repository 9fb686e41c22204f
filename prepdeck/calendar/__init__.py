"""Calendars: read .ics files, vdir folders and secret iCal URLs, and match meetings to clients.

By role: `parse` (iCalendar text to occurrences in a bounded window), `sources`
(where the text comes from: file, folder or URL), `match` (which client a meeting
is with, and by which rule), `freemail` (domains that say nothing about a client),
`sync` (the run that brings every calendar into the store). Nothing here knows of
Textual or click; icalendar and httpx are imported only by the functions using them.
"""
