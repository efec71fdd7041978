-- WITH queries: non-recursive (used once, twice, nested, column aliases), WITH RECURSIVE
-- (series, tree walks, UNION vs UNION ALL termination) and their errors.
CREATE TABLE tree (id int PRIMARY KEY, parent int, name text);
INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 4, 'a1x'), (6, 3, 'b1');
WITH t AS (SELECT id, name FROM tree WHERE parent = 1) SELECT * FROM t ORDER BY id;
WITH t(i, n) AS (SELECT id, name FROM tree) SELECT n FROM t WHERE i > 4 ORDER BY i;
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT * FROM a, b;
WITH t AS (SELECT count(*) AS c FROM tree) SELECT c, (SELECT c FROM t) + 1 FROM t;
WITH t AS (SELECT id FROM tree) SELECT count(*) FROM t t1 JOIN t t2 ON t1.id < t2.id;
SELECT * FROM (WITH q AS (SELECT 42 AS v) SELECT v FROM q) s;
SELECT id FROM tree WHERE id IN (WITH q AS (SELECT 2 AS v UNION SELECT 3) SELECT v FROM q) ORDER BY 1;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT sum(n), count(*) FROM r;
WITH RECURSIVE sub AS (SELECT id, name, 0 AS depth FROM tree WHERE id = 2 UNION ALL SELECT t.id, t.name, s.depth + 1 FROM tree t JOIN sub s ON t.parent = s.id) SELECT * FROM sub ORDER BY depth, id;
WITH RECURSIVE path(id, p) AS (SELECT id, name FROM tree WHERE parent IS NULL UNION ALL SELECT t.id, path.p || '/' || t.name FROM tree t, path WHERE t.parent = path.id) SELECT p FROM path ORDER BY p;
WITH RECURSIVE c(x) AS (SELECT 1 UNION SELECT (x + 1) % 4 FROM c) SELECT x FROM c ORDER BY x;
WITH RECURSIVE fib(a, b) AS (SELECT 0::numeric, 1::numeric UNION ALL SELECT b, a + b FROM fib WHERE b < 1000) SELECT max(a) FROM fib;
WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1.5 FROM r WHERE n < 3) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT n FROM r UNION SELECT 1) SELECT * FROM r;
WITH RECURSIVE r(n) AS (SELECT 1 INTERSECT SELECT n FROM r) SELECT * FROM r;
WITH t AS (SELECT 1), t AS (SELECT 2) SELECT 1;
WITH t(a, b) AS (SELECT 1) SELECT * FROM t;
WITH t AS (SELECT 1 AS x) SELECT * FROM t WHERE x = (SELECT x FROM t);
WITH t AS (SELECT id FROM tree ORDER BY id DESC LIMIT 2) SELECT * FROM t ORDER BY id;
WITH x AS (SELECT 1 AS v) SELECT * FROM tree WHERE id = (SELECT v FROM x);
