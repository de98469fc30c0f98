"""The `fieldwork` command: the app, import, vCard export, backup, restore and the coach report
from a terminal. Every subcommand calls the same lib functions as the pages; none has a rule
of its own.

Exit status: 0 on success, 1 when a restore (or the person's own address for a message import)
is not confirmed, 2 when a file cannot be read or used (the reason on stderr) or the command
line is wrong.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import click
import sqlite_utils

from lib import clock, followups, share_folder, store
from lib.store import backup

APP = Path(__file__).resolve().parent.parent / "app.py"
UNUSABLE = 2  # a file that cannot be read or used
NOT_CONFIRMED = 1

db_option = click.option(
    "--db",
    "db_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help=f"The data file to use (instead of ${store.ENV_VAR} or the default one).",
)
DAY = click.DateTime(formats=["%Y-%m-%d"])


def data_path(db_file: Path | None) -> Path:
    """The data file: --db when given, else $FIELDWORK_DB, else the per-user default."""
    return db_file.expanduser() if db_file else store.default_path()


def fail(message: str, status: int = UNUSABLE) -> None:
    """Print message on stderr and leave with status."""
    click.echo(message, err=True)
    sys.exit(status)


def open_data(db_file: Path | None) -> sqlite_utils.Database:
    """The migrated data file, or a plain message and exit status 2."""
    try:
        return store.open_database(data_path(db_file))
    except store.StoreError as error:
        fail(str(error))


def counts_line(counts: dict[str, int]) -> str:
    """'36 contacts, 21 conversations, 109 interactions, 50 board items'."""
    if not counts:
        return "unreadable"
    return ", ".join(
        f"{counts[table]:,} {label.lower()}" if table in counts else f"? {label.lower()}"
        for table, label in backup.SHOWN_COUNTS.items()
    )


def streamlit_command(coach: bool, port: int | None) -> list[str]:
    """The `streamlit run app.py` command line `fieldwork run` starts."""
    command = [sys.executable, "-m", "streamlit", "run", str(APP)]
    if port:
        command += ["--server.port", str(port)]
    # No --server.headless: .streamlit/config.toml opens the browser for a person; tests and
    # CI pass --server.headless true.
    if coach:
        command += ["--", "--coach"]
    return command


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.pass_context
def main(context: click.Context) -> None:
    """Fieldwork: your career field research, from the browser or this terminal."""
    # Every save from a terminal (an import, a restore, the digest's sync) rewrites the
    # calendar feed too, as a save in the app does.
    from lib.formats import calendar_feed  # noqa: F401

    if context.invoked_subcommand is None:
        context.invoke(run)


@main.command(short_help="Start the app and open it in your browser.")
@click.option("--coach", is_flag=True, help="Read-only coach mode: private notes hidden.")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8501).")
@db_option
@click.option("--show-command", is_flag=True, hidden=True)
def run(coach: bool, port: int | None, db_file: Path | None, show_command: bool = False) -> None:
    """Start the app and open it in your browser."""
    env = dict(os.environ, **{store.ENV_VAR: str(data_path(db_file))})
    if coach:
        env["FIELDWORK_COACH"] = "1"
    command = streamlit_command(coach, port)
    if show_command:
        click.echo(json.dumps({"command": command, "db": env[store.ENV_VAR]}))
        return
    # From the project folder, so .streamlit/config.toml (localhost only, theme) applies.
    os.chdir(APP.parent)
    if os.name == "posix":
        # Become streamlit, so Ctrl+C and a kill of this process's id stop the server itself.
        os.execve(command[0], command, env)
    try:
        sys.exit(subprocess.call(command, env=env))
    except KeyboardInterrupt:
        sys.exit(0)


@main.command(short_help="Start the app for a coach over a folder of packages.")
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--name", default=None, help="Your name, as your clients see it on comments.")
@click.option("--port", type=int, default=None, help="Port to listen on (default 8501).")
@click.option("--show-command", is_flag=True, hidden=True)
@click.pass_context
def coach(
    context: click.Context, folder: Path, name: str | None, port: int | None, show_command: bool
) -> None:
    """Start Fieldwork for a coach: Clients first, then any client's pages read-only."""
    from lib import clients

    os.environ[clients.FOLDER_ENV_VAR] = str(folder.resolve())
    if name:
        os.environ[clients.NAME_ENV_VAR] = name
    if show_command:
        click.echo(json.dumps({"folder": os.environ[clients.FOLDER_ENV_VAR]}))
    context.invoke(run, coach=False, port=port, db_file=None, show_command=show_command)


