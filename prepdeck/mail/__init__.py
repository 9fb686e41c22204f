"""Mail import: an mbox file or a Maildir folder becomes email conversations (`importer`)."""
