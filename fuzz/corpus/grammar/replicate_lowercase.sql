replicate `Issue Comments` (Id integer primary key, Content text, Amount decimal(10, 2), Ratio double precision) with TruncateTable, KeyColumns = 'Id', CaptureDeletes=true IssueComments
