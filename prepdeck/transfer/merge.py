"""Deciding where each imported person goes, previewing it, and writing it all or nothing.

The rule, printed with every import summary (RULE below):

1. Rows about one person within a file (same email, or same name and company;
   a row with no company joins the one row of that name that has one) are
   merged first: later rows' stated values win.
2. A person already stored - same email (case-insensitive), or same name at the
   same company (a row with no company matches the one stored person of that
   name, unless both have different emails) - is updated, never duplicated:
   fields the file states replace stored values, blank cells change nothing.
   Importing the same file twice therefore changes nothing the second time.
3. A new person becomes a client named after them, with their company - unless
   their company already has a client (stored, or created earlier in the same
   file; a client named after the company counts too), in which case they
   become a contact there. Files that prepdeck exported say which each row is
   (a `type` column, or X-PREPDECK-TYPE) and that is followed instead.
4. Contacts have a role; clients have none, so a client's job title is kept as
   a note "Job title: ...". Each notes cell becomes a note, once per exact text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from prepdeck.errors import PrepdeckError
from prepdeck.numbers import whole_number
from prepdeck.store import Store
from prepdeck.transfer.csvfile import ReadResult, read_csv
from prepdeck.transfer.people import CLIENT_FIELDS, CONTACT_FIELDS, Person
from prepdeck.transfer.textfile import read_text
from prepdeck.transfer.vcard import read_vcards
from prepdeck.wording import one_line

RULE = (
    "Each person becomes a client named after them, unless their company already has a "
    "client: then they become a contact there. Someone already stored (same email, or same "
    "name at the same company) is updated with what the file states, never duplicated."
)


@lru_cache(maxsize=65536)
def _fold(value: str | None) -> str:
    """The form names, companies and emails are compared in: case and spacing ignored."""
    return one_line(value or "").casefold()


@dataclass(eq=False)
class Target:
    """A stored (or about to be stored) client or contact that people can be matched to."""

    kind: str
    id: int | None
    values: dict[str, Any]
    client: Target | None = None
    notes: set[str] = field(default_factory=set)

    @property
    def name(self) -> str:
        return str(self.values.get("name") or "")

    @property
    def company(self) -> str | None:
        if self.kind == "contact":
            return self.client.company if self.client else None
        return self.values.get("company")


@dataclass
class Action:
    """What the import does (or, in a dry run, would do) with one person."""

    action: str  # add | update | unchanged | skip
    refs: list[str]
    name: str
    kind: str | None = None
    company: str | None = None
    client_name: str | None = None
    changes: dict[str, list[Any]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    reason: str | None = None
    remarks: list[str] = field(default_factory=list)
    target: Target | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "rows": self.refs,
            "kind": self.kind,
            "name": self.name,
            "company": self.company,
            "client": self.client_name,
            "id": self.target.id if self.target else None,
            "changes": {k: {"from": old, "to": new} for k, (old, new) in self.changes.items()},
            "notes_added": self.notes,
            "reason": self.reason,
            "remarks": self.remarks,
        }


@dataclass
class ImportReport:
    """The outcome of one import or dry run: every person's action and the totals."""

    path: str
    format: str
    encoding: str
    dry_run: bool
    records: int
    actions: list[Action]
    ignored: list[str] = field(default_factory=list)
    ignored_empty: int = 0
    rule: str = RULE

    def count(self, action: str, kind: str | None = None) -> int:
        return sum(1 for a in self.actions if a.action == action and kind in (None, a.kind))

    @property
    def added(self) -> int:
        return self.count("add")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def skipped(self) -> int:
        return self.count("skip")

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.path,
            "format": self.format,
            "encoding": self.encoding,
            "dry_run": self.dry_run,
            "records": self.records,
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "clients_added": self.count("add", "client"),
            "contacts_added": self.count("add", "contact"),
            "ignored_columns": self.ignored,
            "rule": self.rule,
            "actions": [a.to_json() for a in self.actions],
        }


# -- matching -------------------------------------------------------------------


