"""`pacsite pull` against local servers shaped as each CRM's API, through the real clients:
figures computed by hand, incremental pulls, rate limits, refused tokens, no secret anywhere."""

from __future__ import annotations

import json
import ssl
from pathlib import Path

import pytest

from pacsite.cli import main
from pacsite.pipeline import check
from tests.conftest import WriteFiles
from tests.crm_servers import TOKEN, HubSpot, Pipedrive, Salesforce, serving

PLAN = """\
title: Plan hôtellerie
year: 2026
as_of: 2026-06-30
language: fr
kpis:
  - {id: ca, name: Chiffre d'affaires, unit: EUR}
  - {id: signatures, name: Signatures, unit: count}
objectives:
  - {id: o, title: Vendre, kpi: ca, target: 100000, due: 2026-12-31}
segments:
  - {id: hotels, name: Hôtels}
  - {id: restaurants, name: Restaurants}
sources:
"""

HUBSPOT_SOURCE = """\
  - id: hubspot-deals
    crm: hubspot
    kpi: ca
    filter: {dealstage: closedwon}
    segment_field: industry
    values: {Hospitality: hotels, Food & Beverage: restaurants}
"""


def _deal(i: int, closed: str, amount: str, stage: str, industry: str | None, modified: str):
    return {
        "id": str(i),
        "closedate": f"{closed}T10:00:00Z",
        "amount": amount,
        "dealstage": stage,
        "industry": industry,
        "dealname": f"Client {i}",  # never asked, never kept
        "hs_lastmodifieddate": f"{modified}T08:00:00Z",
    }


HUBSPOT_DEALS = [
    _deal(1, "2026-03-02", "1000", "closedwon", "Hospitality", "2026-03-03"),
    _deal(2, "2026-03-20", "2500.5", "closedwon", "Food & Beverage", "2026-03-21"),
    _deal(3, "2026-04-05", "4000", "closedwon", "hospitality", "2026-04-06"),
    _deal(4, "2026-04-10", "9000", "appointmentscheduled", "Hospitality", "2026-04-11"),
    _deal(5, "2026-04-12", "12,5k", "closedwon", "Hospitality", "2026-04-13"),
    _deal(6, "2026-04-15", "300", "closedwon", None, "2026-04-16"),
]


def _pull(root: Path, *extra: str) -> int:
    return main(["pull", str(root / "plans"), *extra])


def _spaces(text: str) -> str:
    return text.replace("\u202f", " ").replace("\u00a0", " ")


