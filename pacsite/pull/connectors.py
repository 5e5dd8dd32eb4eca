"""The CRMs' APIs, each through its well-kept client: HubSpot (`hubspot-api-client`, the CRM
search API), Salesforce (`simple-salesforce`, SOQL) and Pipedrive (its REST API v2 through
`requests`: it has no maintained Python SDK).

A connector yields the deals (opportunities) changed since a moment, or all of them, as
`Record`s holding only the fields a source reads. Credentials come from environment variables
only; what a connector raises never holds them (`PullError` messages are redacted). Each API's
address can be changed (a proxy, a sandbox, a test server): `HUBSPOT_API_URL`,
`PIPEDRIVE_API_URL`, `SALESFORCE_INSTANCE_URL`. Rate limits (429) are waited out as the
`Retry-After` header says, a few times, then reported.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from urllib3.util.retry import Retry

from ..catalog import msg

__all__ = ["ENVIRONMENT", "Connector", "PullError", "Record", "connector", "redact"]

ENVIRONMENT = {
    "hubspot": ("HUBSPOT_ACCESS_TOKEN", "HUBSPOT_API_URL"),
    "pipedrive": ("PIPEDRIVE_API_TOKEN", "PIPEDRIVE_API_URL"),
    "salesforce": ("SALESFORCE_ACCESS_TOKEN", "SALESFORCE_INSTANCE_URL"),
}
"""Each CRM's token variable and address variable."""
_DEFAULT_URL = {"hubspot": "https://api.hubapi.com", "pipedrive": "https://api.pipedrive.com"}
_FIELD = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
_RETRIES = 5
BULK_WAIT = 2
"""Seconds before a Bulk API job's state is first asked (then more and more)."""


class PullError(Exception):
    """A pull that could not be made, in words that hold no secret (a `Message`: it is said in
    the reader's language)."""


@dataclass(frozen=True)
class Record:
    """A deal as the CRM holds it: its id, when it last changed (ISO 8601, UTC), its fields."""

    id: str
    modified: str
    fields: Mapping[str, Any]


class Connector(Protocol):
    def records(self, object_: str, fields: Sequence[str], since: str | None) -> Iterator[Record]:
        """The records of `object_` changed since `since` (all when None), oldest change first."""
        ...


