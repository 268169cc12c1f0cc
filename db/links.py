"""Outside addresses that hold: the app prints them as text and QR codes patients scan.

An address must be https on a public, live host: never a staging, preview or internal
host, never a tracking or search-click link, never a retired publisher's domain (listed in
resources/content/retired-domains.yaml, kept as content so editors can add to it). Each
page needs at least MIN_TRUSTED sources from the trusted publisher families.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Collection
from urllib.parse import parse_qsl, urlsplit

from db.sources import SourceRetiredDomain
from desktop_app.core.addresses import Address

MIN_TRUSTED = 2
# host suffix -> the publisher family named in messages and stats
TRUSTED_FAMILIES = {
    "cancer.gov": "NCI PDQ (cancer.gov)",
    "nhs.uk": "NHS",
    "nhsinform.scot": "NHS",
    "nice.org.uk": "NICE",
    "cancerresearchuk.org": "Cancer Research UK",
    "bloodcancer.org.uk": "Blood Cancer UK",
    "leukaemiacare.org.uk": "Leukaemia Care",
    "cclg.org.uk": "CCLG",
    "lls.org": "Leukemia & Lymphoma Society (Blood Cancer United)",
    # the Leukemia & Lymphoma Society took this name in August 2025
    "bloodcancerunited.org": "Leukemia & Lymphoma Society (Blood Cancer United)",
    "cancer.org": "American Cancer Society",
}
# words in a host name that mark a publisher's test, preview or internal copy
_INTERNAL_WORDS = {"preview", "staging", "stage", "stg", "dev", "test", "uat", "qa",
                   "internal", "intranet", "localhost", "sandbox"}
_INTERNAL_HOSTS = ("frank-digital",)  # an agency's build host seen in copied links
_TRACKING_PATH = re.compile(r"/search/click|/click(?:/|$)|/redirect|/track(?:ing)?/|/url$")
_TRACKING_PARAMS = {"gclid", "fbclid", "msclkid", "mc_cid", "mc_eid", "_ga", "_gl", "dclid",
                    "yclid", "igshid", "ref_src", "trk", "cmpid"}


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


def family_of(url: str) -> str | None:
    """The trusted publisher family an address belongs to, or None."""
    host = host_of(url)
    for suffix, family in TRUSTED_FAMILIES.items():
        if host == suffix or host.endswith("." + suffix):
            return family
    return None


def retired_match(host: str, retired: list[SourceRetiredDomain]) -> SourceRetiredDomain | None:
    labels = host.split(".")
    for entry in retired:
        name = entry.domain.lower().strip(".")
        if not name:
            continue
        if "." in name and (host == name or host.endswith("." + name)):
            return entry
        if "." not in name and any(name in label for label in labels):
            return entry
    return None


def outside_address_problem(url: str, retired: list[SourceRetiredDomain]) -> str | None:
    """Why an outside web address would not hold, or None when it is fine."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return f"{url!r} is not a valid address"
    scheme = parts.scheme.lower()
    if scheme == "http":
        return f"{url!r} uses plain http: use the publisher's https address"
    if scheme != "https":
        return f"{url!r} must be an https address"
    host = host_of(url)
    if not host or "." not in host:
        return f"{url!r} has no public host"
    try:
        ipaddress.ip_address(host)
        return f"{url!r} is a bare IP address, not the publisher's site"
    except ValueError:
        pass
    if parts.port is not None:
        return f"{url!r} names a port: use the publisher's public address"
    if parts.username or parts.password:
        return f"{url!r} holds a user name or password"
    if _is_internal(host):
        return f"{url!r} is a staging, preview or internal host: cite the public page"
    entry = retired_match(host, retired)
    if entry is not None:
        why = f" ({entry.why})" if entry.why else ""
        return f"{url!r} is on a retired domain{why}"
    if _TRACKING_PATH.search(parts.path.lower()):
        return f"{url!r} is a tracking or search-click link: cite the page itself"
    params = {key.lower() for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    tracking = sorted(p for p in params if p.startswith("utm_") or p in _TRACKING_PARAMS)
    if tracking:
        return f"{url!r} carries tracking ({', '.join(tracking)}): remove it"
    return None


def diagram_link_problem(address: Address, view_ids: Collection[str],
                         cell_ids: Collection[str]) -> str | None:
    """Why an `app:diagram?view=NAME&cell=ID` link would open no view (the screen shows
    "page not found" for an unknown view or cell), or None when the diagram has both."""
    params = {key: value for key, value in reversed(address.query)}  # the first one counts
    view, cell = params.get("view"), params.get("cell")
    if view is not None and view not in view_ids:
        known = ", ".join(sorted(view_ids)) or "none"
        return f"broken link: the diagram has no view {view!r} (its views: {known})"
    if cell is not None and cell not in cell_ids:
        return f"broken link: the diagram has no cell {cell!r}"
    return None


def _is_internal(host: str) -> bool:
    """A staging, preview or internal host: "-preview.", "staging", ".int.", "stg"..."""
    labels = host.split(".")
    if any(name in host for name in _INTERNAL_HOSTS) or labels[-1] in {"local", "lan"}:
        return True
    # "int" is a real top-level domain (who.int); only inside a host does it mean internal
    if "int" in labels[:-1]:
        return True
    return any(word in _INTERNAL_WORDS for label in labels for word in label.split("-"))
