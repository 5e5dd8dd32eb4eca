"""Results files: long format, real-world CSV encodings and separators, mapped CRM exports."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pacsite.load import Code, Diagnostic
from pacsite.model import Measure
from pacsite.pipeline import check as load_plans
from tests.conftest import DONE_PLAN, MINIMAL_PLAN, WriteFiles

CLEAN = (
    "date,kpi,value,segment,axis,note\n"
    "2025-01-31,chiffre-affaires,356000,particuliers,,salon : 3 ventes\n"
    "2025-02,chiffre-affaires,1234.5,particuliers,,\n"
    "2025-Q2,ventes,12,,,\n"
    "2025-W18,ventes,3,particuliers,reprise,semaine 18\n"
)


def _measures(root: Path) -> tuple[list[Measure], list[Diagnostic]]:
    result = load_plans(root / "plans", root=root)
    measures = [m for p in result.loaded for m in p.measures]
    return measures, result.errors


def _values(measures: list[Measure]) -> list[tuple[object, ...]]:
    return sorted((m.period, m.kpi, m.value, m.segment, m.axis, m.note) for m in measures)


def test_long_format(write_files: WriteFiles) -> None:
    measures, errors = _measures(
        write_files({"plans/demo/plan.yaml": MINIMAL_PLAN, "plans/demo/results/r.csv": CLEAN})
    )
    assert errors == []
    assert [(m.period.label, m.kpi, m.value) for m in measures] == [
        ("2025-01-31", "chiffre-affaires", 356000),
        ("2025-02", "chiffre-affaires", 1234.5),
        ("2025-Q2", "ventes", 12),
        ("2025-W18", "ventes", 3),
    ]
    assert measures[0].note == "salon : 3 ventes" and measures[3].axis == "reprise"
    assert (measures[1].position.file, measures[1].position.line) == ("plans/demo/results/r.csv", 3)


@pytest.mark.parametrize(
    "encoded",
    [
        ("\ufeff" + CLEAN).encode("utf-8"),  # Excel "CSV UTF-8": with BOM
        CLEAN.replace("\n", "\r\n").encode("utf-8"),  # CRLF
        # Excel in French: `;`, decimal comma, Windows-1252, thousands with (narrow) no-break spaces
        (
            "Date;KPI;Valeur;Segment;Axe;Commentaire\r\n"
            "31/01/2025;chiffre-affaires;356\u00a0000;particuliers;;salon : 3 ventes\r\n"
            "\r\n"
            "2025-02;chiffre-affaires;1\u00a0234,50;particuliers;;\r\n"
            "2025-T2;ventes;12;;;\r\n"
            "2025-W18;ventes;3;particuliers;reprise;semaine 18\r\n"
        ).encode("cp1252"),
        (
            "date;kpi;value;segment;axis;note\n"
            '2025-01-31;chiffre-affaires;"356\u202f000,00";particuliers;;"salon : 3 ventes"\n'
            "2025-02;chiffre-affaires;1.234,50;particuliers;;\n"
            "2025-Q2;ventes;12;;;\n\n\n"
            "2025-W18;ventes;3;particuliers;reprise;semaine 18\n"
        ).encode("utf-8"),
        ("\ufeff" + CLEAN.replace(",", "\t")).encode("utf-16"),  # Excel "Unicode text"
    ],
    ids=["bom", "crlf", "cp1252-semicolon-decimal-comma", "nnbsp-thousands", "utf16-tabs"],
)
def test_real_world_csv_loads_to_the_same_numbers(write_files: WriteFiles, encoded: bytes) -> None:
    clean, errors = _measures(
        write_files({"plans/a/plan.yaml": MINIMAL_PLAN, "plans/a/results/r.csv": CLEAN})
    )
    assert errors == []
    other, errors = _measures(
        write_files({"plans/b/plan.yaml": MINIMAL_PLAN, "plans/b/results/r.csv": encoded})
    )
    assert errors == []
    mine = [m for m in other if "plans/b/" in m.position.file]
    assert _values(mine) == _values([m for m in clean if "plans/a/" in m.position.file])


def test_cp1252_accents_are_read_right(write_files: WriteFiles) -> None:
    text = "date;kpi;value;segment;axis;note\r\n2025-01;ventes;3;;;délais été\r\n"
    measures, errors = _measures(
        write_files(
            {
                "plans/demo/plan.yaml": MINIMAL_PLAN,
                "plans/demo/results/r.csv": text.encode("cp1252"),
            }
        )
    )
    assert errors == [] and measures[0].note == "délais été"


def test_yaml_results(write_files: WriteFiles) -> None:
    root = write_files(
        {
            "plans/demo/plan.yaml": MINIMAL_PLAN,
            "plans/demo/results/s.yaml": "- {date: 2025-01, kpi: ventes, value: 4}\n- {date: 2025-02-28, kpi: ventes, value: '1 200', segment: particuliers}\n",
        }
    )
    measures, errors = _measures(root)
    assert errors == []
    assert [(m.period.label, m.value, m.segment) for m in measures] == [
        ("2025-01", 4, None),
        ("2025-02-28", 1200, "particuliers"),
    ]


@pytest.mark.parametrize(
    ("row", "line", "column"),
    [
        ("2025-03-31,ventes,douze mille,,,", 3, "value"),
        ("2025-03-31,vente,12,,,", 3, "kpi"),
        ("2025-03-31,ventes,12,particulier,,", 3, "segment"),
        ("2025-02-30,ventes,12,,,", 3, "date"),
        ("2025-03-31,ventes,12,,repris,", 3, "axis"),
    ],
)
def test_unreadable_rows_are_located_errors(
    write_files: WriteFiles, row: str, line: int, column: str
) -> None:
    text = "date,kpi,value,segment,axis,note\n2025-01-31,ventes,3,,,\n" + row + "\n"
    _, errors = _measures(
        write_files({"plans/demo/plan.yaml": MINIMAL_PLAN, "plans/demo/results/r.csv": text})
    )
    assert [(e.code, e.position.file, e.position.line) for e in errors] == [
        (Code.RESULTS, "plans/demo/results/r.csv", line)
    ]
    assert errors[0].message.startswith(f"colonne « {column} »\u202f: ")  # a French plan


def test_line_numbers_count_multiline_quoted_fields(write_files: WriteFiles) -> None:
    text = 'date,kpi,value,segment,axis,note\n2025-01-31,ventes,3,,,"a note\non two, lines"\n2025-02-28,ventes,x,,,\n'
    _, errors = _measures(
        write_files({"plans/demo/plan.yaml": MINIMAL_PLAN, "plans/demo/results/r.csv": text})
    )
    assert [e.position.line for e in errors] == [4]


def test_missing_columns(write_files: WriteFiles) -> None:
    _, errors = _measures(
        write_files(
            {
                "plans/demo/plan.yaml": MINIMAL_PLAN,
                "plans/demo/results/r.csv": "when,what\n2025-01,3\n",
            }
        )
    )
    assert [(e.code, e.position.line) for e in errors] == [(Code.RESULTS, 1)]


def test_binary_file_where_csv_expected(write_files: WriteFiles) -> None:
    _, errors = _measures(
        write_files(
            {
                "plans/demo/plan.yaml": MINIMAL_PLAN,
                "plans/demo/results/r.csv": b"PK\x03\x04\x00\x00\x08\x00",
            }
        )
    )
    assert [e.code for e in errors] == [Code.LIMIT]


HUBSPOT = (
    "Record ID,Deal Name,Deal Stage,Close Date,Amount,Pipeline,Deal owner\r\n"
    "101,Atlas — annual,Closed Won,2025-01-14 10:32,12000.00,Particuliers,Julie Martin\r\n"
    '102,"Brightline, expansion",Closed Won,2025-01-29 17:05,8500.50,Particuliers,Julie Martin\r\n'
    "103,Cobalt,Closed Lost,2025-01-30 09:00,99999,Particuliers,Julie Martin\r\n"
    "104,Delta,Contract Sent,2025-02-03 09:00,5000,Particuliers,Julie Martin\r\n"
    "105,Evergreen,closed won,2025-02-11 11:11,4000,particuliers,Julie Martin\r\n"
    "106,Fjord,Closed Won,2025-02-11 15:40,1500,Particuliers,Julie Martin\r\n"
    "107,Granite,Closed Won,2025-03-02 08:00,20000,Particuliers,Julie Martin\r\n"
)

MAPPED = """\
results:
  - file: results/hubspot-deals.csv
    kpi: chiffre-affaires
    date_column: Close Date
    value_column: Amount
    aggregate: sum
    filter: {Deal Stage: Closed Won}
    segment_column: Pipeline
  - file: results/hubspot-deals.csv
    kpi: ventes
    date_column: Close Date
    aggregate: count
    filter: {Deal Stage: [Closed Won]}
