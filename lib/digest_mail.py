"""Sending the daily digest by mail: the SMTP settings (kept in the settings table), the
password (from $FIELDWORK_SMTP_PASSWORD or the system keyring, never the data file), the
multipart message (plain text and HTML) and the send, with a plain sentence for each failure.
"""

from __future__ import annotations

import os
import smtplib
import socket
import ssl
from dataclasses import asdict, dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import sqlite_utils

from lib import store, text

PASSWORD_ENV_VAR = "FIELDWORK_SMTP_PASSWORD"
KEYRING_SERVICE = "fieldwork"
SECURITY = {
    "starttls": "STARTTLS (usually port 587)",
    "ssl": "SSL/TLS (usually port 465)",
    "none": "None (a local relay only: the password would travel in clear)",
}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT_SECONDS = 20
SETTING_PREFIX = "digest_smtp_"
FIELDS = ("host", "port", "security", "user", "sender", "recipient")
MAX_FIELD = 320


class MailError(Exception):
    """The digest could not be sent; the message says why in one plain line."""


@dataclass
class SmtpSettings:
    host: str = ""
    port: int = 587
    security: str = "starttls"
    user: str = ""
    sender: str = ""
    recipient: str = ""

    @property
    def complete(self) -> bool:
        """True when there is enough to try a send."""
        return bool(self.host and self.sender and self.recipient)


def read_settings(db: sqlite_utils.Database) -> SmtpSettings:
    """The saved SMTP settings (blank ones when never saved)."""
    rows = dict(
        db.execute(
            "SELECT key, value FROM settings WHERE key LIKE ?", [f"{SETTING_PREFIX}%"]
        ).fetchall()
    )
    values = {name: rows.get(SETTING_PREFIX + name) or "" for name in FIELDS}
    security = values["security"] if values["security"] in SECURITY else "starttls"
    port = text.whole_number(values["port"]) or DEFAULT_PORTS[security]
    return SmtpSettings(
        host=values["host"],
        port=port,
        security=security,
        user=values["user"],
        sender=values["sender"],
        recipient=values["recipient"],
    )


def _looks_like_address(value: str) -> bool:
    local, _, domain = value.rpartition("@")
    return bool(local) and "." in domain and not any(ch.isspace() for ch in value)


def validate_settings(values: dict) -> tuple[SmtpSettings, dict[str, str]]:
    """Check the form's values; return (the settings, {field: what to fix})."""
    errors: dict[str, str] = {}
    clean = {name: text.clean_line(values.get(name)) for name in FIELDS}
    for name, value in clean.items():
        if len(value) > MAX_FIELD:
            errors[name] = f"Keep it under {MAX_FIELD} characters."
    if not clean["host"]:
        errors["host"] = "Give your mail provider's SMTP server, like smtp.gmail.com."
    elif any(ch.isspace() for ch in clean["host"]) or "/" in clean["host"]:
        errors["host"] = "Give the server's name only, like smtp.gmail.com (no https://)."
    security = clean["security"] or "starttls"
    if security not in SECURITY:
        errors["security"] = "Pick STARTTLS, SSL/TLS or none."
        security = "starttls"
    port = text.whole_number(values.get("port")) if values.get("port") not in (None, "") else None
    if port is None or not 1 <= port <= 65535:
        errors["port"] = "Give a port from 1 to 65535 (587 for STARTTLS, 465 for SSL)."
        port = DEFAULT_PORTS[security]
    for name, what in (("sender", "the address it comes from"), ("recipient", "your address")):
        if not _looks_like_address(clean[name]):
            errors[name] = f"Give {what}, like you@example.org."
    settings = SmtpSettings(
        clean["host"], port, security, clean["user"], clean["sender"], clean["recipient"]
    )
    return settings, errors


def save_settings(db: sqlite_utils.Database, values: dict) -> SmtpSettings:
    """Save the SMTP settings (never the password); MailSettingsError says what to fix."""
    settings, errors = validate_settings(values)
    if errors:
        raise MailSettingsError(errors)
    with store.write(db):
        db["settings"].upsert_all(
            [{"key": SETTING_PREFIX + k, "value": str(v)} for k, v in asdict(settings).items()],
            pk="key",
        )
    return settings


