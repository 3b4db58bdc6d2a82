-- How long closed issues took, per issue type, over a replica of Issues:
--   sqlite3 -header -column demo.db < sql-samples/reports/time-to-close-per-issue-type.sql
-- Backlog records no closing time; an issue's last update (Updated) once it is Closed
-- (StatusId 4, 完了) is the usual stand-in, so the days are an upper bound.
SELECT IssueTypeName AS issue_type,
       count(*) AS closed_issues,
       round(avg(julianday(Updated) - julianday(Created)), 1) AS avg_days,
       round(min(julianday(Updated) - julianday(Created)), 1) AS min_days,
       round(max(julianday(Updated) - julianday(Created)), 1) AS max_days
  FROM Issues
 WHERE StatusId = 4
 GROUP BY IssueTypeName
 ORDER BY closed_issues DESC, issue_type;
