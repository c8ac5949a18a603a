#!/usr/bin/env python3
"""Runs scripts/warehouse/views.sql on a real engine over `baton export --all` of several
repositories and checks its figures equal baton's own report over the same repositories.

    scripts/warehouse/test.py --baton .build/debug/baton [--engine duckdb|spark]
        [--config FILE] [-- BATON_WINDOW_FLAGS...] REPOSITORY...

DuckDB comes from PyPI (`pip install duckdb`, done here when it is missing); Spark from
`pip install pyspark` (needs Java). Exit 0 when every figure agrees, 1 when one does not,
77 when the engine cannot be installed (the caller reports a skip).

What "agrees" means: counts (changes, deployments, failures, queue sizes) are equal; a
percentile of hours is within 0.005 of baton's, because the export writes each change's
hours with two decimals and baton's own figure is taken from seconds (linear
interpolation between values each off by at most 0.005 stays within 0.005; a value
exactly half a hundredth off is met on real data, so the comparison allows 1e-9 of
floating point above it). The SQL's
percentiles are also checked against numpy's linear method on the exported values
themselves, where they must agree to 1e-9.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TABLES = ["changes", "weekly", "authors", "deployments", "queue"]


def ensure(module, package):
    try:
        return __import__(module)
    except ImportError:
        pass
    print(f"warehouse test: installing {package} from PyPI", file=sys.stderr)
    result = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", package],
        capture_output=True, text=True)
    if result.returncode != 0:
        print(f"SKIP: cannot install {package} with pip: {result.stderr.strip()[-400:]}", file=sys.stderr)
        sys.exit(77)
    return __import__(module)


def statements():
    with open(os.path.join(HERE, "views.sql"), encoding="utf-8") as file:
        text = "\n".join(line for line in file.read().splitlines() if not line.lstrip().startswith("--"))
    return [part.strip() for part in text.split(";") if part.strip()]


def linear_percentile(values, p):
    """numpy's default (linear) percentile."""
    values = sorted(values)
    if not values:
        return None
    rank = p * (len(values) - 1)
    low = int(rank // 1)
    high = min(low + 1, len(values) - 1)
    return values[low] + (rank - low) * (values[high] - values[low])


class DuckDB:
    name = "DuckDB"

    def __init__(self, folder):
        duckdb = ensure("duckdb", "duckdb")
        self.name = f"DuckDB {duckdb.__version__}"
        self.connection = duckdb.connect()
        for table in TABLES:
            # Every column as text, the repo column from the file, not from the path.
            self.connection.execute(
                f"CREATE TABLE {table} AS SELECT * FROM read_csv('{folder}/{table}/*/{table}.csv', "
                "header = true, all_varchar = true, hive_partitioning = false, union_by_name = true)")
        for statement in statements():
            self.connection.execute(statement)

    def rows(self, query):
        cursor = self.connection.execute(query)
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


class Spark:
    name = "Spark"

    def __init__(self, folder):
        ensure("pyspark", "pyspark")
        from pyspark.sql import SparkSession
        import pyspark

        warehouse = tempfile.mkdtemp(prefix="baton-spark-")
        self.session = (
            SparkSession.builder.master("local[2]").appName("baton warehouse test")
            .config("spark.sql.warehouse.dir", warehouse).config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC").getOrCreate())
        self.session.sparkContext.setLogLevel("ERROR")
        self.name = f"Spark {pyspark.__version__} (local[2])"
        for table in TABLES:
            # A table over the partition files; every column is text (no inferSchema). RFC 4180
            # doubles a quote inside a quoted cell: Spark's default escape is a backslash,
            # which misreads a title ending in one, so say so.
            self.session.sql(f"DROP TABLE IF EXISTS {table}")
            self.session.sql(
                f"CREATE TABLE {table} USING csv OPTIONS (path '{folder}/{table}/*/{table}.csv', header 'true', "
                "escape '\"', multiLine 'true')")
        for statement in statements():
            self.session.sql(statement)

    def rows(self, query):
        return [row.asDict() for row in self.session.sql(query).collect()]


def baton(binary, arguments):
    result = subprocess.run([binary] + arguments, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"baton {' '.join(arguments)} exited {result.returncode}: {result.stderr}")
    return result.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baton", required=True)
    parser.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    parser.add_argument("--config")
    parser.add_argument("--window", default="", help="baton's window flags, one string (--as-of ... --since ...)")
    parser.add_argument("--keep", help="export into this folder and keep it")
    parser.add_argument("repositories", nargs="+")
    options = parser.parse_args()
    window = options.window.split()
    config = ["--config", options.config] if options.config else []
    folder = options.keep or tempfile.mkdtemp(prefix="baton-warehouse-")
    baton(options.baton, ["export", *options.repositories, "--all", "--output-dir", folder, *window, *config])
    report = json.loads(baton(options.baton, ["report", *options.repositories, "--format", "json", *window, *config]))
    by_team = json.loads(baton(options.baton, ["report", *options.repositories, "--format", "json", "--by", "team", *window, *config]))

    engine = DuckDB(folder) if options.engine == "duckdb" else Spark(folder)
    problems = []
    checked = 0

    def same(label, sql, expected, tolerance=0.0):
        nonlocal checked
        checked += 1
        if expected is None or sql is None:
            ok = expected is None and sql is None
        else:
            ok = abs(float(sql) - float(expected)) <= tolerance
        if not ok:
            problems.append(f"{label}: SQL {sql}, baton {expected}")

    percentiles = {
        (row["figure"], row["repo"], row["team"]): row for row in engine.rows("SELECT * FROM time_percentiles")
    }

    def stat(label, key, expected):
        row = percentiles.get(key)
        same(f"{label} n", row["n"] if row else 0, expected["n"])
        for p in ["p50", "p85", "p95"]:
            # Half a hundredth, and a little for the floating point of the comparison itself.
            same(f"{label} {p}", row[p] if row else None, expected.get(p), 0.005 + 1e-9 * max(1.0, abs(expected.get(p) or 0)))

    union = report["union"]
    for figure, field in [("cycle", "cycleHours"), ("coding", "codingHours"), ("review_wait", "reviewWaitHours"), ("lead", "leadHours")]:
        stat(f"union {figure}", (figure, "(all)", "(all)"), union[field])
        for line in report["repositories"]:
            if field in line:
                stat(f"{line['repo']} {figure}", (figure, line["repo"], "(all)"), line[field])
    for group in by_team["union"]["groups"]:
        stat(f"team {group['name']} cycle", ("cycle", "(all)", group["name"]), group["cycleHours"])
        stat(f"team {group['name']} review_wait", ("review_wait", "(all)", group["name"]), group["reviewWaitHours"])

    # The SQL's interpolation is numpy's, exactly, on the values it read.
    hours = {}
    for row in engine.rows("SELECT figure, repo, team, hours FROM change_hours"):
        for key in [(row["figure"], row["repo"], row["team"]), (row["figure"], "(all)", "(all)")]:
            hours.setdefault(key, []).append(row["hours"])
    for key, values in hours.items():
        for p, column in [(0.5, "p50"), (0.85, "p85"), (0.95, "p95")]:
            same(f"numpy {key} {column}", percentiles[key][column], linear_percentile(values, p), 1e-9)

    weekly = {str(row["week_start"]): row["changes_merged"] for row in engine.rows(
        "SELECT week_start, changes_merged FROM weekly_throughput WHERE repo = '(all)' AND team = '(all)'")}
    deploys = {str(row["week_start"]): row["deployments"] for row in engine.rows(
        "SELECT week_start, deployments FROM weekly_deployments WHERE repo = '(all)'")}
    queue = {str(row["day"]): row["review_queue"] for row in engine.rows(
        "SELECT day, review_queue FROM daily_review_queue WHERE repo = '(all)'")}
    days = sorted(queue)
    for week in union["weeks"]:
        start = week["weekStart"]
        same(f"week {start} changes merged", weekly.get(start, 0), week["changesMerged"])
        same(f"week {start} deployments", deploys.get(start, 0), week["deployments"])
        # The queue at the end of the week: its last day in the window.
        inside = [day for day in days if start <= day < next_week(start)]
        same(f"week {start} review queue at its end", queue[inside[-1]] if inside else 0, week["reviewQueueEnd"])
    summary = {row["repo"]: row for row in engine.rows("SELECT * FROM deployment_summary")}
    total = summary.get("(all)", {"deployments": 0, "failed_deployments": 0, "change_failure_rate": None})
    same("deployments", total["deployments"], union["deployments"])
    same("failed deployments", total["failed_deployments"], union["failedDeployments"])
    same("change failure rate", total["change_failure_rate"], union.get("changeFailureRate"), 1e-9)

    if problems:
        print(f"{engine.name}: {len(problems)} of {checked} figures differ from baton's report:")
        for problem in problems:
            print("  " + problem)
        return 1
    print(f"{engine.name}: all {checked} figures of scripts/warehouse/views.sql agree with baton's report "
          f"over {len(options.repositories)} repositories")
    return 0


def next_week(day):
    from datetime import date, timedelta
    return (date.fromisoformat(day) + timedelta(days=7)).isoformat()


if __name__ == "__main__":
    sys.exit(main())
