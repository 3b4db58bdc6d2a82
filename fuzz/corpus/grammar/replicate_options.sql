REPLICATE [My Issues] WITH DropTable, ReplicateStartDate='2020-01-01', ReplicateInterval=30, ReplicateIntervalUnit=days SELECT * FROM Issues WHERE ProjectId = 1;
