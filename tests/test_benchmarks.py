"""The benchmark stays runnable: a tiny run gives every figure, a table and a chart."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TASKS = {
    "extract",
    "update (nothing changed)",
    "update (5% changed)",
    "update (5% changed, fresh checkout)",
    "status",
    "check",
    "build (cold)",
    "build (no change)",
    "build (one paragraph)",
    "build (one translation)",
    "build (one interface string)",
}


def test_a_small_benchmark_run_measures_every_task(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--sizes", "12", "--repeat", "1",
         "--work", str(tmp_path / "work"), "--json", str(tmp_path / "results.json"),
         "--chart", str(tmp_path / "chart.svg")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads((tmp_path / "results.json").read_text())
    ours = {row["task"] for row in data["results"] if row["tool"] == "i18n-news"}
    assert ours == TASKS
    assert all(row["seconds"] > 0 and row["mb"] > 0 for row in data["results"])
    assert "| 12 | i18n-news | build (cold) |" in result.stdout
    assert "update (5% changed) / msgmerge loop" in result.stdout
    assert "update (5% changed, fresh checkout) / msgmerge loop" in result.stdout
    chart = ET.parse(tmp_path / "chart.svg").getroot()
    assert len(chart.findall("{http://www.w3.org/2000/svg}polyline")) >= 5


def test_the_growth_benchmark_gives_a_row_per_size_and_task(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "benchmarks/scale.py", "--quick", "--only", "paragraphs",
         "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = [line.split("|") for line in result.stdout.splitlines() if line.startswith("| 1")]
    tasks = {row[2].strip() for row in rows}
    assert {"extract", "update", "status", "build"} <= tasks
    for task in tasks:
        sizes = [row[1].strip() for row in rows if row[2].strip() == task]
        assert sizes == ["100", "1,000"], (task, sizes)
    assert all(float(row[3]) > 0 and int(row[4]) > 0 for row in rows)