@pytest.fixture
def hubspot(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    fake = HubSpot()
    fake.deals = [dict(d) for d in HUBSPOT_DEALS]
    with serving(fake):
        monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
        monkeypatch.setenv("HUBSPOT_API_URL", fake.url)
        yield fake


def test_hubspot_full_then_incremental_then_nothing(
    write_files: WriteFiles, hubspot: HubSpot, capsys: pytest.CaptureFixture[str]
) -> None:
    """Won deals summed per month and segment: March 1 000 (hotels) and 2 500,50
    (restaurants); April 4 000 (hotels) and 300 (no industry: the plan as a whole). Deal 4 is
    not won, deal 5's amount '12,5k' is no number (said, left out). Then deal 1 grows to 1 500
    and deal 3 is lost: March +500, April −4 000; then nothing moves and nothing is written."""
    root = write_files({"plans/hotel/plan.yaml": PLAN + HUBSPOT_SOURCE})
    hubspot.rate_limit_once = True  # the first answer is a 429 with Retry-After: 1
    message = root / "msg.txt"
    assert _pull(root, "--message-file", str(message)) == 0
    out, err = capsys.readouterr()
    results = root / "plans/hotel/results/hubspot-deals.csv"
    assert results.read_text(encoding="utf-8") == (
        "date,kpi,value,segment,axis\n"
        "2026-03,ca,3500.5,,\n"
        "2026-03,ca,1000,hotels,\n"
        "2026-03,ca,2500.5,restaurants,\n"
        "2026-04,ca,4300,,\n"
        "2026-04,ca,4000,hotels,\n"
    )
    assert "6 records read" in out and "record 5: 'amount': '12,5k' is not a number" in err
    first = hubspot.asked[0]
    assert (
        first["filterGroups"] == [] and first["sorts"][0]["propertyName"] == "hs_lastmodifieddate"
    )
    assert set(first["properties"]) == {
        "closedate",
        "amount",
        "industry",
        "dealstage",
        "hs_lastmodifieddate",
    }
    assert len(hubspot.asked) == 3  # pages of two, after one rate-limited answer waited out
    sidecar = json.loads((results.parent / "hubspot-deals.csv.pull.json").read_text("utf-8"))
    assert sidecar["crm"] == "hubspot" and sidecar["cursor"].startswith("2026-04-16T08:00:00")
    assert sidecar["records"]["1"] == ["2026-03-02", 1000.0, "hotels", None]
    assert "Client" not in json.dumps(sidecar) and "4" not in sidecar["records"]
    assert _spaces(message.read_text("utf-8")).startswith(
        "Résultats CRM : Chiffre d'affaires +3 500 € sur mars 2026\n"
    )
    # the plan reads what was pulled: 7 800 € by the end of April
    outcome = check(root / "plans", root=root)
    assert not outcome.errors
    [analysed] = outcome.plans
    kpi = analysed.analysis.kpi_state("ca")
    assert kpi is not None and kpi.cumulative[-1] == pytest.approx(7800.5)

    hubspot.deals[0].update(amount="1500", hs_lastmodifieddate="2026-05-01T08:00:00Z")
    hubspot.deals[2].update(dealstage="closedlost", hs_lastmodifieddate="2026-05-02T08:00:00Z")
    message.unlink()
    asked = len(hubspot.asked)
    assert _pull(root, "--message-file", str(message)) == 0
    since = hubspot.asked[asked]["filterGroups"][0]["filters"][0]
    assert since["operator"] == "GTE" and since["value"] == "1776326400000"  # 2026-04-16 08:00
    assert results.read_text("utf-8").splitlines()[1:] == [
        "2026-03,ca,4000.5,,",
        "2026-03,ca,1500,hotels,",
        "2026-03,ca,2500.5,restaurants,",
        "2026-04,ca,300,,",
    ]
    lines = _spaces(message.read_text("utf-8")).splitlines()
    assert lines[0] == "Résultats CRM : Chiffre d'affaires +500 € sur mars 2026"
    assert lines[2:] == [
        "- Chiffre d'affaires +500 € sur mars 2026",
        "- Chiffre d'affaires −4 000 € sur avril 2026",
    ]

    message.unlink()
    before = {p: p.read_bytes() for p in results.parent.iterdir()}
    assert _pull(root, "--message-file", str(message)) == 0
    assert not message.exists() and {p: p.read_bytes() for p in results.parent.iterdir()} == before
    assert "nothing moved" in capsys.readouterr().out


def test_a_refused_token_fails_visibly_keeps_the_data_and_leaks_no_secret(
    write_files: WriteFiles,
    hubspot: HubSpot,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An expired token (401, the server echoing it back): exit 1, the last data as it was, the
    token in no output and no file."""
    root = write_files({"plans/hotel/plan.yaml": PLAN + HUBSPOT_SOURCE})
    assert _pull(root) == 0
    results = root / "plans/hotel/results"
    before = {p.name: p.read_bytes() for p in results.iterdir()}
    wrong = "pat-eu1-EXPIRED-9876543210"
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", wrong)
    capsys.readouterr()
    assert _pull(root, "--full") == 1
    out, err = capsys.readouterr()
    assert "HUBSPOT_ACCESS_TOKEN" in err and "401" in err
    assert {p.name: p.read_bytes() for p in results.iterdir()} == before
    for secret in (TOKEN, wrong):
        assert secret not in out + err
        for path in root.rglob("*"):
            if path.is_file():
                assert secret.encode() not in path.read_bytes(), path


def test_unknown_crm_values_are_one_located_error_and_nothing_is_written(
    write_files: WriteFiles, hubspot: HubSpot, capsys: pytest.CaptureFixture[str]
) -> None:
    source = HUBSPOT_SOURCE.replace("Food & Beverage: restaurants", "Retail: restaurants")
    root = write_files({"plans/hotel/plan.yaml": PLAN + source})
    assert _pull(root) == 1
    err = capsys.readouterr().err
    assert "records name no segment of the plan in 'industry': 'Food & Beverage' (1)" in err
    assert "values: {'Food & Beverage': <segment>}" in err
    assert not (root / "plans/hotel/results").exists()


def test_pipedrive_pages_by_cursor_and_maps_a_custom_field(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Won deals counted per month: March 2 (one hotel, one restaurant by a custom field),
    April 1 hotel; the open deal is not counted."""
    source = """\
  - id: pipedrive
    crm: pipedrive
    kpi: signatures
    aggregate: count
    filter: {status: won}
    segment_field: a1b2c3
    values: {Hôtel: hotels, Restaurant: restaurants}
"""
    fake = Pipedrive()
    fake.deals = [
        {"id": n, "value": v, "status": s, "won_time": w, "update_time": u,
         "custom_fields": {"a1b2c3": seg}, "title": f"Affaire {n}"}
        for n, v, s, w, u, seg in [
            (1, 100, "won", "2026-03-02 10:00:00", "2026-03-02 10:00:00", "Hôtel"),
            (2, 200, "won", "2026-03-09 10:00:00", "2026-03-09 10:00:00", "restaurant"),
            (3, 300, "open", None, "2026-03-10 10:00:00", "Hôtel"),
            (4, 400, "won", "2026-04-01 10:00:00", "2026-04-01 10:00:00", "Hôtel"),
        ]
    ]  # fmt: skip
    root = write_files({"plans/hotel/plan.yaml": PLAN + source})
    with serving(fake):
        monkeypatch.setenv("PIPEDRIVE_API_TOKEN", TOKEN)
        monkeypatch.setenv("PIPEDRIVE_API_URL", fake.url)
        assert _pull(root) == 0
        assert len(fake.asked) == 2 and fake.asked[1]["cursor"] == ["2"]
        fake.deals[2].update(
            status="won", won_time="2026-04-20 09:00:00", update_time="2026-04-20 09:00:00"
        )
        assert _pull(root) == 0
        assert fake.asked[-1]["updated_since"] == ["2026-04-01T10:00:00Z"]
    assert (root / "plans/hotel/results/pipedrive.csv").read_text("utf-8").splitlines() == [
        "date,kpi,value,segment,axis",
        "2026-03,signatures,2,,",
        "2026-03,signatures,1,hotels,",
        "2026-03,signatures,1,restaurants,",
        "2026-04,signatures,2,,",
        "2026-04,signatures,2,hotels,",
    ]


def test_salesforce_over_tls_with_next_records_and_a_related_field(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """SOQL through simple-salesforce on an HTTPS test server (its CA trusted the documented
    way, REQUESTS_CA_BUNDLE): won opportunities per month and Account.Industry; the full pull
    through the Bulk API 2.0, the incremental one through the REST query API."""
    import trustme

    monkeypatch.setattr("pacsite.pull.connectors.BULK_WAIT", 0)

    source = """\
  - id: salesforce
    crm: salesforce
    kpi: ca
    filter: {StageName: Closed Won}
    segment_field: Account.Industry
    values: {Hospitality: hotels, Food: restaurants}
"""
    ca = trustme.CA()
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1").configure_cert(server_tls)
    bundle = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    fake = Salesforce()
    fake.deals = [
        {"Id": f"006{n}", "Amount": a, "StageName": s, "CloseDate": c,
         "LastModifiedDate": f"{c}T12:00:00.000+0000", "Account": {"Industry": i, "Name": "ACME"}}
        for n, a, s, c, i in [
            (1, 1000.0, "Closed Won", "2026-03-02", "Hospitality"),
            (2, 2000.0, "Closed Won", "2026-03-05", "Food"),
            (3, 5000.0, "Prospecting", "2026-03-06", "Food"),
            (4, 700.0, "Closed Won", "2026-04-01", "Hospitality"),
        ]
    ]  # fmt: skip
    root = write_files({"plans/hotel/plan.yaml": PLAN + source})
    with serving(fake, tls=server_tls):
        monkeypatch.setenv("SALESFORCE_ACCESS_TOKEN", TOKEN)
        monkeypatch.setenv("SALESFORCE_INSTANCE_URL", fake.url)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
        assert _pull(root) == 0
        # in full through the Bulk API 2.0 (two CSV pages by locator), then the REST query
        assert fake.asked[0] == (
            "SELECT Id, LastModifiedDate, CloseDate, Amount, Account.Industry, StageName "
            "FROM Opportunity"
        )
        fake.deals[2].update(
            StageName="Closed Won", LastModifiedDate="2026-04-02T09:00:00.000+0000"
        )
        assert _pull(root) == 0
        assert "WHERE LastModifiedDate > 2026-04-01T12:00:00Z" in fake.asked[-1]
    assert (root / "plans/hotel/results/salesforce.csv").read_text("utf-8").splitlines() == [
        "date,kpi,value,segment,axis",
        "2026-03,ca,8000,,",
        "2026-03,ca,1000,hotels,",
        "2026-03,ca,7000,restaurants,",
        "2026-04,ca,700,,",
        "2026-04,ca,700,hotels,",
    ]


def test_sources_are_checked_with_the_plan(write_files: WriteFiles) -> None:
    """A source's KPI and values are references located in the plan; a source not pulled yet is
    a note, not an error."""
    bad = HUBSPOT_SOURCE.replace("kpi: ca", "kpi: chiffre").replace(
        "Hospitality: hotels", "Hospitality: hotel"
    )
    root = write_files({"plans/hotel/plan.yaml": PLAN + bad})
    errors = check(root / "plans", root=root).errors
    assert [(e.code, e.path) for e in errors] == [
        ("PAC003", "sources[0].kpi"),
        ("PAC003", "sources[0].values.Hospitality"),
    ]
    assert errors[0].position.line == 16
    root = write_files({"plans/ok/plan.yaml": PLAN + HUBSPOT_SOURCE})
    outcome = check(root / "plans", root=root)
    assert any("pacsite pull" in n.message for n in outcome.notes)


def test_a_failing_pull_is_recorded_and_the_site_says_since_when(
    write_files: WriteFiles,
    hubspot: HubSpot,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The scheduled job (`--record-failures`): a refused token keeps the figures, writes the
    day the pull began to fail in the sidecar (with a commit message saying so, once), and the
    plan's data is stale from then: a PAC111 finding at the source and the banner's sentence.
    When the token works again, the sidecar says so and the source is fresh."""
    import datetime as dt

    from pacsite.render import Formatter
    from pacsite.render.describe import describe_stale

    root = write_files({"plans/hotel/plan.yaml": PLAN + HUBSPOT_SOURCE})
    message = root / "msg.txt"
    assert _pull(root) == 0
    results = root / "plans/hotel/results/hubspot-deals.csv"
    sidecar = results.with_name("hubspot-deals.csv.pull.json")
    figures = results.read_bytes()
    pulled_on = json.loads(sidecar.read_text("utf-8"))["pulled_at"][:10]
    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", "pat-eu1-EXPIRED")
    assert _pull(root, "--record-failures", "--message-file", str(message)) == 1
    state = json.loads(sidecar.read_text("utf-8"))
    today = dt.datetime.now(dt.UTC).date()
    assert state["failed_since"] == today.isoformat() and results.read_bytes() == figures
    assert _spaces(message.read_text("utf-8")).splitlines()[0] == (
        "Résultats CRM : hubspot-deals : la récupération échoue, les chiffres restent ceux d’avant"
    )
    message.unlink()
    assert _pull(root, "--record-failures", "--message-file", str(message)) == 1
    assert not message.exists()  # still failing: nothing new to commit
    outcome = check(root / "plans", root=root)
    [finding] = [w for w in outcome.warnings if w.path == "sources[0]"]
    assert finding.code == "PAC111" and finding.position.line == 14  # `- id: hubspot-deals`
    [item] = [s for s in outcome.plans[0].analysis.stale if s.kind == "source"]
    assert (item.since.isoformat(), item.due) == (pulled_on, today)
    text = _spaces(describe_stale(item, outcome.plans[0].analysis, Formatter("fr")))
    assert text.startswith("source CRM hubspot-deals : la récupération échoue depuis le ")

    monkeypatch.setenv("HUBSPOT_ACCESS_TOKEN", TOKEN)
    capsys.readouterr()
    assert _pull(root, "--record-failures", "--message-file", str(message)) == 0
    assert "failed_since" not in json.loads(sidecar.read_text("utf-8"))
    assert "hubspot-deals : récupérée à nouveau" in _spaces(message.read_text("utf-8"))
    assert not [
        s for s in check(root / "plans", root=root).plans[0].analysis.stale if s.kind == "source"
    ]


@pytest.mark.parametrize("crm", ["pipedrive", "salesforce"])
def test_each_connector_waits_out_a_rate_limit_and_names_a_refused_token(
    crm: str,
    write_files: WriteFiles,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """Pipedrive and Salesforce too: a 429 with Retry-After is waited out (the pull succeeds);
    a refused token is one line naming the variable to check, and the token is nowhere."""
    import trustme

    monkeypatch.setattr("pacsite.pull.connectors.BULK_WAIT", 0)
    kpi = "signatures" if crm == "pipedrive" else "ca"
    source = f"  - {{id: {crm}, crm: {crm}, kpi: {kpi}}}\n"
    root = write_files({"plans/hotel/plan.yaml": PLAN + source})
    tls = None
    if crm == "pipedrive":
        fake: Pipedrive | Salesforce = Pipedrive()
        fake.deals = [
            {
                "id": 1,
                "value": 5,
                "won_time": "2026-03-02 10:00:00",
                "update_time": "2026-03-02 10:00:00",
            }
        ]
        token_var, url_var = "PIPEDRIVE_API_TOKEN", "PIPEDRIVE_API_URL"
    else:
        fake = Salesforce()
        fake.deals = [
            {
                "Id": "0061",
                "Amount": 5.0,
                "StageName": "Closed Won",
                "CloseDate": "2026-03-02",
                "LastModifiedDate": "2026-03-02T12:00:00.000+0000",
            }
        ]
        token_var, url_var = "SALESFORCE_ACCESS_TOKEN", "SALESFORCE_INSTANCE_URL"
        ca = trustme.CA()
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("127.0.0.1").configure_cert(tls)
        ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(tmp_path / "ca.pem"))
    fake.rate_limit_once = True
    with serving(fake, tls=tls):
        monkeypatch.setenv(token_var, TOKEN)
        monkeypatch.setenv(url_var, fake.url)
        assert _pull(root) == 0
        assert not fake.rate_limit_once  # the 429 was answered, then waited out
        assert (root / f"plans/hotel/results/{crm}.csv").read_text("utf-8").splitlines()[
            1
        ] == f"2026-03,{kpi},5,,"
        monkeypatch.setenv(token_var, "expired-token-XYZ")
        capsys.readouterr()
        assert _pull(root, "--full") == 1
    out, err = capsys.readouterr()
    assert f"check {token_var}" in err and "401" in err
    assert "expired-token-XYZ" not in out + err and TOKEN not in out + err
