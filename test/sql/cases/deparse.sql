-- The expression deparser against PostgreSQL's ruleutils: column defaults through pg_get_expr
-- (plain and pretty), CHECK constraints through pg_get_constraintdef, index definitions
-- through pg_get_indexdef and view queries through pg_get_viewdef.
CREATE TABLE d (
  a int DEFAULT 1, b int DEFAULT -1, c bigint DEFAULT 1::bigint, d numeric DEFAULT 0, e numeric(8,2) DEFAULT 9.99,
  f text DEFAULT 'x', g varchar(10) DEFAULT 'y', h char(3) DEFAULT 'z', i boolean DEFAULT true, j date DEFAULT '2020-01-01',
  k timestamptz DEFAULT now(), l timestamp DEFAULT current_timestamp, m timestamptz DEFAULT current_timestamp(3),
  n float8 DEFAULT 1.5, o float4 DEFAULT 2.5, p text DEFAULT 'it''s', q int DEFAULT 2+3*4, r int DEFAULT (2+3)*4,
  s text[] DEFAULT '{a,b}', t int[] DEFAULT ARRAY[1,2], u jsonb DEFAULT '{}', v numeric DEFAULT -1.5,
  w int DEFAULT abs(-3), x text DEFAULT lower('ABC'), y text DEFAULT current_user, z date DEFAULT current_date,
  aa bigint DEFAULT 9999999999, ab numeric DEFAULT 1e10, ac int DEFAULT NULL, ad text DEFAULT NULL::text, ae interval DEFAULT '1 day',
  ag text DEFAULT 'a' || 'b', ah smallint DEFAULT 1, ai bool DEFAULT (NOT false), aj text DEFAULT E'back\\slash',
  ak numeric DEFAULT 1.0, al text DEFAULT coalesce(NULL, 'q'), am int DEFAULT nullif(1, 2), an int DEFAULT greatest(1, 2, 3),
  ao text DEFAULT CASE WHEN true THEN 'a' ELSE 'b' END, ap text DEFAULT CASE 1 WHEN 1 THEN 'one' END, aq int DEFAULT 1::int,
  ar text DEFAULT 'x'::text, as_ timestamp DEFAULT now()::timestamp, at text DEFAULT 1::text, au int8 DEFAULT '5',
  av oid DEFAULT 5, aw float8 DEFAULT -0.5, ax numeric DEFAULT '3.5', ay varchar(5) DEFAULT 'ab'::varchar(5)
);
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid) AS plain, pg_get_expr(d.adbin, d.adrelid, true) AS pretty
FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
WHERE d.adrelid = 'd'::regclass ORDER BY d.adnum;
SELECT attname, atthasdef FROM pg_attribute WHERE attrelid = 'd'::regclass AND attname IN ('ac', 'ad', 'a') ORDER BY attnum;
CREATE TABLE c1 (
  id serial PRIMARY KEY, qty int CHECK (qty > 0), price numeric CHECK (price >= 0), name varchar(20) CHECK (name <> ''),
  code text CHECK (code IN ('a', 'b')), n int CHECK (n BETWEEN 1 AND 10), m int CHECK (m IS NOT NULL AND m < 100 OR m = -1),
  s text CHECK (length(s) > 2), f float8 CHECK (f > 0.5), t timestamp CHECK (t > '2000-01-01'), e text CHECK (e ~ '^[a-z]+$'),
  b bool CHECK (b IS TRUE), i int CHECK (i NOT IN (1, 2, 3)), j int CHECK (j = ANY (ARRAY[1, 2])), k int CHECK (coalesce(k, 0) >= 0),
  l text CHECK (upper(l) = l), o int CHECK (o % 2 = 0), p int CHECK (-p < 0), q int CHECK (q IS DISTINCT FROM 5), r int CHECK (NOT (r > 5)),
  u text CHECK (u LIKE 'x%'), v text CHECK (v::int > 0), w int CHECK (w IN (1)), x int CHECK (x IS NOT DISTINCT FROM 1),
  y int CHECK (y NOT BETWEEN 5 AND 6), z int CHECK ((z + 1) * 2 > z - 1 - 1),
  CONSTRAINT named_chk CHECK (qty < 1000),
  UNIQUE (name, code), UNIQUE (s)
);
SELECT conname, pg_get_constraintdef(oid) AS plain, pg_get_constraintdef(oid, true) AS pretty FROM pg_constraint WHERE conrelid = 'c1'::regclass ORDER BY conname;
SELECT conname, contype, conkey, confkey, condeferrable, convalidated FROM pg_constraint WHERE conrelid = 'c1'::regclass AND conname IN ('c1_pkey', 'c1_m_check', 'c1_z_check', 'c1_name_code_key') ORDER BY conname;
CREATE INDEX c1_multi ON c1 (qty DESC, price NULLS FIRST, name);
CREATE INDEX c1_desc_last ON c1 (qty DESC NULLS LAST);
CREATE UNIQUE INDEX c1_nnd ON c1 (code) NULLS NOT DISTINCT;
SELECT c.relname, pg_get_indexdef(i.indexrelid), pg_get_indexdef(i.indexrelid, 0, true), pg_get_indexdef(i.indexrelid, 1, false), pg_get_indexdef(i.indexrelid, 2, true), pg_get_indexdef(i.indexrelid, 9, true)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'c1'::regclass ORDER BY c.relname;
SELECT c.relname, i.indkey, i.indoption, i.indisunique, i.indisprimary, i.indnullsnotdistinct, i.indnatts FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = 'c1'::regclass ORDER BY c.relname;
CREATE TABLE parent (id int PRIMARY KEY, k1 int, k2 int, UNIQUE (k1, k2));
CREATE TABLE child (a int REFERENCES parent, b int, c int, FOREIGN KEY (b, c) REFERENCES parent (k1, k2) ON DELETE CASCADE ON UPDATE SET NULL,
  d int REFERENCES parent (id) MATCH FULL ON DELETE RESTRICT, e int CONSTRAINT e_fk REFERENCES parent ON DELETE SET DEFAULT);
