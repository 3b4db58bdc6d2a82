-- The demo job: replicate a Backlog space's core tables into the destination.
-- Run it again and only what changed since the last run is fetched.
REPLICATE Projects;
REPLICATE Users;
REPLICATE ProjectStatuses;
REPLICATE Issues;
REPLICATE IssueComments;
REPLICATE WikiPages;