class Directory:
    """Everyone stored, indexed the ways the rule matches, plus those this import adds."""

    def __init__(self) -> None:
        self.by_email: dict[str, list[Target]] = {}
        self.by_key: dict[tuple[str, str], list[Target]] = {}
        self.by_name: dict[str, list[Target]] = {}
        self.client_by_company: dict[str, Target] = {}
        self.clients_by_name: dict[str, list[Target]] = {}

    @classmethod
    def load(cls, store: Store) -> Directory:
        directory = cls()
        clients: dict[int, Target] = {}
        for row in store.all_rows("clients"):
            values = {k: row[k] for k in CLIENT_FIELDS}
            clients[row["id"]] = target = Target("client", row["id"], values)
            directory.register(target)
        contacts: dict[int, Target] = {}
        for row in store.all_rows("contacts"):
            values = {k: row[k] for k in CONTACT_FIELDS}
            client = clients[row["client_id"]]
            contacts[row["id"]] = target = Target("contact", row["id"], values, client)
            directory.register(target)
        for row in store.all_rows("notes"):
            owner = contacts.get(row["contact_id"]) or clients.get(row["client_id"])
            if owner is not None:
                owner.notes.add(row["text"])
        return directory

    def register(self, target: Target) -> None:
        def add(index: dict[Any, list[Target]], key: Any) -> None:
            group = index.setdefault(key, [])
            if target not in group:
                group.append(target)

        name = _fold(target.name)
        if target.values.get("email"):
            add(self.by_email, _fold(target.values["email"]))
        add(self.by_key, (name, _fold(target.company)))
        add(self.by_name, name)
        if target.kind == "client":
            for company in (target.values.get("company"), target.name):
                if company:
                    self.client_by_company.setdefault(_fold(company), target)
            add(self.clients_by_name, name)

    def find(self, person: Person) -> tuple[Target | None, str | None]:
        """The stored person this one is, or (None, reason) when it cannot be told apart.

        A file that says what each row is (prepdeck's own exports) only matches
        records of that kind, so a client and a contact of the same name stay two.
        """

        def first(found: list[Target]) -> Target | None:
            fitting = [t for t in found if person.kind in (None, t.kind)]
            return fitting[0] if fitting else None

        for email in person.emails:
            found = first(self.by_email.get(_fold(email), []))
            if found:
                return found, None
        found = first(self.by_key.get((_fold(person.name), _fold(person.company)), []))
        if found or person.company:
            return found, None
        same = [
            t
            for t in self.by_name.get(_fold(person.name), [])
            if person.kind in (None, t.kind) and (not person.emails or not t.values.get("email"))
        ]
        if len(same) > 1:
            return None, (
                f"{len(same)} people named {person.name} are stored; "
                "add a company or email column to say which"
            )
        return (same[0] if same else None), None

    def client_named(self, name: str, company: str | None) -> Target | None:
        found = self.clients_by_name.get(_fold(name), [])
        if len(found) > 1 and company:
            found = [t for t in found if _fold(t.company) == _fold(company)] or found
        return found[0] if found else None


def dedupe(people: list[Person]) -> list[Person]:
    """Merge rows about the same person within one file (see rule 1)."""
    groups: list[Person] = []
    by_email: dict[tuple[str, str], Person] = {}
    by_key: dict[tuple[str, str, str], Person] = {}
    aliases: dict[tuple[str, str], list[Person]] = {}  # every name a group was seen under
    for person in people:
        kind = person.kind or ""
        group = next(
            (by_email[(kind, _fold(e))] for e in person.emails if (kind, _fold(e)) in by_email),
            None,
        )
        group = group or by_key.get((kind, _fold(person.name), _fold(person.company)))
        if group is None:
            groups.append(person)
            group = person
        else:
            group.absorb(person)
        for email in group.emails:
            by_email.setdefault((kind, _fold(email)), group)
        by_key.setdefault((kind, _fold(group.name), _fold(group.company)), group)
        if person.company:
            aliases.setdefault((kind, _fold(person.name)), []).append(group)
    with_company = {key: list({id(g): g for g in found}.values()) for key, found in aliases.items()}
    kept: list[Person] = []
    for group in groups:
        key = (group.kind or "", _fold(group.name))
        same = with_company.get(key, []) if not group.company else []
        if len(same) == 1 and same[0] is not group and (not group.emails or not same[0].emails):
            same[0].absorb(group)
        else:
            kept.append(group)
    for group in kept:
        group.refs.sort(key=_ref_order)
    return kept


# -- planning -------------------------------------------------------------------


def _same(name: str, old: Any, new: Any) -> bool:
    if old is None:
        return new is None
    if isinstance(new, int):
        try:
            return int(old) == new
        except (TypeError, ValueError):
            return False
    if name == "next_meeting":
        try:
            when = datetime.fromisoformat(str(old).replace("T", " "))
            old = when.isoformat(sep=" ", timespec="minutes")
        except ValueError:
            pass
    return _fold(str(old)) == _fold(str(new))


