"""Which Host a request may name: the guard against DNS rebinding.

A web page on another site can point a name it controls (evil.example) at 127.0.0.1 and then
talk to Fieldwork from the browser as if it were that site. The browser still sends the name
it used in the Host header, so the app answers only when Host is this machine's own name
(localhost, 127.0.0.1, [::1], any port) or a name the person listed in FIELDWORK_ALLOWED_HOSTS.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Iterable, Mapping

ALLOWED_HOSTS_ENV_VAR = "FIELDWORK_ALLOWED_HOSTS"
LOCAL_NAMES = frozenset({"localhost"})
REFUSED_MESSAGE = (
    "Fieldwork answers only at localhost or 127.0.0.1, and this page was opened through "
    f"another name. If you meant to, list that name in {ALLOWED_HOSTS_ENV_VAR} and restart."
)

_NAME = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$")
_PORT = re.compile(r"^[0-9]{1,5}$")


def host_name(host_header: str | None) -> str | None:
    """The host in a Host header ('Example.org:8501' -> 'example.org', '[::1]:80' -> '::1');
    None when the header is missing or malformed."""
    if not host_header:
        return None
    value = host_header.strip().lower()
    if value.startswith("["):  # an IPv6 literal: [address] or [address]:port
        address, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and _PORT.match(rest[1:]))):
            return None
        try:
            return str(ipaddress.IPv6Address(address))
        except ValueError:
            return None
    name, colon, port = value.partition(":")
    if colon and not _PORT.match(port):
        return None
    if not _NAME.match(name):
        return None
    return name


def _is_loopback_literal(name: str) -> bool:
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address in (ipaddress.IPv4Address("127.0.0.1"), ipaddress.IPv6Address("::1"))


def extra_hosts(setting: str | None) -> frozenset[str]:
    """The names listed in FIELDWORK_ALLOWED_HOSTS ('fieldwork.lan, 192.168.1.20:8501')."""
    names = (host_name(part) for part in (setting or "").split(","))
    return frozenset(name for name in names if name)


def configured_hosts() -> frozenset[str]:
    """extra_hosts() of the FIELDWORK_ALLOWED_HOSTS environment variable."""
    return extra_hosts(os.environ.get(ALLOWED_HOSTS_ENV_VAR))


def host_allowed(host_header: str | None, allowed: Iterable[str] = ()) -> bool:
    """True when the Host header names this machine (localhost, 127.0.0.1, [::1]; any port)
    or one of the allowed names; False when it is missing, malformed or foreign."""
    name = host_name(host_header)
    if name is None:
        return False
    if name in LOCAL_NAMES or _is_loopback_literal(name):
        return True
    return name in {_listed_name(host) for host in allowed}


def _listed_name(host: str) -> str | None:
    # A listed name may already be bare ('fd00::1'), as extra_hosts() returns it.
    name = host_name(host)
    if name is None:
        try:
            name = str(ipaddress.ip_address(host.strip()))
        except ValueError:
            return None
    return name


def request_allowed(headers: Mapping[str, str], allowed: Iterable[str] = ()) -> bool:
    """host_allowed() for a request's headers. No headers at all means no browser request
    (AppTest, a script): there is no Host to check. A real websocket handshake always carries
    headers, so a request without Host is refused."""
    if not headers:
        return True
    return host_allowed(headers.get("Host") or headers.get("host"), allowed)
