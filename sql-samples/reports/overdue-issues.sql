-- Open issues past their due date, longest overdue first, over a replica of Issues:
--   sqlite3 -header -column demo.db < sql-samples/reports/overdue-issues.sql
-- DueDate is the API's ISO-8601 text (a Japanese space sends the 20th as
-- 2024-05-19T15:00:00Z): date() compares it by day. Closed = StatusId 4 (完了).
SELECT IssueKey,
       substr(Summary, 1, 50) AS summary,
       coalesce(AssigneeName, '(unassigned)') AS assignee,
       StatusName AS status,
       date(DueDate) AS due,
       CAST(julianday(date('now')) - julianday(date(DueDate)) AS INTEGER) AS days_overdue
  FROM Issues
 WHERE StatusId <> 4
   AND DueDate IS NOT NULL
   AND date(DueDate) < date('now')
 ORDER BY days_overdue DESC, IssueKey;
