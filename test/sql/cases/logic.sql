-- Comparisons and three-valued boolean logic.
SELECT true AND true, true AND false, true AND NULL, false AND NULL, NULL::bool AND NULL;
SELECT true OR NULL, false OR NULL, false OR false, NULL::bool OR NULL;
SELECT NOT true, NOT false, NOT NULL::bool;
SELECT 1 = 1, 1 <> 2, 1 != 1, 1 < 2, 2 <= 2, 3 > 4, 3 >= 3, 1 = NULL, NULL = NULL;
SELECT 1 IS NULL, NULL IS NULL, 1 IS NOT NULL, NULL IS NOT NULL, NULL::int ISNULL, 1 NOTNULL;
SELECT true IS TRUE, NULL::bool IS TRUE, false IS NOT TRUE, NULL::bool IS UNKNOWN, true IS NOT UNKNOWN, false IS FALSE, NULL::bool IS NOT FALSE;
SELECT 1 IS DISTINCT FROM 1, 1 IS DISTINCT FROM NULL, NULL IS DISTINCT FROM NULL, NULL IS NOT DISTINCT FROM NULL, 2 IS NOT DISTINCT FROM 3;
SELECT 5 BETWEEN 1 AND 10, 5 BETWEEN 10 AND 1, 5 BETWEEN SYMMETRIC 10 AND 1, 5 NOT BETWEEN 6 AND 7, NULL BETWEEN 1 AND 2;
SELECT 3 IN (1, 2, 3), 4 IN (1, 2, 3), 4 IN (1, NULL), 1 IN (1, NULL), 4 NOT IN (1, 2), 4 NOT IN (1, NULL), 1 IN (1.0, 2.5);
SELECT 'abc' = 'abc', 'abc' < 'abd', 'a' < 'B', 'Z' < 'a', '' < 'a', 'abc' > 'ab';
SELECT 'abc'::varchar = 'abc'::text, 'a  '::char(3) = 'a'::char(1), 1 = 1.0, 1.5 > 1, 2::int8 = 2::int2;
SELECT true > false, true = 't', 'yes'::bool, 'off'::bool, '1'::bool;
SELECT 'NaN'::float8 = 'NaN'::float8, 'NaN'::float8 > 'Infinity'::float8, 'NaN'::numeric = 'NaN'::numeric, -0.0::float8 = 0.0::float8;
SELECT 1 < 'a';
SELECT 'a' = 1;
SELECT 1 AND true;
SELECT NOT 'maybe';
