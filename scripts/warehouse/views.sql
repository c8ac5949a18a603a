-- baton's organisation figures as SQL views over `baton export --all` of several
-- repositories (docs/figures.md sections 10 and 12), in the SQL that DuckDB, Spark SQL
-- and Trino share.
--
-- The views read five tables, `changes`, `weekly`, `authors`, `deployments` and `queue`,
-- each with the export's columns AS TEXT (CSV's own type: what DuckDB's
-- read_csv(all_varchar = true), Spark's CSV reader and Trino's Hive CSV tables give), the
-- `repo` column last. Weeks start on Monday in UTC: export with the default --tz.
--
-- Percentiles: numpy's linear interpolation between closest ranks, as baton computes
-- them, written with ROW_NUMBER and COUNT windows rather than each engine's function:
-- DuckDB's quantile_cont and Spark's percentile interpolate the same way, but Trino has
-- only approx_percentile, which is approximate; the window form gives all three the same
-- exact figure. `repo` or `team` '(all)' is the figure over every repository or team:
-- over the union of their changes, never an average of their percentiles.

-- Timed changes (not imports, timing source not `none`) with each time figure in hours,
-- one row per change and figure; team '(no team)' when no team's pattern matched.
CREATE OR REPLACE VIEW change_hours AS
WITH timed AS (
  SELECT repo, COALESCE(NULLIF(team, ''), '(no team)') AS team, coding_hours, review_wait_hours, cycle_hours,
    lead_hours
  FROM changes
  WHERE timing_source <> 'none' AND import = 'false'
)
SELECT repo, team, 'cycle' AS figure, CAST(cycle_hours AS DOUBLE) AS hours FROM timed WHERE cycle_hours <> ''
UNION ALL
SELECT repo, team, 'coding' AS figure, CAST(coding_hours AS DOUBLE) AS hours FROM timed WHERE coding_hours <> ''
UNION ALL
SELECT repo, team, 'review_wait' AS figure, CAST(review_wait_hours AS DOUBLE) AS hours FROM timed
WHERE review_wait_hours <> ''
UNION ALL
SELECT repo, team, 'lead' AS figure, CAST(lead_hours AS DOUBLE) AS hours FROM timed WHERE lead_hours <> '';

-- p50, p85 and p95 of each figure per repository and team, per repository, per team
-- across repositories, and over everything.
CREATE OR REPLACE VIEW time_percentiles AS
WITH scoped AS (
  SELECT figure, repo, team, hours FROM change_hours
  UNION ALL
  SELECT figure, repo, '(all)' AS team, hours FROM change_hours
  UNION ALL
  SELECT figure, '(all)' AS repo, team, hours FROM change_hours
  UNION ALL
  SELECT figure, '(all)' AS repo, '(all)' AS team, hours FROM change_hours
),
ranked AS (
  SELECT figure, repo, team, hours,
    ROW_NUMBER() OVER (PARTITION BY figure, repo, team ORDER BY hours) - 1 AS i,
    COUNT(*) OVER (PARTITION BY figure, repo, team) AS n
  FROM scoped
),
bounds AS (
  -- For each percentile p, the values at ranks floor(p * (n - 1)) and ceil(p * (n - 1)).
  SELECT figure, repo, team, MAX(n) AS n,
    MAX(CASE WHEN i = FLOOR(0.50 * (n - 1)) THEN hours END) AS low50,
    MAX(CASE WHEN i = CEIL(0.50 * (n - 1)) THEN hours END) AS high50,
    MAX(CASE WHEN i = FLOOR(0.85 * (n - 1)) THEN hours END) AS low85,
    MAX(CASE WHEN i = CEIL(0.85 * (n - 1)) THEN hours END) AS high85,
    MAX(CASE WHEN i = FLOOR(0.95 * (n - 1)) THEN hours END) AS low95,
    MAX(CASE WHEN i = CEIL(0.95 * (n - 1)) THEN hours END) AS high95
  FROM ranked
  GROUP BY figure, repo, team
)
SELECT figure, repo, team, n,
  low50 + (0.50 * (n - 1) - FLOOR(0.50 * (n - 1))) * (high50 - low50) AS p50,
  low85 + (0.85 * (n - 1) - FLOOR(0.85 * (n - 1))) * (high85 - low85) AS p85,
  low95 + (0.95 * (n - 1) - FLOOR(0.95 * (n - 1))) * (high95 - low95) AS p95
FROM bounds;

-- Changes merged per week (Monday, UTC), per repository and team, with the same '(all)' rows.
CREATE OR REPLACE VIEW weekly_throughput AS
WITH merged AS (
  SELECT repo, COALESCE(NULLIF(team, ''), '(no team)') AS team,
    CAST(date_trunc('week', CAST(substr(merged_at, 1, 10) AS DATE)) AS DATE) AS week_start
  FROM changes
),
scoped AS (
  SELECT week_start, repo, team FROM merged
  UNION ALL
  SELECT week_start, repo, '(all)' AS team FROM merged
  UNION ALL
  SELECT week_start, '(all)' AS repo, team FROM merged
  UNION ALL
  SELECT week_start, '(all)' AS repo, '(all)' AS team FROM merged
)
SELECT week_start, repo, team, COUNT(*) AS changes_merged
FROM scoped
GROUP BY week_start, repo, team;

-- The review queue at the end of each day, per repository and summed over all of them.
CREATE OR REPLACE VIEW daily_review_queue AS
WITH days AS (
  SELECT CAST(date AS DATE) AS day, repo, CAST(review_queue AS BIGINT) AS review_queue, CAST(wip AS BIGINT) AS wip,
    CAST(open_items AS BIGINT) AS open_items, CAST(entered_review AS BIGINT) AS entered_review,
    CAST(merged AS BIGINT) AS merged
  FROM queue
)
SELECT day, repo, review_queue, wip, open_items, entered_review, merged FROM days
UNION ALL
SELECT day, '(all)' AS repo, SUM(review_queue) AS review_queue, SUM(wip) AS wip, SUM(open_items) AS open_items,
  SUM(entered_review) AS entered_review, SUM(merged) AS merged
FROM days
GROUP BY day;

-- Deployments and failed deployments per week (Monday, UTC), per repository and over all.
CREATE OR REPLACE VIEW weekly_deployments AS
WITH shipped AS (
  SELECT repo, CAST(date_trunc('week', CAST(substr(deployed_at, 1, 10) AS DATE)) AS DATE) AS week_start,
    CASE WHEN failed = 'true' THEN 1 ELSE 0 END AS failed
  FROM deployments
),
scoped AS (
  SELECT week_start, repo, failed FROM shipped
  UNION ALL
  SELECT week_start, '(all)' AS repo, failed FROM shipped
)
SELECT week_start, repo, COUNT(*) AS deployments, SUM(failed) AS failed_deployments
FROM scoped
GROUP BY week_start, repo;

-- Deployments over the window, per repository and over all: the change failure rate is
-- failed deployments over deployments (no row where nothing deployed).
CREATE OR REPLACE VIEW deployment_summary AS
WITH shipped AS (
  SELECT repo, CASE WHEN failed = 'true' THEN 1 ELSE 0 END AS failed FROM deployments
),
scoped AS (
  SELECT repo, failed FROM shipped
  UNION ALL
  SELECT '(all)' AS repo, failed FROM shipped
)
SELECT repo, COUNT(*) AS deployments, SUM(failed) AS failed_deployments,
  CAST(SUM(failed) AS DOUBLE) / COUNT(*) AS change_failure_rate
FROM scoped
GROUP BY repo;
