-- The three forms of REPLICATE, into every --dest:
--   backlogsql --profile prod --dest sqlite:backlog.db -f sql-samples/basics.sql
-- Run it again and each statement is incremental: only what changed since the last run.

-- The target is named after the source: table Issues.
REPLICATE Issues;

-- Any SELECT as the source, under another name: table PROD_Issues.
REPLICATE PROD_Issues SELECT * FROM Issues;

-- Into schema PROD: for a SQLite destination, backlog.PROD.db beside backlog.db (attached
-- AS PROD); for PostgreSQL/MySQL, the schema PROD.
REPLICATE PROD.Issues SELECT * FROM Issues;
