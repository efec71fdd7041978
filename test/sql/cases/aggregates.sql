-- Aggregates: count, sum, avg, min, max, bool_and/or, every, string_agg, statistics; with
-- DISTINCT, ORDER BY and FILTER; over empty input; results types and exact digits.
CREATE TABLE m (id int PRIMARY KEY, g text, i2 smallint, i4 int, i8 bigint, n numeric, r real, d double precision, b boolean, s text, iv interval, ts timestamp);
INSERT INTO m VALUES
 (1, 'a', 1, 10, 100, 1.5, 1.5, 0.1, true, 'x', '1 day', '2024-01-01 10:00'),
 (2, 'a', 2, 20, 200, 2.25, 2.5, 0.2, true, 'y', '2 hours', '2024-01-02 11:00'),
 (3, 'b', 3, 30, 300, 10, 3.5, 0.3, false, 'z', '30 minutes', '2023-12-31 09:00'),
 (4, 'b', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (5, 'c', 5, 50, 9223372036854775807, -3.125, -1, 1e300, true, 'x', '-1 day', '2024-06-01 00:00');
SELECT count(*), count(i4), count(DISTINCT g), count(DISTINCT s) FROM m;
SELECT sum(i2), sum(i4), sum(i8), sum(n), sum(r), sum(d), sum(iv) FROM m;
SELECT avg(i2), avg(i4), avg(i8), avg(n), avg(r), avg(d), avg(iv) FROM m;
SELECT min(i4), max(i4), min(n), max(n), min(s), max(s), min(ts), max(ts), min(iv), max(iv), min(d), max(r) FROM m;
SELECT bool_and(b), bool_or(b), every(b), bool_and(b) FILTER (WHERE id < 3) FROM m;
SELECT stddev(i4), stddev_samp(i4), stddev_pop(i4), variance(i4), var_samp(i4), var_pop(i4) FROM m;
SELECT stddev(n), variance(n), var_pop(n), stddev_pop(n) FROM m;
SELECT stddev(i2), variance(i8) FROM m WHERE id < 5;
SELECT stddev(r), variance(d), var_pop(r), stddev_pop(d) FROM m WHERE id < 5;
SELECT pg_typeof(sum(i2)), pg_typeof(sum(i4)), pg_typeof(sum(i8)), pg_typeof(avg(i4)), pg_typeof(avg(r)), pg_typeof(sum(r)), pg_typeof(count(*)) FROM m;
SELECT string_agg(s, ',') FROM m;
SELECT string_agg(s, ',' ORDER BY s DESC), string_agg(DISTINCT s, '-'), string_agg(s, NULL ORDER BY id) FROM m;
SELECT string_agg(g || s, '' ORDER BY id DESC) FILTER (WHERE b) FROM m;
SELECT count(*) FILTER (WHERE i4 > 15), sum(i4) FILTER (WHERE g = 'a') FROM m;
SELECT sum(DISTINCT i) FROM (VALUES (1), (1), (2), (NULL)) v(i);
SELECT count(*), sum(i4), avg(i4), min(s), string_agg(s, ','), bool_and(b) FROM m WHERE id > 100;
SELECT count(*) FROM m WHERE false;
SELECT 1 AS one, count(*) FROM m;
SELECT count(*) + 1, sum(i4) * 2, max(i4) - min(i4) FROM m;
SELECT regr_count(d, r), regr_sxx(d, r), regr_syy(d, r), regr_sxy(d, r), regr_avgx(d, r), regr_avgy(d, r) FROM m WHERE id < 5;
SELECT regr_slope(d, r), regr_intercept(d, r), regr_r2(d, r), covar_pop(d, r), covar_samp(d, r), corr(d, r) FROM m WHERE id < 5;
SELECT sum(x), avg(x) FROM (VALUES (1e20::float8), (1), (-1e20::float8)) v(x);
SELECT avg(x), sum(x) FROM (VALUES ('NaN'::numeric), (1)) v(x);
SELECT sum(x) FROM (VALUES ('Infinity'::numeric), ('-Infinity'::numeric)) v(x);
SELECT avg(x) FROM (VALUES ('Infinity'::float8), (1)) v(x);
SELECT sum(x) FROM (VALUES (2147483647), (1)) v(x);
SELECT sum(x) FROM (VALUES (9223372036854775807::int8), (1)) v(x);
SELECT max(x), min(x) FROM (VALUES ('NaN'::float8), (1), ('Infinity')) v(x);
SELECT bit_and(x), bit_or(x), bit_xor(x) FROM (VALUES (12), (10), (6)) v(x);
SELECT sum(i4 ORDER BY i4) FROM m;
SELECT sum(*) FROM m;
SELECT count(i4, i4) FROM m;
SELECT sum(s) FROM m;
SELECT avg(b) FROM m;
SELECT sum(sum(i4)) FROM m;
SELECT i4 FROM m WHERE sum(i4) > 1;
SELECT lower(DISTINCT s) FROM m;
SELECT upper(s) FILTER (WHERE true) FROM m;
SELECT sum(i4) FILTER (WHERE i4) FROM m;
SELECT string_agg(DISTINCT s, ',' ORDER BY id) FROM m;
SELECT count(*) FROM m GROUP BY sum(i4);
INSERT INTO m (id, i4) VALUES (6, count(*));
