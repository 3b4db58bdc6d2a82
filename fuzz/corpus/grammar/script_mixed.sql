-- A job: attach a replica, copy two tables, check one.
ATTACH 'replica.db' AS PROD;
REPLICATE PROD.Issues WITH AlterSchema, ReplicateTimeCheckColumn=Updated;
/* comments; with semicolons */
REPLICATE PROD.Projects (Id INTEGER, Name TEXT, PRIMARY KEY(Id))
  SELECT Id, Name FROM Projects WHERE Archived = 0 -- only live ones
;
SELECT count(*) AS "n;" FROM PROD.Issues WHERE Summary <> 'a;b';;
CHECKCACHE PROD.Issues AGAINST Issues SKIP MODIFIED START '2024-01-01'