class MailSettingsError(ValueError):
    """The SMTP settings cannot be saved; errors maps each field to what to fix."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


# ---------------------------------------------------------------- the password


def keyring_problem() -> str | None:
    """Why the system keyring cannot hold the password, or None when it can."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return "The keyring package is not installed."
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return "This computer has no system keyring Fieldwork can use."
    return None


def _keyring_user(settings: SmtpSettings) -> str:
    return settings.user or settings.sender


def store_password(settings: SmtpSettings, password: str) -> None:
    """Keep the SMTP password in the system keyring (service "fieldwork"), under the user."""
    problem = keyring_problem()
    if problem:
        raise MailError(f"{problem} Set {PASSWORD_ENV_VAR} in the environment instead.")
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, _keyring_user(settings), password)
    except Exception as error:  # any backend's failure, said plainly
        raise MailError(f"The keyring refused the password: {error}.") from error


def password_for(settings: SmtpSettings, environ: dict | None = None) -> str | None:
    """The password: $FIELDWORK_SMTP_PASSWORD when set, else the keyring's, else None."""
    environ = os.environ if environ is None else environ
    if environ.get(PASSWORD_ENV_VAR):
        return environ[PASSWORD_ENV_VAR]
    if keyring_problem():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, _keyring_user(settings))
    except Exception:  # a locked or broken keyring: as if none was stored
        return None


# ---------------------------------------------------------------- the message and the send


def build_message(settings: SmtpSettings, subject: str, plain: str, html: str) -> EmailMessage:
    """A multipart/alternative mail: the plain text first, the HTML part after it."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = settings.sender
    message["To"] = settings.recipient
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain="fieldwork.local")
    message.set_content(plain)
    message.add_alternative(html, subtype="html")
    return message


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    if settings.security == "ssl":
        context = ssl.create_default_context()
        return smtplib.SMTP_SSL(
            settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context
        )
    connection = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    if settings.security == "starttls":
        connection.starttls(context=ssl.create_default_context())
    return connection


def send(settings: SmtpSettings, message: EmailMessage, password: str | None) -> None:
    """Send message through the SMTP server; MailError with one plain line on any failure."""
    if not settings.complete:
        raise MailError("Set up the mail server first (Your data, Email digest).")
    where = f"{settings.host}:{settings.port}"
    try:
        with _connect(settings) as connection:
            if settings.user:
                if not password:
                    raise MailError(
                        f"No password for {settings.user}: save it on Your data (system "
                        f"keyring) or set {PASSWORD_ENV_VAR}."
                    )
                connection.login(settings.user, password)
            connection.send_message(message)
    except MailError:
        raise
    except smtplib.SMTPAuthenticationError as error:
        raise MailError(
            f"{where} refused the user name or password ({error.smtp_code})."
        ) from error
    except smtplib.SMTPNotSupportedError as error:
        raise MailError(
            f"{where} does not offer what this security setting needs: {_reason(error)}."
        ) from error
    except ssl.SSLError as error:
        raise MailError(
            f"TLS failed with {where} ({error.reason or error}): check the security setting "
            "and the port (465 is SSL, 587 is STARTTLS)."
        ) from error
    except socket.gaierror as error:
        raise MailError(f"Unknown mail server “{settings.host}”: check its name.") from error
    except ConnectionRefusedError as error:
        raise MailError(f"{where} refused the connection: check the server and port.") from error
    except TimeoutError as error:
        raise MailError(f"{where} did not answer within {TIMEOUT_SECONDS} seconds.") from error
    except smtplib.SMTPRecipientsRefused as error:
        raise MailError(f"{where} refused the recipient {settings.recipient}.") from error
    except smtplib.SMTPSenderRefused as error:
        raise MailError(f"{where} refused the sender {settings.sender}.") from error
    except smtplib.SMTPException as error:
        raise MailError(f"{where} failed: {_reason(error)}.") from error
    except OSError as error:
        raise MailError(f"Could not reach {where}: {error.strerror or error}.") from error


def _reason(error: Exception) -> str:
    detail = getattr(error, "smtp_error", None)
    if isinstance(detail, bytes):
        return detail.decode("utf-8", "replace")
    return str(error) or type(error).__name__
