"""Local servers that answer as HubSpot, Pipedrive and Salesforce do (the documented shapes of
their deal APIs: paging, 429 with Retry-After, 401 for a bad token), for `tests/test_pull.py`.

Each holds its deals in `deals` (a test edits them between pulls) and logs what it was asked.
"""

from __future__ import annotations

import http.server
import json
import re
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

TOKEN = "pat-eu1-SECRET-0123456789"


def _ms(iso: str) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp() * 1000)


class Fake:
    """A CRM's API: `answer(method, path, query, body, headers)` → (status, headers, body)."""

    def __init__(self) -> None:
        self.deals: list[dict[str, Any]] = []
        self.asked: list[dict[str, Any]] = []
        self.rate_limit_once = False
        self.url = ""

    def answer(
        self, method: str, path: str, query: dict[str, list[str]], body: Any, headers: Any
    ) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def limited(self) -> tuple[int, dict[str, str], Any] | None:
        if self.rate_limit_once:
            self.rate_limit_once = False
            return 429, {"Retry-After": "1"}, {"status": "error", "errorType": "RATE_LIMIT"}
        return None


class HubSpot(Fake):
    """POST /crm/v3/objects/deals/search: filterGroups (GTE on hs_lastmodifieddate), sorts,
    properties, limit, after; a page's `paging.next.after` until the last."""

    page_size = 2

    def answer(self, method, path, query, body, headers):  # type: ignore[no-untyped-def]
        if headers.get("Authorization") != f"Bearer {TOKEN}":
            message = f"Authentication credentials not found. Token {headers.get('Authorization')}"
            return (
                401,
                {},
                {"status": "error", "message": message, "category": "INVALID_AUTHENTICATION"},
            )
        if (limited := self.limited()) is not None:
            return limited
        assert method == "POST" and path == "/crm/v3/objects/deals/search", path
        self.asked.append(body)
        deals = sorted(self.deals, key=lambda d: d["hs_lastmodifieddate"])
        for group in body.get("filterGroups") or []:
            for f in group["filters"]:
                assert f["propertyName"] == "hs_lastmodifieddate" and f["operator"] == "GTE"
                deals = [d for d in deals if _ms(d["hs_lastmodifieddate"]) >= int(f["value"])]
        start = int(body.get("after") or 0)
        page = deals[start : start + min(int(body.get("limit") or 10), self.page_size)]
        wanted = set(body.get("properties") or [])
        results = [
            {
                "id": d["id"],
                "properties": {k: v for k, v in d.items() if k in wanted},
                "createdAt": "2026-01-01T00:00:00Z",
                "updatedAt": d["hs_lastmodifieddate"],
                "archived": False,
            }
            for d in page
        ]
        out: dict[str, Any] = {"total": len(deals), "results": results}
        if start + len(page) < len(deals):
            out["paging"] = {"next": {"after": str(start + len(page)), "link": "?after=x"}}
        return 200, {}, out


class Pipedrive(Fake):
    """GET /api/v2/deals: x-api-token, updated_since, cursor; `additional_data.next_cursor`."""

    page_size = 2

    def answer(self, method, path, query, body, headers):  # type: ignore[no-untyped-def]
        if headers.get("x-api-token") != TOKEN:
            return 401, {}, {"success": False, "error": "unauthorized access", "errorCode": 401}
        if (limited := self.limited()) is not None:
            return limited
        assert method == "GET" and path == "/api/v2/deals", path
        self.asked.append(query)
        deals = sorted(self.deals, key=lambda d: d["update_time"])
        if "updated_since" in query:
            since = query["updated_since"][0]
            deals = [d for d in deals if d["update_time"].replace(" ", "T") + "Z" >= since]
        start = int(query.get("cursor", ["0"])[0])
        page = deals[start : start + self.page_size]
        following = str(start + len(page)) if start + len(page) < len(deals) else None
        return (
            200,
            {},
            {"success": True, "data": page, "additional_data": {"next_cursor": following}},
        )


