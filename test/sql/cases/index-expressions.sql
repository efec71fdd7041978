-- Expression and partial indexes: creation and names, what they refuse (non-IMMUTABLE functions,
-- aggregates, subqueries, ...), uniqueness over expressions and over the rows a predicate
-- admits through INSERT, UPDATE, DELETE, ON CONFLICT, TRUNCATE, ALTER TABLE and REINDEX, queries
-- their conditions serve, and how pg_index, pg_indexes and pg_get_indexdef show them.
CREATE TABLE t (a int, b text, c int, d timestamptz, e float8);
CREATE INDEX ON t ((lower(b)));
CREATE INDEX ON t (lower(b), a) WHERE c > 0;
CREATE INDEX ON t ((a + c));
CREATE INDEX ON t ((a + c), (b || 'x'));
CREATE INDEX ON t (upper(b) DESC NULLS LAST);
CREATE INDEX ON t ((c::text));
CREATE UNIQUE INDEX ON t (a) WHERE c > 0 AND b IS NOT NULL;
CREATE INDEX ON t (a) WHERE b LIKE 'x%' OR c IN (1, 2, 3);
CREATE INDEX ON t ((a));
CREATE INDEX ON t ((t.a));
CREATE INDEX ON t (abs(a), a, a);
CREATE INDEX ON t ((1));
CREATE INDEX ON t (a) WHERE c::bool;
CREATE INDEX ON t ((e::numeric));
CREATE INDEX ON t ((a::text || b));
CREATE INDEX t_coalesce ON t (coalesce(b, 'none'), greatest(a, c));
CREATE INDEX ON t ((d::date));
CREATE INDEX ON t ((b::date));
CREATE INDEX ON t (now());
CREATE INDEX ON t (random());
CREATE INDEX ON t (a) WHERE now() > d;
CREATE INDEX ON t (a) WHERE random() > 0.5;
CREATE INDEX ON t ((current_date));
CREATE INDEX ON t ((count(*)));
CREATE INDEX ON t ((a + (SELECT 1)));
CREATE INDEX ON t (a) WHERE count(*) > 0;
CREATE INDEX ON t (a) WHERE c > (SELECT 1);
CREATE INDEX ON t ((row_number() OVER ()));
CREATE INDEX ON t (generate_series(1, a));
CREATE INDEX ON t (a) WHERE 1;
CREATE INDEX ON t (a) WHERE c;
CREATE INDEX ON t (zz);
CREATE INDEX ON t (lower(zz));
CREATE INDEX ON t (a) WHERE zz > 1;
CREATE INDEX ON t (t);
CREATE INDEX ON t ((x.a));
CREATE INDEX ON t ((lower(b)::json));
CREATE INDEX ON t ((to_json(a)));
CREATE INDEX ON t USING hash (lower(b)) WHERE c > 0;
SELECT indexrelid::regclass::text AS index, indkey::text, indnatts, pg_get_expr(indexprs, indrelid) AS exprs, pg_get_expr(indpred, indrelid) AS pred,
       pg_get_expr(indpred, indrelid, true) AS pretty_pred
FROM pg_index WHERE indrelid = 't'::regclass ORDER BY indexrelid::regclass::text;
SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 't' ORDER BY indexname;
SELECT c.relname, pg_get_indexdef(c.oid, 0, true) FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE i.indrelid = 't'::regclass ORDER BY 1;
SELECT pg_get_indexdef('t_expr_expr1_idx'::regclass, 1, false), pg_get_indexdef('t_expr_expr1_idx'::regclass, 1, true),
       pg_get_indexdef('t_expr_expr1_idx'::regclass, 2, true), pg_get_indexdef('t_lower_a_idx'::regclass, 1, true),
       pg_get_indexdef('t_lower_a_idx'::regclass, 2, true), pg_get_indexdef('t_c_idx'::regclass, 1, true);
