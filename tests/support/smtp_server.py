"""A real SMTP server on localhost (aiosmtpd) for tests that send mail, and a free port."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "researcher@example.org"
PASSWORD = "correct horse battery staple"


def free_port() -> int:
    """A TCP port on localhost nothing listens on (at the moment of asking)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Inbox:
    """What the server received: each mail's raw bytes and its envelope."""

    raw: list[bytes] = field(default_factory=list)
    recipients: list[list[str]] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.raw.append(envelope.original_content or envelope.content)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 OK"

    def messages(self) -> list[EmailMessage]:
        """Every mail received, parsed with the standard library's email."""
        return [message_from_bytes(raw, policy=policy.default) for raw in self.raw]


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


@contextmanager
def smtp_server(require_auth: bool = False) -> Iterator[tuple[int, Inbox]]:
    """A running SMTP server on 127.0.0.1 and a free port: (port, inbox). With require_auth,
    AUTH (USER and PASSWORD) is offered and required on the plain connection."""
    inbox = Inbox()
    port = free_port()
    options = {}
    if require_auth:
        options = {
            "authenticator": _authenticator,
            "auth_required": True,
            "auth_require_tls": False,
        }
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()