def _wanted_notes(person: Person, kind: str) -> list[str]:
    notes = list(person.notes)
    if kind == "client" and person.role:
        notes.insert(0, f"Job title: {person.role}")
    return notes


def _plan_update(directory: Directory, found: Target, person: Person) -> Action:
    fields = CLIENT_FIELDS if found.kind == "client" else CONTACT_FIELDS
    changes: dict[str, list[Any]] = {}
    for name in fields:
        new = person.value(name)
        if new is None:
            continue
        old = found.values.get(name)
        if name == "email" and old and any(_fold(e) == _fold(old) for e in person.emails):
            continue
        if not _same(name, old, new):
            changes[name] = [old, new]
    notes = [n for n in _wanted_notes(person, found.kind) if n not in found.notes]
    action = Action(
        "update" if changes or notes else "unchanged",
        person.refs,
        person.name,
        kind=found.kind,
        company=found.company,
        client_name=found.client.name if found.client else None,
        changes=changes,
        notes=notes,
        target=found,
    )
    if found.kind == "contact" and person.company and _fold(person.company) != _fold(found.company):
        action.remarks.append(
            f"company {person.company!r} in the file not applied: "
            f"{found.name} is a contact of {found.client.name if found.client else '?'}"
        )
    for name, (_, new) in changes.items():
        found.values[name] = new
    if changes:
        directory.register(found)  # later rows may match its new name, email or company
    found.notes.update(notes)
    return action


def _plan_new(directory: Directory, person: Person) -> Action:
    client: Target | None = None
    if person.kind == "contact" and person.client:
        client = directory.client_named(person.client, person.company)
        if client is None:
            return Action(
                "skip",
                person.refs,
                person.name,
                kind="contact",
                reason=f"its client {person.client!r} is neither stored nor earlier in the file",
            )
    elif person.kind != "client" and person.company:
        client = directory.client_by_company.get(_fold(person.company))
    if client is not None:
        values = {k: person.value(k) for k in CONTACT_FIELDS}
        target = Target("contact", None, values, client)
    else:
        values = {k: person.value(k) for k in CLIENT_FIELDS}
        target = Target("client", None, values)
    notes = _wanted_notes(person, target.kind)
    target.notes.update(notes)
    directory.register(target)
    return Action(
        "add",
        person.refs,
        person.name,
        kind=target.kind,
        company=target.company,
        client_name=client.name if client else None,
        notes=notes,
        target=target,
    )


def plan(store: Store, read: ReadResult) -> list[Action]:
    """Every person's action, in file order, without writing anything."""
    directory = Directory.load(store)
    actions = [Action("skip", [ref], "", reason=reason) for ref, reason in read.skipped]
    for person in dedupe(read.people):
        found, problem = directory.find(person)
        if problem:
            actions.append(Action("skip", person.refs, person.name, reason=problem))
        elif found is not None:
            actions.append(_plan_update(directory, found, person))
        else:
            actions.append(_plan_new(directory, person))
    actions.sort(key=lambda a: _ref_order(a.refs[0]))
    return actions


def _ref_order(ref: str) -> int:
    tail = ref.rsplit(" ", 1)[-1]
    return whole_number(tail) or 0


# -- writing --------------------------------------------------------------------


def _apply_one(store: Store, action: Action) -> None:
    """Write one action through the store's own methods, so imported text passes the
    same character rule and validation as text typed in the app."""
    target = action.target
    if target is None or action.action in ("skip", "unchanged"):
        return
    if action.action == "add":
        values = {k: v for k, v in target.values.items() if v is not None}
        if target.kind == "client":
            target.id = store.import_client(values)
        else:
            assert target.client is not None and target.client.id is not None
            target.id = store.import_contact(target.client.id, **values)
    elif action.changes:
        assert target.id is not None
        changes = {k: new for k, (_, new) in action.changes.items()}
        if target.kind == "client":
            store.update_client(target.id, **changes)
        else:
            store.update_contact(target.id, **changes)
    client_id = target.id if target.kind == "client" else target.client.id  # type: ignore[union-attr]  # a contact target always has its client
    contact_id = target.id if target.kind == "contact" else None
    assert client_id is not None
    for text in action.notes:
        store.import_note(client_id, text, contact_id)