@main.command(name="clients", short_help="The coach's Clients table for a folder of packages.")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--date", "day", type=DAY, default=None, help="Judge the week holding this day.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list, one object a client.")
def clients_command(folder: Path, day: datetime | None, as_json: bool) -> None:
    """Who needs attention this week, from the share packages in FOLDER."""
    from lib import clients

    if not folder.is_dir():
        fail(f"There is no folder at {folder}.")
    rows = clients.folder_rows(folder, day.date() if day else clock.today())
    if as_json:
        click.echo(json.dumps([clients.json_row(row) for row in rows], indent=2))
    elif rows:
        click.echo(clients.text_table(rows))
    else:
        click.echo(f"No share packages (*{clients.PACKAGE_SUFFIX}) in {folder}.")


@main.command(name="import", short_help="Import contacts: LinkedIn, Google, Outlook, CSV, vCard.")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "source_format",
    type=click.Choice(["auto", "linkedin", "google", "outlook", "csv", "vcard"]),
    default="auto",
    show_default=True,
    help="What kind of file it is (auto: detected from the file).",
)
@click.option(
    "--duplicates",
    type=click.Choice(["skip", "fill", "new"]),
    default="skip",
    show_default=True,
    help="For a duplicate: skip it, fill in only the empty fields, or import as a new person.",
)
@click.option(
    "--encoding",
    default=None,
    metavar="NAME",
    help="The file's encoding (cp1255, utf-8, …), when the guess said in the preview is wrong.",
)
@click.option(
    "--map",
    "column_map",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Which column holds a field (Name=name, 'E-mail'=email); repeat for each.",
)
@click.option("--dry-run", is_flag=True, help="Show the preview only; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the preview as one JSON object.")
@db_option
def import_file(
    file: Path,
    source_format: str,
    duplicates: str,
    encoding: str | None,
    column_map: tuple[str, ...],
    dry_run: bool,
    as_json: bool,
    db_file,
) -> None:
    """Import contacts from LinkedIn, Google, Outlook, a spreadsheet CSV or a vCard file."""
    from lib.formats import importers

    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"Cannot read {file}: {error.strerror or error}.")
    db = open_data(db_file)
    try:
        parsed = importers.read_source(
            data, file.name, source_format, encoding=encoding, check_name=not column_map
        )
        mapping = importers.apply_column_map(
            importers.mapping_for(db, parsed), parsed.headers, column_map
        )
        preview = importers.preview(db, parsed, mapping)
    except importers.ImportFileError as error:
        message = str(error)
        if message.startswith("Choose the column"):
            message += (
                f" Its columns are: {', '.join(parsed.headers[:20])}. "
                "Name them with --map, e.g. --map 'Full name=name'."
            )
        fail(f"Cannot import {file.name}: {message}")
    counts = preview.counts
    # With --json, stdout carries the JSON object alone; everything else goes to stderr.
    say = (lambda text: click.echo(text, err=True)) if as_json else click.echo
    if as_json:
        click.echo(json.dumps(importers.preview_json(preview), ensure_ascii=False, indent=2))
    else:
        for warning in preview.warnings:
            click.echo(warning)
        click.echo(
            f"{file.name} ({preview.source}): {counts['new']} new, {counts['duplicate']} "
            f"duplicate, {counts['skipped']} skipped, {counts['warning']} with a warning."
        )
        for row in preview.rows:
            if row.status != "new" or row.warnings:
                notes = " ".join([row.reason, *row.warnings] if row.reason else row.warnings)
                click.echo(f"  line {row.line}: {row.name or '(no name)'}: {row.status}. {notes}")
    if preview.previous_import:
        say("This file was imported before; its people are duplicates now.")
    if dry_run:
        say("Dry run: nothing was written.")
        return
    result = importers.apply_import(db, preview, duplicates, file.name)
    done = result.counts
    say(
        f"Imported {done['imported']}, filled in {done['filled']}, skipped {done['skipped']} "
        f"(tagged {result.tag}; undo it on the Import page)."
    )