SELECT conname, pg_get_constraintdef(oid), confupdtype, confdeltype, confmatchtype, conkey, confkey, condeferrable, condeferred FROM pg_constraint WHERE conrelid = 'child'::regclass ORDER BY conname;
SELECT pg_get_constraintdef(0), pg_get_indexdef(0), pg_get_viewdef(0), pg_get_expr(NULL, 0);
CREATE TABLE vt (id int PRIMARY KEY, name text, qty int, price numeric(8,2));
CREATE TABLE vu (id int, tid int, note varchar(20));
CREATE VIEW v1 AS SELECT id, name FROM vt WHERE qty > 0;
CREATE VIEW v2 AS SELECT vt.id, vu.note, vt.qty * 2 AS dbl FROM vt JOIN vu ON vu.tid = vt.id ORDER BY vt.id DESC LIMIT 5;
CREATE VIEW v3 AS SELECT name, count(*), sum(qty) total FROM vt GROUP BY name HAVING count(*) > 1;
CREATE VIEW v4 AS SELECT DISTINCT qty FROM vt;
CREATE VIEW v5 AS SELECT id FROM vt WHERE id IN (SELECT tid FROM vu) AND EXISTS (SELECT 1 FROM vu WHERE vu.tid = vt.id);
CREATE VIEW v6 AS SELECT x.id, (SELECT max(qty) FROM vt) m FROM vt x LEFT JOIN vu ON x.id = vu.tid;
CREATE VIEW v7 AS SELECT id, CASE WHEN qty > 10 THEN 'big' ELSE 'small' END AS size, coalesce(name, '?') n FROM vt;
CREATE VIEW v8 AS SELECT * FROM v1;
CREATE VIEW v9 AS SELECT id, price::int, name || '!' AS shout, qty BETWEEN 1 AND 5 b FROM vt WHERE name LIKE 'a%' AND price IS NOT NULL;
SELECT viewname, definition FROM pg_views WHERE schemaname = 'public' ORDER BY viewname;
SELECT pg_get_viewdef('v2'::regclass, true), pg_get_viewdef('v7'::regclass, true), pg_get_viewdef('v5'::regclass, true), pg_get_viewdef('v9', true);
SELECT pg_get_viewdef('v1'::regclass, 20), pg_get_viewdef('v9'::regclass, 40);
SELECT pg_get_viewdef('nope');
