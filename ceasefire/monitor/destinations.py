"""Where a webhook may point: a public http(s) address, never one inside the operator's network.

Without this check the service is a port scanner: a subscription to ``http://127.0.0.1:5432/`` or
``http://169.254.169.254/`` makes the worker probe it and report what it found. So a webhook URL:

- is ``http`` or ``https``, names a host, and carries no credentials (``user:pass@``);
- may not name a loopback, private, link-local, shared, multicast, reserved or unspecified address,
  nor ``localhost``, unless ``CEASEFIRE_WEBHOOK_ALLOW`` lists the host or a network holding it
  (``127.0.0.1``, ``10.0.0.0/8``, ``hooks.internal``);
- is checked again at every delivery, after resolving the host: every address the name resolves to
  must pass, and the request goes to the address that was checked (so a name that resolves to a
  public address when checked and to a private one a moment later reaches nothing private).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit, urlunsplit

from ceasefire.errors import ConfigError, InputError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]
_LOCAL_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback")
_HOST_NAME = re.compile(r"^[a-z0-9_-]+(\.[a-z0-9_-]+)*\.?$", re.IGNORECASE)


class Refused(InputError):
    """A webhook address the service will not reach."""

    def __init__(self, problem: str) -> None:
        super().__init__("address", problem)


@dataclass(frozen=True, slots=True)
class AllowList:
    """The operator's exceptions: host names and networks webhooks may reach although not public."""

    hosts: frozenset[str] = frozenset()
    networks: tuple[IPNetwork, ...] = ()

    @classmethod
    def parse(cls, text: str) -> AllowList:
        hosts: set[str] = set()
        networks: list[IPNetwork] = []
        for item in (part.strip() for part in text.replace(";", ",").split(",")):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                if not _HOST_NAME.match(item):
                    raise ConfigError(
                        f"CEASEFIRE_WEBHOOK_ALLOW: {item!r} is neither a network nor a host name"
                    ) from None
                hosts.add(item.lower().rstrip("."))
        return cls(frozenset(hosts), tuple(networks))

    def names(self, host: str) -> bool:
        return host.lower().rstrip(".") in self.hosts

    def holds(self, address: IPAddress) -> bool:
        return any(address.version == net.version and address in net for net in self.networks)


@dataclass(frozen=True, slots=True)
class Target:
    """Where a delivery goes: the checked address to connect to, and the host it is for."""

    url: str
    host: str
    address: str


def check_url(url: str, allow: AllowList) -> SplitResult:
    """Refuse a webhook URL that is not http(s), has credentials, or names a non-public address."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise Refused(f"not a URL: {exc}") from exc
    if parts.scheme not in ("http", "https"):
        raise Refused("a webhook address is an http(s) URL")
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        raise Refused("a webhook address may not carry credentials (user:password@); use the signing secret")
    host = parts.hostname
    if not host:
        raise Refused("a webhook address names a host")
    if port == 0:
        raise Refused("port 0 is no port")
    if allow.names(host):
        return parts
    literal = _literal(host)
    if literal is not None:
        _check_address(literal, host, allow)
    elif host.lower().rstrip(".") in _LOCAL_NAMES or host.lower().rstrip(".").endswith(".localhost"):
        raise Refused(f"{host} is this machine: name it in CEASEFIRE_WEBHOOK_ALLOW to allow it")
    return parts


def resolve(url: str, allow: AllowList, resolver: Resolver | None = None) -> Target:
    """Check ``url``, resolve its host, check every address, and pick the first to connect to."""
    parts = check_url(url, allow)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    literal = _literal(host)
    if literal is not None:
        addresses = [literal]
    else:
        try:
            found = (resolver or _getaddrinfo)(host, port)
        except OSError as exc:
            raise Refused(f"cannot resolve {host}: {exc.strerror or exc}") from exc
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in found]
        if not addresses:
            raise Refused(f"{host} resolves to no address")
    if not allow.names(host):
        for address in addresses:
            _check_address(address, host, allow)
    first = addresses[0]
    shown = f"[{first}]" if first.version == 6 else str(first)
    netloc = shown if parts.port is None else f"{shown}:{parts.port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    return Target(pinned, host if parts.port is None else f"{host}:{parts.port}", str(first))


def public(address: IPAddress) -> bool:
    """An address anyone on the internet could reach (not loopback, private, link-local ...)."""
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        return public(mapped)
    return address.is_global and not address.is_multicast


def _check_address(address: IPAddress, host: str, allow: AllowList) -> None:
    if public(address) or allow.holds(address):
        return
    what = "loopback" if address.is_loopback else "link-local" if address.is_link_local else \
        "private" if address.is_private else "not a public"  # fmt: skip
    named = "" if host == str(address) else f" ({host})"
    raise Refused(f"{address}{named} is a {what} address: name it in CEASEFIRE_WEBHOOK_ALLOW to allow it")


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        pass
    try:  # forms inet_aton accepts: 2130706433, 0x7f.1, 127.1
        if host and all(c in "0123456789abcdefx." for c in host.lower()) and any(c.isdigit() for c in host):
            return ipaddress.ip_address(socket.inet_aton(host))
    except OSError:
        pass
    return None


def _getaddrinfo(host: str, port: int) -> list[str]:
    return [str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)]
