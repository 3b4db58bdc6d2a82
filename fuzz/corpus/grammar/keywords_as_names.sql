REPLICATE Start (Key TEXT, End INTEGER) WITH Skip = Deleted, DropTable Against;