@main.command(
    name="import-messages",
    short_help="Import messages: LinkedIn, mbox, .eml files.",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--me",
    multiple=True,
    metavar="ADDRESS",
    help="Your own email address or LinkedIn profile URL (repeat for each); saved as yours.",
)
@click.option("--dry-run", is_flag=True, help="Show the preview only; write nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the preview as one JSON object.")
@db_option
def import_messages(
    files: tuple[Path, ...], me: tuple[str, ...], dry_run: bool, as_json: bool, db_file
) -> None:
    """Import messages as outreach, follow-ups, replies and thank-yous of your contacts.

    Messages are matched to contacts by email address and LinkedIn URL; people who are not
    contacts are listed (add them on the Import page). Importing the same files again creates
    nothing. Without --me and with no address saved on Your data, Fieldwork guesses yours
    from the most frequent sender and writes nothing until you confirm it with --me.
    """
    from lib import own_addresses
    from lib.formats.messages.applying import apply_messages
    from lib.formats.messages.kept import KeptMessages, keep
    from lib.formats.messages.model import MessageFileError
    from lib.formats.messages.preview import preview_messages
    from lib.formats.messages.reading import read_messages

    try:
        own = own_addresses.parse(
            [a for a in me if "linkedin.com" not in a.lower()],
            next((a for a in me if "linkedin.com" in a.lower()), None),
        )
    except own_addresses.OwnAddressError as error:
        fail(f"--me: {error}")
    messages = KeptMessages()  # without their texts: a big mailbox is read, not held
    for file in files:
        try:
            keep(read_messages(file, file.name), into=messages)
        except OSError as error:
            fail(f"Cannot read {file}: {error.strerror or error}.")
        except MessageFileError as error:
            fail(f"Cannot import {file.name}: {error}")
    db = open_data(db_file)
    preview = preview_messages(db, messages, own or None)
    counts = preview.counts
    # With --json, stdout carries the JSON object alone; everything else goes to stderr.
    say = (lambda text: click.echo(text, err=True)) if as_json else click.echo
    if as_json:
        click.echo(json.dumps(preview.as_json(), ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"{len(messages)} messages: {counts['outreach']} outreach, {counts['follow_up']} "
            f"follow-up, {counts['reply']} reply, {counts['message_sent']} other sent, "
            f"{counts['thank_you']} thank-you, {counts['one_month_update']} one-month update; "
            f"{counts['duplicate']} duplicate, {counts['skipped']} skipped, "
            f"{counts['unmatched_people']} people not in Fieldwork."
        )
        for row in preview.per_contact():
            click.echo(
                f"  {row['name']}: {row['outreach']} outreach, {row['follow_up']} follow-up, "
                f"{row['reply']} reply"
            )
        for row in preview.skipped_by_reason():
            click.echo(f"  skipped, {row['reason'].lower()}: {row['count']}")
        for person in preview.people[:20]:
            same = (
                f" (same name as your contact {person.same_name_contact}: not applied)"
                if person.same_name_as
                else ""
            )
            address = person.email or person.linkedin_url or "no address"
            click.echo(
                f"  not in Fieldwork: {person.name or address} <{address}>, "
                f"{person.messages} messages{same}"
            )
    for warning in preview.warnings:
        say(warning)
    if dry_run:
        say("Dry run: nothing was written.")
        return
    if preview.own_proposed:
        guess = (preview.own.emails or (preview.own.linkedin_url,))[0]
        say(f"Nothing was written: confirm your own address with --me {guess} (or give yours).")
        sys.exit(NOT_CONFIRMED)
    if not preview.own:
        fail("Nothing was written: give your own address with --me.", NOT_CONFIRMED)
    result = apply_messages(db, preview, file_names=[f.name for f in files])
    if own:
        own_addresses.save_own_addresses(db, own.emails, own.linkedin_url)
    say(
        f"Imported {len(result.planned)} messages, marked {len(result.marked)} thank-yous and "
        "updates done (undo it on the Import page)."
    )


@main.command(name="export-vcard", short_help="Write every contact to a .vcf file.")
@click.argument("out", type=click.Path(dir_okay=False, writable=True, path_type=Path))
@db_option
def export_vcard(out: Path, db_file: Path | None) -> None:
    """Write every contact to a .vcf file for a phone or address book."""
    from lib.formats import vcards

    db = open_data(db_file)
    text = vcards.export_vcards(db)
    try:
        out.write_text(text, encoding="utf-8", newline="")
    except OSError as error:
        fail(f"Cannot write {out}: {error.strerror or error}.")
    click.echo(f"Saved {text.count('BEGIN:VCARD'):,} contacts to {out}.")


@main.command(name="backup", short_help="Save a consistent copy of the data file.")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@db_option
def backup_command(out: Path, db_file: Path | None) -> None:
    """Save a consistent copy of the data file (safe while the app is running)."""
    path = data_path(db_file)
    if out.expanduser().resolve() == path.resolve():
        fail("The backup must go to another file than the data file itself.")
    db = open_data(db_file)
    try:
        backup.save_copy(db, out.expanduser())
    except OSError as error:
        fail(f"Cannot write {out}: {error.strerror or error}.")
    click.echo(f"Saved a backup of {path} to {out} ({counts_line(backup.shown_counts(db))}).")


@main.command(name="restore", short_help="Replace the data with a backup (keeps a safety copy).")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for the typed confirmation.")
@db_option
def restore_command(file: Path, yes: bool, db_file: Path | None) -> None:
    """Replace the data with a backup or snapshot (the current data is kept as a safety copy)."""
    path = data_path(db_file)
    try:
        check = backup.check_backup(file)
        # Read-only: restoring is also how a damaged or newer file is replaced, and the
        # restore writes through a connection of its own. A missing file is created.
        db = store.connect(path, mode="read") if path.exists() else store.open_database(path)
    except backup.RestoreError as error:
        fail(str(error))
    except store.StoreError as error:
        fail(str(error))
    click.echo(f"Now in {path}: {counts_line(backup.readable_counts(db))}.")
    click.echo(f"In {file.name}: {counts_line(check.counts)}.")
    if not yes:
        typed = click.prompt(
            f"Type {backup.CONFIRM_WORD} (or the file's name) to replace your data with it",
            default="",
            show_default=False,
        )
        if not backup.confirmation_matches(typed, file.name):
            fail("Not restored: the confirmation did not match.", NOT_CONFIRMED)
    try:
        result = backup.restore(
            db, file, after=lambda live: followups.sync_tasks(live, clock.today())
        )
    except backup.RestoreError as error:
        fail(str(error))
    click.echo(f"Restored {file.name}: {counts_line(result.after)}.")
    if result.upgrades:
        click.echo(f"Upgraded it to this version of Fieldwork ({len(result.upgrades)} changes).")
    click.echo(f"Your data from before the restore is saved in {result.safety_copy}.")


@main.command(name="report", short_help="Write the coach report, as on the Share page.")
@click.option(
    "--week",
    type=DAY,
    metavar="YYYY-MM-DD",
    default=None,
    help="Any day of the week to report (Mon–Sun).",
)
@click.option(
    "--from", "start", type=DAY, metavar="YYYY-MM-DD", default=None, help="First day of a range."
)
@click.option(
    "--to", "end", type=DAY, metavar="YYYY-MM-DD", default=None, help="Last day of a range."
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The file to write: .html (charts work offline), or .md for Markdown.",
)
@db_option
def report_command(
    week: datetime | None,
    start: datetime | None,
    end: datetime | None,
    out: Path,
    db_file: Path | None,
) -> None:
    """Write the progress report for your coach, as on the Share page."""
    from lib.formats import report

    first, last = report_period(week, start, end)
    db = open_data(db_file)
    built = report.build_report(db, first, last, clock.today())
    text = built.markdown if out.suffix.lower() in {".md", ".markdown"} else built.html
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as error:
        fail(f"Cannot write {out}: {error.strerror or error}.")
    click.echo(f"Saved {built.title} ({first} to {last}) to {out}.")


@main.command(name="share", short_help="Write a share package for your coach's Fieldwork.")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The package to write (.fieldwork-share); replaced in one step if it exists.",
)
@click.option(
    "--encrypt",
    is_flag=True,
    help=f"Protect it with a passphrase (asked for, or from ${share_folder.PASSPHRASE_ENV_VAR}).",
)
@click.option(
    "--include-contact-details", is_flag=True, help="Include contacts' emails and phone numbers."
)
@click.option("--name", default=None, help="Your name as your coach knows you.")
@db_option
def share_command(
    out: Path, encrypt: bool, include_contact_details: bool, name: str | None, db_file: Path | None
) -> None:
    """Write a share package for your coach's Fieldwork: nothing private in it."""
    from lib.formats import share_package

    path = data_path(db_file)
    if not path.exists():
        fail(f"There is no Fieldwork data file at {path}.")
    db = open_data(db_file)
    name = name or share_folder.display_name(db)
    if not name:
        fail("Give your name as your coach knows you with --name (saved on the Share page).")
    passphrase = None
    if encrypt:
        # Never prompts without --encrypt; with it, a scheduled job sets the variable.
        passphrase = os.environ.get(share_folder.PASSPHRASE_ENV_VAR) or None
        if passphrase is None:
            try:
                passphrase = click.prompt("Passphrase", hide_input=True, confirmation_prompt=True)
            except click.Abort:
                fail("No passphrase was given, so no package was written.")
        problem = share_folder.passphrase_problem(passphrase)
        if problem:
            fail(problem)
    try:
        manifest = share_package.write_package(
            db,
            out.expanduser(),
            client_name=name,
            include_contact_details=include_contact_details,
            passphrase=passphrase,
        )
    except share_package.PackageError as error:
        fail(str(error))
    weeks = (
        f"weeks of {manifest['first_week']} to {manifest['last_week']}"
        if manifest["first_week"]
        else "no activity yet"
    )
    sealed = ", sealed with a passphrase" if passphrase else ""
    click.echo(f"Saved a share package for {manifest['client_name']} ({weeks}{sealed}) to {out}.")


