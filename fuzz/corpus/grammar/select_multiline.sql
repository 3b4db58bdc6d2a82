REPLICATE t
  SELECT Id, -- the key
    'a;b' AS x, (SELECT 1)
  FROM Issues /* all */ -- trailing
;
