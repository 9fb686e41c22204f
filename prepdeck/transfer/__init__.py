"""Data in and out: import clients and contacts from CSV/vCard, export JSON, CSV or vCard.

Where an imported person goes (the full rule is in prepdeck.transfer.merge):
each person becomes a client named after them with their company, unless their
company already has a client - stored, or created earlier in the same file - in
which case they become a contact there. Someone already stored (same email,
case-insensitive, or same name at the same company) is updated with the fields
the file states and never duplicated, so a second import of the same file
reports everyone unchanged. The whole import is one transaction.

Nothing here imports click or textual: the CLI and the app both call these.
"""

from __future__ import annotations

from prepdeck.transfer.exporting import (
    FORMATS,
    export_csv,
    export_data,
    export_json,
    export_text,
    export_vcf,
    write_private_file,
)
from prepdeck.transfer.merge import (
    RULE,
    Action,
    ImportReport,
    describe,
    import_people,
    read_people,
    summary_lines,
)

__all__ = [
    "FORMATS",
    "RULE",
    "Action",
    "ImportReport",
    "describe",
    "export_csv",
    "export_data",
    "export_json",
    "export_text",
    "export_vcf",
    "import_people",
    "read_people",
    "summary_lines",
    "write_private_file",
]