"""


def test_hubspot_closed_won_sum_per_month(write_files: WriteFiles) -> None:
    from pacsite.analysis import series

    root = write_files(
        {
            "plans/demo/plan.yaml": MINIMAL_PLAN + MAPPED,
            "plans/demo/results/hubspot-deals.csv": HUBSPOT,
        }
    )
    result = load_plans(root / "plans", root=root)
    assert result.errors == []
    [loaded] = result.loaded
    plan = loaded.plan
    revenue = series(loaded.measures, plan.kpi("chiffre-affaires"))  # type: ignore[arg-type]
    assert [(p.period.label, p.value) for p in revenue] == [
        ("2025-01", 20500.5),
        ("2025-02", 5500),
        ("2025-03", 20000),
    ]
    counts = series(loaded.measures, plan.kpi("ventes"))  # type: ignore[arg-type]
    assert [(p.period.label, p.value) for p in counts] == [
        ("2025-01", 2),
        ("2025-02", 2),
        ("2025-03", 1),
    ]
    assert {m.segment for m in loaded.measures if m.kpi == "chiffre-affaires"} == {"particuliers"}


def test_pipedrive_export_with_semicolons(write_files: WriteFiles) -> None:
    pipedrive = (
        "Deal - Title;Deal - Value;Deal - Currency;Deal - Status;Deal - Won time;Deal - Owner\n"
        "Atlas;12 000,00;EUR;won;2025-03-14 10:22:00;Julie\n"
        "Brightline;3 500,00;EUR;lost;2025-03-15 10:22:00;Julie\n"
        "Cobalt;2 250,50;EUR;won;2025-04-01 09:00:00;Julie\n"
    )
    mapping = (
        "results:\n  - {file: results/pipedrive.csv, kpi: chiffre-affaires, date_column: Deal - Won time,"
        " value_column: Deal - Value, filter: {Deal - Status: won}}\n"
    )
    root = write_files(
        {
            "plans/demo/plan.yaml": MINIMAL_PLAN + mapping,
            "plans/demo/results/pipedrive.csv": pipedrive,
        }
    )
    measures, errors = _measures(root)
    assert errors == []
    assert sorted((m.period.first, m.value) for m in measures) == [
        (date(2025, 3, 14), 12000),
        (date(2025, 4, 1), 2250.5),
    ]


def test_salesforce_us_dates_with_a_format(write_files: WriteFiles) -> None:
    salesforce = 'Opportunity Name,Stage,Close Date,Amount\nAcme,Closed Won,3/14/2025,"$1,200.00"\nBeta,Closed Won,12/1/2025,800\n'
    mapping = (
        "results:\n  - {file: results/sf.csv, kpi: chiffre-affaires, date_column: Close Date, value_column: Amount,"
        " date_format: '%m/%d/%Y', filter: {Stage: Closed Won}}\n"
    )
    root = write_files(
        {"plans/demo/plan.yaml": MINIMAL_PLAN + mapping, "plans/demo/results/sf.csv": salesforce}
    )
    measures, errors = _measures(root)
    assert errors == []
    assert sorted((m.period.first, m.value) for m in measures) == [
        (date(2025, 3, 14), 1200),
        (date(2025, 12, 1), 800),
    ]


def test_mapped_export_errors(write_files: WriteFiles) -> None:
    bad = (
        HUBSPOT
        + "108,Harbor,Closed Won,2025-03-05 08:00,douze mille,Particuliers,Julie\r\n109,Ionic,Closed Won,2025-03-06 08:00,10,Entreprises,Julie\r\n"
    )
    root = write_files(
        {"plans/demo/plan.yaml": MINIMAL_PLAN + MAPPED, "plans/demo/results/hubspot-deals.csv": bad}
    )
    _, errors = _measures(root)
    assert [(e.code, e.position.line) for e in errors] == [(Code.RESULTS, 9), (Code.RESULTS, 10)]
    assert "« Amount »" in errors[0].message and "« Pipeline »" in errors[1].message


def test_mapped_export_unknown_column_and_missing_file(write_files: WriteFiles) -> None:
    mapping = MAPPED.replace(
        "date_column: Close Date\n    value_column", "date_column: Closing Date\n    value_column"
    )
    mapping += "  - {file: results/absent.csv, kpi: ventes, date_column: d}\n"
    root = write_files(
        {
            "plans/demo/plan.yaml": MINIMAL_PLAN + mapping,
            "plans/demo/results/hubspot-deals.csv": HUBSPOT,
        }
    )
    _, errors = _measures(root)
    assert sorted((e.code, e.position.file, e.position.line) for e in errors) == sorted(
        [
            (Code.RESULTS, "plans/demo/results/hubspot-deals.csv", 1),
            (Code.REFERENCE, "plans/demo/plan.yaml", 37),
        ]
    )


def test_a_mapped_export_with_an_axis_column_and_no_segment_column(
    write_files: WriteFiles,
) -> None:
    """The axis implies its segment; the row keeps its place in the file (was a KeyError)."""
    mapped = (
        "results:\n"
        "  - file: results/crm.csv\n"
        "    kpi: chiffre-affaires\n"
        "    date_column: Date\n"
        "    value_column: Montant\n"
        "    axis_column: Axe\n"
    )
    crm = "Date,Montant,Axe\n2025-01-10,1000,reprise\n2025-01-20,500,reprise\n2025-02-03,700,\n"
    root = write_files(
        {"plans/demo/plan.yaml": MINIMAL_PLAN + mapped, "plans/demo/results/crm.csv": crm}
    )
    result = load_plans(root / "plans", root=root)
    assert result.errors == []
    [loaded] = result.loaded
    rows = sorted(
        (m.period.label, m.value, m.segment, m.axis, m.position.line) for m in loaded.measures
    )
    assert rows == [
        ("2025-01-10", 1000.0, "particuliers", "reprise", 2),
        ("2025-01-20", 500.0, "particuliers", "reprise", 3),
        ("2025-02-03", 700.0, None, None, 4),
    ]


@pytest.mark.parametrize("cell", ["", "#N/A", "#DIV/0!", "#VALEUR!", "#n/d", " #REF! "])
def test_an_empty_or_error_cell_is_a_warning_and_the_build_goes_on(
    write_files: WriteFiles, cell: str
) -> None:
    text = f"date,kpi,value\n2025-01-31,ventes,3\n2025-02-28,ventes,{cell}\n2025-03-31,ventes,5\n"
    root = write_files({"plans/demo/plan.yaml": DONE_PLAN, "plans/demo/results/r.csv": text})
    result = load_plans(root / "plans", root=root)
    assert result.errors == []
    [warning] = result.warnings
    assert (warning.code, warning.position.file, warning.position.line) == (
        "PAC008",
        "plans/demo/results/r.csv",
        3,
    )
    assert "la ligne est laissée de côté" in warning.message  # a French plan
    [loaded] = result.loaded
    assert [m.value for m in loaded.measures] == [3, 5]


def test_an_error_cell_in_a_mapped_export_is_skipped_and_strict_fails(
    write_files: WriteFiles, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pacsite.cli import main

    root = write_files(
        {
            "plans/demo/plan.yaml": DONE_PLAN + MAPPED,
            "plans/demo/results/hubspot-deals.csv": HUBSPOT.replace("8500.50", "#DIV/0!", 1),
        }
    )
    result = load_plans(root / "plans", root=root)
    assert result.errors == [] and [w.code for w in result.warnings] == ["PAC008"]
    assert result.warnings[0].position.line == 3  # the row of deal 102
    monkeypatch.chdir(root)
    assert main(["validate"]) == 0
    assert main(["validate", "--strict"]) == 1


def test_a_long_format_file_stops_after_fifty_errors(write_files: WriteFiles) -> None:
    """Sixty unreadable rows: fifty errors at their lines, then one at the file saying it
    stopped reading."""
    long = "date,kpi,value\n" + "".join(
        f"2025-01-{1 + i % 28:02d},ventes,x{i}\n" for i in range(60)
    )
    root = write_files({"plans/demo/plan.yaml": MINIMAL_PLAN, "plans/demo/results/r.csv": long})
    _, errors = _measures(root)
    [stop] = [e for e in errors if not e.position.line]  # at the file: sorted first
    assert "50" in stop.message and len(errors) == 51
    assert sorted(e.position.line for e in errors if e is not stop) == list(range(2, 52))
