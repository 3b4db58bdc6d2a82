SELECT 'it''s', "a""b", [c;d], x'00', 0x1F, 1.5e-3 FROM t; REPLICATE [a b] ("c""d" TEXT)