def apply(store: Store, actions: list[Action]) -> None:
    """Write every action in one transaction: any failure leaves the database as it was."""
    current: Action | None = None
    try:
        with store.transaction():
            # Reports list people in file order; a merged person may then precede the
            # client they join, so new clients are written before new contacts.
            ordered = sorted(actions, key=lambda a: a.action == "add" and a.kind == "contact")
            for current in ordered:
                _apply_one(store, current)
            current = None
    except (sqlite3.Error, PrepdeckError) as exc:
        for action in actions:  # ids handed out inside the rolled-back transaction are void
            if action.action == "add" and action.target is not None:
                action.target.id = None
        where = f" at {current.refs[0]} ({current.name})" if current else ""
        why = str(exc).rstrip(".")
        raise PrepdeckError(f"The import stopped{where}: {why}; nothing was imported.") from None


# -- the whole import -------------------------------------------------------------


def read_people(path: Path) -> ReadResult:
    """People from a CSV or vCard file (the content decides; the extension breaks ties)."""
    text, encoding = read_text(path)
    head = text.lstrip("\ufeff \t\r\n")[:11].upper()
    if head.startswith("BEGIN:VCARD") or (
        path.suffix.lower() in (".vcf", ".vcard") and "BEGIN:VCARD" in text.upper()
    ):
        return read_vcards(text, path, encoding)
    if path.suffix.lower() in (".vcf", ".vcard"):
        raise PrepdeckError(f"{path} holds no vCard (no BEGIN:VCARD line).")
    return read_csv(text, path, encoding)


def import_people(
    store: Store, path: Path | str, *, dry_run: bool = False, read: ReadResult | None = None
) -> ImportReport:
    """Import clients and contacts from a CSV or vCard file (see the module docstring's rule).

    With dry_run the report says exactly what would happen and nothing is written.
    `read` is the file already read with read_people (to fail on a bad file before
    opening a database).
    """
    path = Path(path)
    read = read or read_people(path)
    actions = plan(store, read)
    if not dry_run:
        apply(store, actions)
    return ImportReport(
        path=str(path),
        format=read.format,
        encoding=read.encoding,
        dry_run=dry_run,
        records=read.records,
        actions=actions,
        ignored=read.ignored,
        ignored_empty=read.ignored_empty,
    )


# -- describing it --------------------------------------------------------------


def _who(action: Action) -> str:
    if action.kind == "contact":
        at = action.company or action.client_name
        return f"{action.name} at {at} (contact of {action.client_name})"
    return f"{action.name}" + (f" ({action.company})" if action.company else "")


def describe(action: Action) -> str:
    """One line for one action, e.g. 'row 4: add contact Jane Roe at Acme (contact of ...)'."""
    where = ", ".join(action.refs)
    if action.action == "skip":
        who = f" {action.name}" if action.name else ""
        return f"{where}: skip{who}: {action.reason}"
    text = f"{where}: {action.action} {action.kind} {_who(action)}"
    details = [f"{k} {old or '(blank)'} -> {new}" for k, (old, new) in action.changes.items()]
    details += [f"note {n!r}" for n in action.notes] if action.action != "add" else []
    details += action.remarks
    return text + (": " + "; ".join(details) if details else "")


def summary_lines(report: ImportReport, *, every_action: bool) -> list[str]:
    """The text summary: what happened to whom, what was ignored, and the totals.

    every_action lists unchanged and added people too (a dry run's preview);
    otherwise only updates and skips are listed, since those need a reader's eye.
    """
    kind = "vCard" if report.format == "vcard" else "CSV"
    noun = "card" if report.format == "vcard" else "row"
    lead = "Dry run, nothing written: " if report.dry_run else ""
    plural = "" if report.records == 1 else "s"
    lines = [f"{lead}{report.path} ({kind}, {report.records} {noun}{plural})."]
    lines.append(f"Rule: {report.rule}")
    shown = [
        a
        for a in report.actions
        if every_action or a.action in ("update", "skip") or (a.action == "add" and a.remarks)
    ]
    lines += ["  " + describe(a) for a in shown]
    what = "vCard properties" if report.format == "vcard" else "columns"
    if report.ignored:
        lines.append(
            f"Ignored {what} (prepdeck has no place for them): {', '.join(report.ignored)}."
        )
    if report.ignored_empty:
        lines.append(f"Ignored {report.ignored_empty} other unknown column(s) with no data.")
    verb = "Would add" if report.dry_run else "Added"
    clients, contacts = report.count("add", "client"), report.count("add", "contact")
    lines.append(
        f"{verb} {report.added} ({clients} client{'s' * (clients != 1)}, "
        f"{contacts} contact{'s' * (contacts != 1)}), "
        f"{'would update' if report.dry_run else 'updated'} {report.updated}, "
        f"{report.unchanged} unchanged, {report.skipped} skipped."
    )
    return lines