def report_period(
    week: datetime | None, start: datetime | None, end: datetime | None
) -> tuple[date, date]:
    """The report's first and last day from --week, or --from and --to."""
    from lib import metrics

    if week is not None and (start is not None or end is not None):
        raise click.UsageError("Give --week, or --from and --to, not both.")
    if week is not None:
        monday = metrics.week_start(week.date())
        return monday, monday + timedelta(days=6)
    if start is None or end is None:
        raise click.UsageError("Give --week YYYY-MM-DD, or both --from and --to.")
    if start > end:
        raise click.UsageError("--from must be on or before --to.")
    return start.date(), end.date()


@main.command(name="digest", short_help="Print or mail what is due today (for a morning job).")
@click.option("--date", "day", type=DAY, metavar="YYYY-MM-DD", default=None, help="Another day.")
@click.option(
    "--format", "form", type=click.Choice(["text", "markdown", "html", "json"]), default="text"
)
@click.option("--email", is_flag=True, help="Send it through the SMTP settings on Your data.")
@click.option("--always", is_flag=True, help="Print or send it even when nothing is due.")
@db_option
def digest_command(
    day: datetime | None, form: str, email: bool, always: bool, db_file: Path | None
) -> None:
    """Print (or mail) the daily digest; one line and nothing sent on a quiet day."""
    from lib import digest_run

    try:
        click.echo(digest_run.run(open_data(db_file), day and day.date(), form, email, always))
    except digest_run.DigestError as error:
        fail(str(error))


@main.command(name="calendar", short_help="Write the calendar feed (.ics) of what is due.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True)
@db_option
def calendar_command(out: Path, db_file: Path | None) -> None:
    """Write everything due and scheduled as one .ics feed (stable UIDs, cancelled kept)."""
    from lib.formats import calendar_feed

    try:
        result = calendar_feed.write_feed(open_data(db_file), out, clock.today())
    except calendar_feed.FeedError as error:
        fail(str(error))
    click.echo(f"Wrote {result.events} events ({result.cancelled} cancelled) to {result.path}.")


if __name__ == "__main__":
    main()
