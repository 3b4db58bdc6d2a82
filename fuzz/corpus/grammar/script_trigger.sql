CREATE TEMP TRIGGER log_it AFTER INSERT ON t BEGIN
  INSERT INTO log VALUES (new.id, ';');
END;
REPLICATE t WITH ReplicateInterval = -1, ReplicateStartDate = 20200101;