def redact(text: str, secrets: Sequence[str]) -> str:
    """`text` with every secret replaced (a server may echo a token in its error)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _retry() -> Retry:
    """Waits out rate limits and passing failures: as long as `Retry-After` says, else 1, 2, 4 s."""
    return Retry(
        total=_RETRIES,
        backoff_factor=1,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=None,  # the search API is a POST that changes nothing
        respect_retry_after_header=True,
        raise_on_status=False,
    )


def _checked_fields(fields: Sequence[str]) -> list[str]:
    bad = [f for f in fields if not _FIELD.match(f)]
    if bad:
        raise PullError(msg("not a field name: {fields}", fields=", ".join(bad)))
    return list(dict.fromkeys(fields))


def _field(record: Mapping[str, Any], name: str) -> Any:
    """A field's value, `Account.Industry` reading into a related record (or the column of that
    name, in a Bulk API result)."""
    if name in record:
        return record[name]
    value: Any = record
    for part in name.split("."):
        value = value.get(part) if isinstance(value, Mapping) else None
    return value


def _iso(moment: datetime | str | None) -> str:
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    text = str(moment or "")
    try:
        return _iso(datetime.fromisoformat(text.replace("Z", "+00:00").replace(" ", "T")))
    except ValueError:
        return text


def _status_error(crm: str, status: int, body: str, secrets: Sequence[str]) -> PullError:
    token_var, url_var = ENVIRONMENT[crm]
    if status in {401, 403}:
        return PullError(
            msg(
                "{crm}: the token was refused (HTTP {status}): check {variable} (expired, "
                "revoked or missing a scope: see the CRM's page in the docs)",
                crm=crm,
                status=status,
                variable=token_var,
            )
        )
    if status == 429:
        return PullError(
            msg(
                "{crm}: still rate-limited after {count} waits (HTTP 429): try later",
                crm=crm,
                count=_RETRIES,
            )
        )
    detail = redact(" ".join(body.split())[:300], secrets)
    return PullError(
        msg(
            "{crm}: HTTP {status} from the API ({variable}): {detail}",
            crm=crm,
            status=status,
            variable=url_var,
            detail=detail,
        )
    )


def _unreachable(crm: str, exc: Exception, secrets: Sequence[str]) -> PullError:
    """The API out of reach (no network, a proxy, a certificate), in words without secrets."""
    detail = redact(str(exc), secrets)[:300]
    return PullError(msg("{crm}: the API cannot be reached: {detail}", crm=crm, detail=detail))


class HubSpot:
    """HubSpot's CRM search API: deals changed since a moment, 100 a page, sorted by change."""

    def __init__(self, token: str, url: str | None):
        from hubspot import HubSpot as Client

        self.secrets = [token]
        self.client = Client(
            access_token=token,
            host=(url or _DEFAULT_URL["hubspot"]).rstrip("/"),
            retry=_retry(),
        )

    def records(self, object_: str, fields: Sequence[str], since: str | None) -> Iterator[Record]:
        from hubspot.crm.deals import ApiException, PublicObjectSearchRequest

        api = self.client.crm.deals.search_api
        wanted = [*_checked_fields(fields), "hs_lastmodifieddate"]
        after: str | None = None
        seen = 0
        while True:
            filters = []
            if since:
                stamp = int(datetime.fromisoformat(since.replace("Z", "+00:00")).timestamp() * 1000)
                filters = [
                    {
                        "filters": [
                            {
                                "propertyName": "hs_lastmodifieddate",
                                "operator": "GTE",
                                "value": str(stamp),
                            }
                        ]
                    }
                ]
            request = PublicObjectSearchRequest(
                filter_groups=filters,
                sorts=[{"propertyName": "hs_lastmodifieddate", "direction": "ASCENDING"}],
                properties=wanted,
                limit=100,
                after=after,
            )
            try:
                page = api.do_search(public_object_search_request=request)
            except ApiException as exc:
                raise _status_error(
                    "hubspot", int(exc.status or 0), str(exc.body or ""), self.secrets
                ) from None
            except Exception as exc:  # the connection itself
                raise _unreachable("hubspot", exc, self.secrets) from None
            last = None
            for item in page.results or []:
                properties = dict(item.properties or {})
                last = _iso(properties.get("hs_lastmodifieddate") or item.updated_at)
                seen += 1
                yield Record(str(item.id), last, properties)
            following = page.paging.next.after if page.paging and page.paging.next else None
            if following is None:
                return
            if seen >= 10_000 and last:  # the search API stops at 10 000: go on from there
                since, after, seen = last, None, 0
            else:
                after = following


class Pipedrive:
    """Pipedrive's REST API v2: deals updated since a moment, 500 a page, by cursor."""

    def __init__(self, token: str, url: str | None):
        import requests
        from requests.adapters import HTTPAdapter

        self.secrets = [token]
        self.url = (url or _DEFAULT_URL["pipedrive"]).rstrip("/")
        self.session = requests.Session()
        self.session.headers["x-api-token"] = token
        self.session.mount("http://", HTTPAdapter(max_retries=_retry()))
        self.session.mount("https://", HTTPAdapter(max_retries=_retry()))

    def records(self, object_: str, fields: Sequence[str], since: str | None) -> Iterator[Record]:
        import requests

        _checked_fields(fields)
        params: dict[str, str | int] = {
            "limit": 500,
            "sort_by": "update_time",
            "sort_direction": "asc",
        }
        if since:
            params["updated_since"] = since.split(".")[0].removesuffix("Z") + "Z"
        while True:
            try:
                response = self.session.get(f"{self.url}/api/v2/deals", params=params, timeout=60)
            except requests.RequestException as exc:
                raise _unreachable("pipedrive", exc, self.secrets) from None
            if response.status_code != 200:
                raise _status_error("pipedrive", response.status_code, response.text, self.secrets)
            try:
                body = response.json()
                items = body.get("data") or []
                cursor = (body.get("additional_data") or {}).get("next_cursor")
            except (ValueError, AttributeError):
                raise PullError(
                    msg("{crm}: the API answered something that is not its JSON", crm="pipedrive")
                ) from None
            for item in items:
                if not isinstance(item, Mapping) or "id" not in item:
                    continue
                merged = {**(item.get("custom_fields") or {}), **item}
                yield Record(str(item["id"]), _iso(item.get("update_time")), merged)
            if not cursor:
                return
            params["cursor"] = cursor


