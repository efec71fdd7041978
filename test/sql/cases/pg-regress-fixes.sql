-- Fixes found by PostgreSQL's own regression tests (pg_regress core schedule), one statement or
-- a few per bug, named by the regression test that showed it.
-- update / float8 / case: an updated row of a table without a primary key comes after the others
-- in an unordered scan, like a new heap tuple version
CREATE TABLE upd_order (a int, b text);
INSERT INTO upd_order VALUES (1, 'one'), (2, 'two'), (3, 'three'), (4, 'four');
UPDATE upd_order SET b = upper(b) WHERE a IN (1, 3);
SELECT * FROM upd_order;
UPDATE upd_order SET a = a * 10 WHERE a = 2;
SELECT * FROM upd_order;
DROP TABLE upd_order;
-- char: a \ooo octal escape cast from text to "char" is one byte
SELECT '\377'::text::"char", '\101'::text::"char", 'abc'::text::"char", ''::text::"char";
-- strings: SQL regular-expression substring (SIMILAR ... ESCAPE and FROM ... FOR)
SELECT SUBSTRING('abcdefg' SIMILAR 'a#"(b_d)#"%' ESCAPE '#'), SUBSTRING('abcdefg' FROM 'a#"%#"g' FOR '#'), SUBSTRING('abcdefg' SIMILAR '%' ESCAPE NULL) IS NULL;
-- strings: hints of invalid Unicode escapes
SELECT U&'wrong: \061';
SELECT E'wrong: \u061';
-- select / aggregates / union: ORDER BY ... USING
SELECT x FROM (VALUES (3), (1), (NULL), (2)) v(x) ORDER BY x USING >;
SELECT x FROM (VALUES (3), (1), (NULL), (2)) v(x) ORDER BY x USING <;
SELECT string_agg(x::text, ',' ORDER BY x USING >) FROM (VALUES (3), (1), (2)) v(x);
SELECT 2 AS x UNION SELECT 1 ORDER BY x USING >;
SELECT 1 ORDER BY 1 USING =;
SELECT 1 ORDER BY 1 USING ~<~;
-- numeric: exact intermediate results beyond the storage limits, rounded or kept as
-- PostgreSQL's NumericVar does
SELECT trim_scale((0.1 - 2e-16383) * (0.1 - 3e-16383));
SELECT length((1.234 ^ 5678)::text);
SELECT to_char(('1.2345e' || exp)::numeric, '9.999EEEE') FROM (VALUES (-16379), (131071), (-5)) v(exp);
SELECT variance(a) FROM (SELECT 9e131071 + x FROM generate_series(1, 5) x) s(a);
SELECT count(*) FROM generate_series(6 * (10::numeric ^ 131071), 9 * (10::numeric ^ 131071), 10::numeric ^ 131071);
SELECT sum(x), avg(x), var_samp(x), stddev_pop(x) FROM (VALUES (1.5), (2.25), (3), (NULL)) v(x);
SELECT * FROM generate_series(1::numeric, 2::numeric, 'nan'::numeric);
-- json / jsonb: set-returning functions with OUT columns in the select list give records
SELECT json_each('{"f1":[1,2,3],"f2":{"f3":1},"f4":null}');
SELECT jsonb_each_text('{"a":{"b":"c"},"n":null,"x":1}');
-- join: a table joined to a lateral VALUES that reads an item further left
CREATE TABLE lat_t (k int PRIMARY KEY, v text);
INSERT INTO lat_t SELECT g, 'v' || g FROM generate_series(1, 50) g;
SELECT count(*) FROM lat_t a, lat_t b JOIN LATERAL (VALUES (a.k)) ss(x) ON b.k = ss.x;
SELECT a.k, b.v, ss.x FROM lat_t a, lat_t b JOIN LATERAL (VALUES (a.k), (-1)) ss(x) ON b.k = ss.x WHERE a.k < 4 ORDER BY 1;
DROP TABLE lat_t;
