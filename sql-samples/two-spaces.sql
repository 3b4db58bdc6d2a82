-- Two Backlog spaces in one SQLite database, from the stock sqlite3 CLI with backlog.so
-- and two profiles (backlogsql profile add prod …; backlogsql profile add dev …):
--
--   sqlite3 -cmd '.load ./build/backlog' spaces.db < sql-samples/two-spaces.sql
--
-- A script switches spaces with backlog_connect(); backlog_replicate() writes into the
-- database sqlite3 has open. (backlogsql reads one space per run: there it is two runs,
--   backlogsql --profile prod --dest sqlite:spaces.db -c "REPLICATE PROD_Issues SELECT * FROM Issues; REPLICATE PROD.Issues SELECT * FROM Issues;"
--   backlogsql --profile dev  --dest sqlite:spaces.db -c "REPLICATE DEV_Issues SELECT * FROM Issues; REPLICATE DEV.Issues SELECT * FROM Issues;"
-- and the result is the same.)
-- Run it again and every statement is incremental.

-- 1. Prefixes: both spaces side by side in the main database (PROD_Issues, DEV_Issues, …).
SELECT backlog_connect('profile:prod');
SELECT backlog_replicate('
  REPLICATE PROD_Projects SELECT * FROM Projects;
  REPLICATE PROD_Issues SELECT * FROM Issues;
  REPLICATE PROD_IssueComments SELECT * FROM IssueComments;');
SELECT backlog_connect('profile:dev');
SELECT backlog_replicate('
  REPLICATE DEV_Projects SELECT * FROM Projects;
  REPLICATE DEV_Issues SELECT * FROM Issues;
  REPLICATE DEV_IssueComments SELECT * FROM IssueComments;');

-- 2. Schemas: each space in a database of its own, spaces.PROD.db and spaces.DEV.db beside
-- spaces.db, attached AS PROD and AS DEV (the files backlogsql uses for PROD. and DEV.;
-- ATTACH other files under those names first to choose your own).
SELECT backlog_connect('profile:prod');
SELECT backlog_replicate('
  REPLICATE PROD.Projects SELECT * FROM Projects;
  REPLICATE PROD.Issues SELECT * FROM Issues;');
SELECT backlog_connect('profile:dev');
SELECT backlog_replicate('
  REPLICATE DEV.Projects SELECT * FROM Projects;
  REPLICATE DEV.Issues SELECT * FROM Issues;');

-- Both spaces in one query.
SELECT 'prod' AS space, count(*) AS issues FROM PROD_Issues
UNION ALL SELECT 'dev', count(*) FROM DEV_Issues;
