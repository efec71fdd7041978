-- Set-returning functions: generate_series (int, bigint, numeric, timestamps), in FROM with
-- aliases and WITH ORDINALITY, ROWS FROM, in the select list (lock-step), LATERAL use, and
-- regexp_split_to_table / string_to_table.
SELECT * FROM generate_series(1, 5);
SELECT * FROM generate_series(1, 10, 3) AS g;
SELECT * FROM generate_series(5, 1, -2) AS g(n);
SELECT * FROM generate_series(1, 0);
SELECT generate_series(1, 3) AS n, 'x';
SELECT generate_series(1, 3), generate_series(1, 2);
SELECT generate_series(1, 2) * 10 + generate_series(1, 2);
SELECT * FROM generate_series(1, 3) WITH ORDINALITY;
SELECT * FROM generate_series(10, 12) WITH ORDINALITY AS t(v, n);
SELECT * FROM ROWS FROM (generate_series(1, 3), generate_series(10, 11)) AS r(a, b);
SELECT * FROM generate_series(1::bigint, 3::bigint);
SELECT * FROM generate_series(9223372036854775806, 9223372036854775807);
SELECT * FROM generate_series(2147483646, 2147483647);
SELECT * FROM generate_series(1.5, 3);
SELECT * FROM generate_series(0, 1, 0.25);
SELECT * FROM generate_series('2024-01-01'::timestamp, '2024-01-03', '12 hours');
SELECT * FROM generate_series(1, 3, 0);
SELECT * FROM generate_series(1, 'NaN'::numeric);
SELECT count(*), sum(g) FROM generate_series(1, 1000) g;
SELECT g.n, s FROM generate_series(1, 3) g(n), generate_series(1, g.n) s ORDER BY 1, 2;
SELECT n, x FROM generate_series(1, 3) n, LATERAL (SELECT n * 100 AS x) l ORDER BY n;
SELECT * FROM generate_series(1, NULL::int);
SELECT generate_series(1, 3) WHERE false;
SELECT 1 WHERE generate_series(1, 2) > 1;
SELECT sum(generate_series(1, 3));
SELECT * FROM regexp_split_to_table('the quick  brown', ' ') AS w;
SELECT regexp_split_to_table('a1b22c', '[0-9]+');
SELECT regexp_split_to_table('abc', '');
SELECT * FROM string_to_table('a,b,,c', ',');
SELECT * FROM string_to_table('a,b,NA,c', ',', 'NA');
SELECT string_to_table('abc', NULL);
SELECT * FROM upper('abc');
SELECT * FROM upper('abc') AS u(x);
SELECT u FROM upper('abc') u;
SELECT * FROM generate_series(1, 2) a, generate_series(1, 2) b ORDER BY 1, 2;
SELECT n FROM generate_series(1, 10) n WHERE n % 3 = 0 ORDER BY n DESC LIMIT 2;