class Salesforce:
    """Salesforce's SOQL on opportunities: a full pull through the Bulk API 2.0 (any volume,
    50 000 rows a result page), an incremental one through the REST query API (what changed
    since a moment, every page)."""

    def __init__(self, token: str, url: str | None):
        import requests
        from requests.adapters import HTTPAdapter
        from simple_salesforce.api import Salesforce as Client

        if not url:
            raise PullError(
                msg(
                    "{crm}: set {variable} ({example})",
                    crm="salesforce",
                    variable="SALESFORCE_INSTANCE_URL",
                    example="https://<domain>.my.salesforce.com",
                )
            )
        self.secrets = [token]
        session = requests.Session()
        session.mount("https://", HTTPAdapter(max_retries=_retry()))
        self.client = Client(instance_url=url, session_id=token, session=session, version="59.0")

    def records(self, object_: str, fields: Sequence[str], since: str | None) -> Iterator[Record]:
        from simple_salesforce.exceptions import SalesforceError

        wanted = ["Id", "LastModifiedDate", *_checked_fields(fields)]
        soql = f"SELECT {', '.join(dict.fromkeys(wanted))} FROM Opportunity"
        try:
            if since is None:  # everything: the Bulk API's CSV pages, "Account.Industry" columns
                bulk: Any = self.client.bulk2  # typed loosely by simple-salesforce
                pages = bulk.Opportunity.query(soql, max_records=50_000, wait=BULK_WAIT)
                for page in pages:
                    for row in csv.DictReader(io.StringIO(str(page))):
                        item = {k: (v if v != "" else None) for k, v in row.items()}
                        yield Record(str(item.get("Id")), _iso(item.get("LastModifiedDate")), item)
                return
            soql += f" WHERE LastModifiedDate > {since.split('.')[0].removesuffix('Z')}Z"
            soql += " ORDER BY LastModifiedDate ASC"
            for item in self.client.query_all_iter(soql):
                yield Record(str(item.get("Id")), _iso(item.get("LastModifiedDate")), item)
        except SalesforceError as exc:
            raise _status_error(
                "salesforce", int(exc.status), str(exc.content), self.secrets
            ) from None
        except Exception as exc:
            raise _unreachable("salesforce", exc, self.secrets) from None


def connector(crm: str, environ: Mapping[str, str]) -> Connector:
    """The connector of a CRM, with its token and address from the environment."""
    token_var, url_var = ENVIRONMENT[crm]
    token = environ.get(token_var, "").strip()
    if not token:
        raise PullError(
            msg(
                "{crm}: set {variable} (see the CRM's page in the docs)",
                crm=crm,
                variable=token_var,
            )
        )
    url = environ.get(url_var, "").strip() or None
    made: Connector
    if crm == "hubspot":
        made = HubSpot(token, url)
    elif crm == "pipedrive":
        made = Pipedrive(token, url)
    else:
        made = Salesforce(token, url)
    return made


def field_value(record: Record, name: str) -> Any:
    """A record's field (Salesforce's `Account.Industry` reads into the related record)."""
    return _field(record.fields, name)
