-- Literal constants and the types PostgreSQL gives them.
SELECT 1, -1, 0, 2147483647, -2147483648;
SELECT 2147483648, -2147483649, 9223372036854775807, -9223372036854775808;
SELECT 9223372036854775808, 1.5, -1.50, 1e3, 1.5e-3, .5, 5., 0.000;
SELECT 'text', '', NULL, true, false, TRUE AS t;
SELECT E'a\nb', E'tab\there', E'\x41\101\u0042', $$dollar 'quoted'$$, $tag$with $$ inside$tag$;
SELECT U&'\0041\00e9', 'multi'
   'part'   
'literal';
SELECT pg_typeof(1), pg_typeof(2147483648), pg_typeof(9223372036854775808), pg_typeof(1.5), pg_typeof('x'), pg_typeof(NULL), pg_typeof(true);
SELECT 'quote''s', 'back\slash', 'ümlaut and 日本語';
SELECT 1 AS "Mixed Case", 2 AS lower_case, 3 "implicit alias";
SELECT 0.1 + 0.2, 1e-5, 123456789012345678901234567890.123;
