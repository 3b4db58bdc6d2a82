-- Comments per week (weeks start on Monday), over a replica of IssueComments:
--   sqlite3 -header -column demo.db < sql-samples/reports/comments-per-week.sql
SELECT date(Created, 'weekday 0', '-6 days') AS week_of,
       count(*) AS comments,
       count(DISTINCT IssueId) AS issues,
       count(DISTINCT CreatedUserId) AS authors
  FROM IssueComments
 GROUP BY week_of
 ORDER BY week_of;