SELECT i.relname, a.attnum, a.attname, a.atttypid::regtype::text FROM pg_attribute a JOIN pg_class i ON i.oid = a.attrelid
WHERE i.relname IN ('t_expr_expr1_idx', 't_lower_a_idx', 't_c_idx', 't_abs_a_a1_idx', 't_coalesce') ORDER BY 1, 2;
SELECT refobjsubid, deptype FROM pg_depend WHERE objid = 't_lower_a_idx'::regclass AND refobjid = 't'::regclass ORDER BY 1;
SELECT refobjsubid, deptype FROM pg_depend WHERE objid = 't_lower_idx'::regclass AND refobjid = 't'::regclass ORDER BY 1;
-- uniqueness over expressions
CREATE TABLE u (id int PRIMARY KEY, b text, c int, active bool);
CREATE UNIQUE INDEX u_lb ON u (lower(b));
CREATE UNIQUE INDEX u_c_act ON u (c) WHERE active;
CREATE UNIQUE INDEX u_multi ON u ((c + 1), lower(b), (b || '!')) WHERE c > 10;
INSERT INTO u VALUES (1, 'X', 1, true);
INSERT INTO u VALUES (2, 'x', 2, false);
INSERT INTO u VALUES (3, 'y', 1, true);
INSERT INTO u VALUES (4, 'z', 1, false);
INSERT INTO u VALUES (5, 'Q', 11, false), (6, 'w', 11, false);
INSERT INTO u VALUES (7, 'q', 12, false);
INSERT INTO u VALUES (8, NULL, 12, false), (9, NULL, 12, false);
UPDATE u SET active = true WHERE id = 4;
UPDATE u SET c = 2 WHERE id = 4;
UPDATE u SET active = true WHERE id = 4;
UPDATE u SET b = 'Y' WHERE id = 4;
UPDATE u SET b = 'X' WHERE id = 1;
UPDATE u SET active = false, b = 'k' WHERE id = 1;
INSERT INTO u VALUES (10, 'n', 1, true);
DELETE FROM u WHERE id = 10;
INSERT INTO u VALUES (10, 'n', 1, true);
SELECT id, b, c, active FROM u ORDER BY id;
SELECT id FROM u WHERE lower(b) = 'q';
SELECT id FROM u WHERE c = 1 AND active;
-- ON CONFLICT inference: expressions, and a WHERE implying a partial index's predicate
INSERT INTO u VALUES (11, 'K', 5, true) ON CONFLICT (lower(b)) DO UPDATE SET b = excluded.b || '!' RETURNING id, b;
INSERT INTO u VALUES (12, 'k!', 5, true) ON CONFLICT ((lower(b))) DO NOTHING RETURNING id;
INSERT INTO u VALUES (12, 'k!', 5, true) ON CONFLICT (upper(b)) DO NOTHING;
INSERT INTO u VALUES (12, 'new', 1, true) ON CONFLICT (c) DO NOTHING;
INSERT INTO u VALUES (12, 'new', 1, true) ON CONFLICT (c) WHERE active DO UPDATE SET b = 'upd' RETURNING id, b, c;
INSERT INTO u VALUES (12, 'new2', 1, true) ON CONFLICT (c) WHERE active AND b IS NOT NULL DO NOTHING RETURNING id;
INSERT INTO u VALUES (12, 'new3', 1, true) ON CONFLICT (c) WHERE c > 0 DO NOTHING;
INSERT INTO u VALUES (12, 'new4', 1, false) ON CONFLICT (c) WHERE active DO NOTHING RETURNING id;
INSERT INTO u VALUES (13, 'Z', 3, false) ON CONFLICT DO NOTHING RETURNING id;
INSERT INTO u VALUES (13, 'zz', 3, false) ON CONFLICT (id) DO NOTHING RETURNING id;
SELECT id, b, c, active FROM u ORDER BY id;
-- building unique indexes over existing rows
CREATE UNIQUE INDEX u_upper ON u (upper(b));
CREATE UNIQUE INDEX u_c ON u (c) WHERE NOT active AND c < 5;
CREATE UNIQUE INDEX u_c2 ON u (c) WHERE c = 1;
CREATE UNIQUE INDEX u_plus ON u ((c + 1)) WHERE c > 4;
SELECT indexname FROM pg_indexes WHERE tablename = 'u' ORDER BY 1;
-- rewrites keep the indexes' rules
ALTER TABLE u ADD COLUMN z int DEFAULT 7;
INSERT INTO u VALUES (20, 'q', 20, false);
INSERT INTO u VALUES (20, 'qq', 1, true);
ALTER TABLE u ALTER COLUMN c TYPE bigint;
SELECT pg_get_indexdef('u_multi'::regclass), pg_get_indexdef('u_c_act'::regclass);
INSERT INTO u VALUES (21, 'r', 1, true);
REINDEX TABLE u;
REINDEX INDEX u_lb;
INSERT INTO u VALUES (21, 'R', 2, true);
ALTER TABLE u RENAME COLUMN b TO name;
SELECT pg_get_indexdef('u_lb'::regclass), pg_get_indexdef('u_multi'::regclass);
INSERT INTO u VALUES (22, 'k!', 30, false);
ALTER TABLE u RENAME TO u2;
SELECT pg_get_indexdef('u_lb'::regclass);
ALTER TABLE u2 DROP COLUMN active;
SELECT indexname FROM pg_indexes WHERE tablename = 'u2' ORDER BY 1;
SELECT id, name, c FROM u2 WHERE lower(name) = 'k!';
TRUNCATE u2;
INSERT INTO u2 VALUES (1, 'K', 1), (2, 'k', 2);
INSERT INTO u2 VALUES (3, 'a', 1) RETURNING id;
ALTER TABLE u2 ALTER COLUMN name TYPE int USING length(name);
-- queries served by the indexes give what a scan of the table gives
CREATE TABLE p (id int PRIMARY KEY, a int, b text, c int, active bool);
INSERT INTO p SELECT g, g % 100, 'Name' || (g % 37), g % 7 - 3, g % 5 = 0 FROM generate_series(1, 500) g;
CREATE INDEX p_lower ON p (lower(b));
CREATE INDEX p_a_pos ON p (a) WHERE c > 0;
CREATE INDEX p_sum ON p ((a + c));
CREATE UNIQUE INDEX p_act ON p (id, a) WHERE active;
SELECT count(*), sum(id) FROM p WHERE lower(b) = 'name5';
SELECT count(*), sum(id) FROM p WHERE lower(b) > 'name5' AND lower(b) <= 'name7';
SELECT count(*), sum(id) FROM p WHERE lower(b) IN ('name1', 'name2');
SELECT count(*), sum(id) FROM p WHERE a = 5 AND c > 0;
SELECT count(*), sum(id) FROM p WHERE a = 5 AND c > 1;
SELECT count(*), sum(id) FROM p WHERE a < 4 AND c >= 2;
SELECT count(*), sum(id) FROM p WHERE a = 5 AND c = 2;
SELECT count(*), sum(id) FROM p WHERE a + c = 7;
SELECT count(*), sum(id) FROM p WHERE 7 = a + c;
SELECT id, a FROM p WHERE id < 30 AND a > 10 AND active ORDER BY id;
SELECT p.id, q.id FROM p JOIN p q ON lower(q.b) = lower(p.b) || '' WHERE p.id < 3 ORDER BY 1, 2 LIMIT 5;
UPDATE p SET b = 'Other' WHERE lower(b) = 'name5';
SELECT count(*) FROM p WHERE lower(b) = 'other';
DELETE FROM p WHERE a = 5 AND c > 0;
SELECT count(*) FROM p WHERE a = 5;
UPDATE p SET c = -c WHERE a = 6;
SELECT count(*), sum(id) FROM p WHERE a = 6 AND c > 0;
-- CREATE TABLE ... LIKE copies expression and partial indexes
CREATE TABLE v (LIKE p INCLUDING INDEXES);
SELECT indexdef FROM pg_indexes WHERE tablename = 'v' ORDER BY 1;