class Salesforce(Fake):
    """GET /services/data/v59.0/query?q=SOQL, then `nextRecordsUrl` until `done`."""

    page_size = 2

    def answer(self, method, path, query, body, headers):  # type: ignore[no-untyped-def]
        if headers.get("Authorization") != f"Bearer {TOKEN}":
            return (
                401,
                {},
                [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}],
            )
        if (limited := self.limited()) is not None:
            return limited
        if path.startswith("/services/data/v59.0/jobs/query"):
            return self.bulk(method, path, query, body)
        assert method == "GET", method
        if path == "/services/data/v59.0/query/":
            soql = query["q"][0]
            self.asked.append(soql)
            deals = sorted(self.deals, key=lambda d: d["LastModifiedDate"])
            since = re.search(r"LastModifiedDate > (\S+)", soql)
            if since:
                limit = since[1].replace("Z", "+00:00")
                deals = [
                    d
                    for d in deals
                    if datetime.fromisoformat(d["LastModifiedDate"]) > datetime.fromisoformat(limit)
                ]
            self.pending = deals
            start = 0
        else:
            match = re.fullmatch(r"/services/data/v59.0/query/01gNEXT-(\d+)", path)
            assert match, path
            start = int(match[1])
        page = self.pending[start : start + self.page_size]
        done = start + len(page) >= len(self.pending)
        records = [{"attributes": {"type": "Opportunity"}, **d} for d in page]
        out: dict[str, Any] = {"totalSize": len(self.pending), "done": done, "records": records}
        if not done:
            out["nextRecordsUrl"] = f"/services/data/v59.0/query/01gNEXT-{start + len(page)}"
        return 200, {}, out


class _Csv:
    """A body sent as it is (CSV), not as JSON."""

    def __init__(self, text: str):
        self.text = text


def _bulk_page(self: Salesforce, query: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
    start = int(query.get("locator", ["0"])[0])
    rows = self.job_rows[start : start + self.page_size]
    following = start + len(rows)
    header = ["Id", "LastModifiedDate", "CloseDate", "Amount", "Account.Industry", "StageName"]
    lines = [",".join(header)] + [
        ",".join(
            str(v) if v is not None else ""
            for v in (
                r["Id"], r["LastModifiedDate"], r["CloseDate"], r["Amount"],
                (r.get("Account") or {}).get("Industry"), r["StageName"],
            )
        )
        for r in rows
    ]  # fmt: skip
    locator = str(following) if following < len(self.job_rows) else "null"
    headers = {"Sforce-Locator": locator, "Sforce-NumberOfRecords": str(len(rows))}
    return 200, {"Content-Type": "text/csv", **headers}, _Csv("\n".join(lines) + "\n")


def _bulk(self: Salesforce, method, path, query, body):  # type: ignore[no-untyped-def]
    """Bulk API 2.0 query jobs: create (POST), state (GET), results by locator (GET)."""
    if method == "POST":
        self.asked.append(body["query"])
        assert body["operation"] == "query" and "ORDER BY" not in body["query"]
        self.job_rows = sorted(self.deals, key=lambda d: d["LastModifiedDate"])
        return 200, {}, {"id": "750JOB", "state": "UploadComplete", "operation": "query"}
    if path.endswith("/results"):
        return _bulk_page(self, query)
    return 200, {}, {"id": "750JOB", "state": "JobComplete"}


Salesforce.bulk = _bulk  # type: ignore[attr-defined]


@contextmanager
def serving(fake: Fake, tls: ssl.SSLContext | None = None) -> Iterator[Fake]:
    """`fake` answering on 127.0.0.1 (over TLS with `tls`) for the duration of the block."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def _answer(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            status, headers, out = fake.answer(
                self.command, parts.path, parse_qs(parts.query), body, self.headers
            )
            data = out.text.encode() if isinstance(out, _Csv) else json.dumps(out).encode()
            self.send_response(status)
            for key, value in {"Content-Type": "application/json", **headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    scheme = "https" if tls else "http"
    fake.url = f"{scheme}://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
