-- Window functions: ranking with peers and partitions, lag/lead with offsets and defaults,
-- first/last/nth_value, ntile, aggregates as window functions (FILTER, running totals),
-- named windows, windows over grouped rows, and window results used by ORDER BY, DISTINCT,
-- subqueries and set-returning functions.
CREATE TABLE emp (id int PRIMARY KEY, name text, dept text, salary int, bonus numeric(6,2), hired date);
INSERT INTO emp VALUES
 (1, 'ann', 'eng', 120, 10.50, '2019-03-01'), (2, 'bob', 'eng', 100, NULL, '2020-01-15'),
 (3, 'cid', 'eng', 100, 5.25, '2021-06-30'), (4, 'dee', 'ops', 90, 1.00, '2018-11-11'),
 (5, 'eve', 'ops', NULL, 2.00, '2022-02-02'), (6, 'fay', 'ops', 90, NULL, '2017-07-07'),
 (7, 'gus', NULL, 70, 3.30, '2023-01-01'), (8, 'hal', 'sales', 110, 0.00, '2016-05-05');
SELECT id, row_number() OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, salary, rank() OVER w, dense_rank() OVER w, percent_rank() OVER w, cume_dist() OVER w FROM emp WINDOW w AS (ORDER BY salary) ORDER BY salary NULLS FIRST, id;
SELECT id, dept, salary, rank() OVER (PARTITION BY dept ORDER BY salary DESC) FROM emp ORDER BY dept, salary DESC, id;
SELECT id, rank() OVER (), dense_rank() OVER (), percent_rank() OVER (), cume_dist() OVER () FROM emp ORDER BY id;
SELECT id, salary, rank() OVER (ORDER BY salary DESC NULLS LAST) FROM emp ORDER BY 3, id;
SELECT dept, count(*) OVER (PARTITION BY dept), row_number() OVER (PARTITION BY dept ORDER BY id) FROM emp ORDER BY dept NULLS FIRST, 3;
SELECT id, ntile(3) OVER (ORDER BY id), ntile(5) OVER (ORDER BY id), ntile(10) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, ntile(2) OVER (PARTITION BY dept ORDER BY id) FROM emp ORDER BY id;
SELECT id, ntile(NULL::int) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, ntile(CASE WHEN id < 3 THEN NULL ELSE 3 END) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(name) OVER (ORDER BY id), lead(name) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(salary, 2) OVER (ORDER BY id), lead(salary, 3, -1) OVER (ORDER BY id), lag(salary, 0) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(salary, -1) OVER (ORDER BY id), lead(salary, -2, 0) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(salary, NULL) OVER (ORDER BY id), lag(salary, 1, NULL) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lag(salary, 1, 0.5) OVER (ORDER BY id), pg_typeof(lag(salary, 1, 0.5) OVER (ORDER BY id)) FROM emp ORDER BY id;
SELECT id, lag(id, id % 3) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, lead(bonus, 1, bonus) OVER (PARTITION BY dept ORDER BY id) FROM emp ORDER BY id;
SELECT id, first_value(name) OVER w, last_value(name) OVER w, nth_value(name, 2) OVER w, nth_value(name, 9) OVER w FROM emp WINDOW w AS (PARTITION BY dept ORDER BY salary) ORDER BY id;
SELECT id, nth_value(id, 3) OVER (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM emp ORDER BY id;
SELECT id, nth_value(id, NULL) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, sum(salary) OVER (ORDER BY id), avg(salary) OVER (ORDER BY id), count(salary) OVER (ORDER BY id), count(*) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, sum(bonus) OVER (PARTITION BY dept), avg(bonus) OVER (PARTITION BY dept), max(bonus) OVER (PARTITION BY dept), min(hired) OVER (PARTITION BY dept) FROM emp ORDER BY id;
SELECT id, sum(salary::float8) OVER (ORDER BY id), stddev(salary) OVER (ORDER BY id), variance(salary::float8) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, string_agg(name, ',') OVER (ORDER BY id), array_agg(id) OVER (ORDER BY id) FROM emp ORDER BY id;
SELECT id, array_agg(salary) OVER (PARTITION BY dept ORDER BY id), bool_and(salary > 95) OVER (ORDER BY id), every(salary > 80) OVER () FROM emp ORDER BY id;
SELECT id, count(*) FILTER (WHERE salary > 95) OVER (ORDER BY id), sum(salary) FILTER (WHERE dept = 'eng') OVER () FROM emp ORDER BY id;
SELECT id, sum(salary) OVER (ORDER BY salary), sum(salary) OVER (ORDER BY salary ROWS UNBOUNDED PRECEDING) FROM emp ORDER BY salary, id;
SELECT id, row_number(*) OVER (ORDER BY id), count(*) OVER () FROM emp ORDER BY id;
SELECT g, x, row_number() OVER w, sum(x) OVER w, sum(x) OVER (w ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) FROM (VALUES ('a', 3), ('a', 1), ('a', 2), ('b', 10), ('b', 20)) v(g, x) WINDOW w AS (PARTITION BY g ORDER BY x) ORDER BY g, x;
SELECT x, sum(x) OVER w2 FROM generate_series(1, 5) x WINDOW w1 AS (ORDER BY x), w2 AS (w1 ROWS 1 PRECEDING) ORDER BY x;
SELECT x, sum(x) OVER (w) FROM generate_series(1, 4) x WINDOW w AS (ORDER BY x DESC) ORDER BY x;
SELECT x, rank() OVER w FROM generate_series(1, 3) x WINDOW w AS (ORDER BY x), unused AS (PARTITION BY x) ORDER BY x;
SELECT dept, sum(salary) AS total, rank() OVER (ORDER BY sum(salary) DESC NULLS LAST), sum(sum(salary)) OVER () FROM emp GROUP BY dept ORDER BY dept NULLS FIRST;
SELECT dept, count(*), sum(count(*)) OVER (ORDER BY dept NULLS FIRST) AS running FROM emp GROUP BY dept HAVING count(*) > 1 ORDER BY dept;
SELECT dept, max(salary), lag(max(salary)) OVER (ORDER BY dept), first_value(dept) OVER (ORDER BY max(salary) DESC NULLS LAST) FROM emp WHERE dept IS NOT NULL GROUP BY dept ORDER BY dept;
SELECT name, salary FROM emp ORDER BY rank() OVER (ORDER BY salary DESC NULLS LAST), name;
SELECT id, row_number() OVER (ORDER BY salary DESC NULLS LAST, id) AS r FROM emp ORDER BY r DESC LIMIT 3;
SELECT DISTINCT dept, count(*) OVER (PARTITION BY dept) FROM emp ORDER BY 1 NULLS FIRST;
SELECT * FROM (SELECT id, dept, rank() OVER (PARTITION BY dept ORDER BY salary DESC NULLS LAST, id) AS r FROM emp) s WHERE r = 1 ORDER BY id;
SELECT id, (SELECT max(r) FROM (SELECT row_number() OVER () AS r FROM emp e2 WHERE e2.dept = emp.dept) s) FROM emp ORDER BY id;
WITH w AS (SELECT id, sum(salary) OVER (ORDER BY id) AS running FROM emp) SELECT max(running), count(*) FROM w;
SELECT id, generate_series(1, row_number() OVER (ORDER BY id)::int) FROM emp WHERE id <= 3 ORDER BY 1, 2;
SELECT row_number() OVER (), rank() OVER (ORDER BY 1), count(*) OVER ();
SELECT x, row_number() OVER (ORDER BY x) FROM (SELECT 1 WHERE false) s(x);
SELECT count(*) OVER (), sum(x) OVER () FROM generate_series(1, 3) x WHERE x > 5;
SELECT x, lag(x) OVER (ORDER BY x), row_number() OVER (ORDER BY x) * 10 + 1 FROM (VALUES (3), (NULL), (1), (NULL)) v(x) ORDER BY x NULLS FIRST;
SELECT x, rank() OVER (ORDER BY x NULLS FIRST), dense_rank() OVER (ORDER BY x DESC) FROM (VALUES (3), (NULL), (1), (NULL), (3)) v(x) ORDER BY x NULLS FIRST;
SELECT t, row_number() OVER (ORDER BY t COLLATE "C"), rank() OVER (ORDER BY length(t)) FROM (VALUES ('b'), ('a'), ('cc'), ('B')) v(t) ORDER BY t COLLATE "C";
SELECT id, salary, sum(salary) OVER (PARTITION BY salary > 95 ORDER BY id) FROM emp WHERE salary IS NOT NULL ORDER BY id;
SELECT id, round(avg(salary) OVER (ORDER BY id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), 3) FROM emp ORDER BY id;
SELECT pg_typeof(row_number() OVER ()), pg_typeof(rank() OVER ()), pg_typeof(percent_rank() OVER ()), pg_typeof(ntile(2) OVER ()), pg_typeof(sum(1) OVER ()), pg_typeof(avg(1) OVER ()), pg_typeof(lag('x'::varchar) OVER ());
CREATE TABLE ties (id int, k int, m int);
INSERT INTO ties SELECT i, (i * 7) % 5, i % 3 FROM generate_series(1, 60) i;
SELECT id, row_number() OVER (ORDER BY k) FROM ties ORDER BY id;
SELECT id, row_number() OVER (ORDER BY k), first_value(id) OVER (PARTITION BY m ORDER BY k), row_number() OVER (PARTITION BY k), last_value(id) OVER (ORDER BY m DESC) FROM ties ORDER BY id;
SELECT id, k, m, lag(id) OVER (ORDER BY m, k), rank() OVER (PARTITION BY m ORDER BY k DESC), string_agg(id::text, ',') OVER (PARTITION BY k ORDER BY m ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM ties WHERE id <= 25 ORDER BY id;
