-- Open issues per assignee, most loaded first, over a replica of Issues:
--   sqlite3 -header -column demo.db < sql-samples/reports/open-issues-per-assignee.sql
-- (The same text runs live with backlogsql -f: the replica keeps the table's names.)
-- Open = any status but Backlog's built-in "Closed" (完了), whose id is 4 in every project.
SELECT coalesce(AssigneeName, '(unassigned)') AS assignee,
       count(*) AS open_issues,
       sum(DueDate IS NOT NULL AND date(DueDate) < date('now')) AS overdue
  FROM Issues
 WHERE StatusId <> 4
 GROUP BY AssigneeId
 ORDER BY open_issues DESC, assignee;
