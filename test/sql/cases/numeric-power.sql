-- numeric ^ numeric at the edges: huge integer exponents (kept exact to the result scale),
-- results that underflow to zero at the scale PostgreSQL chooses, and large results.
SELECT 1.000000000123 ^ (-2147483648);
SELECT (-1.0) ^ 2147483647;
SELECT 0.9999999999 ^ 23300000000000;
SELECT md5((1.5 ^ 100000)::text), length((1.5 ^ 100000)::text);
SELECT 1.0000001 ^ (-99999999);
SELECT 3.7 ^ (-123456);
SELECT 0.5 ^ 100000;
SELECT 2 ^ 0.5, 12.34 ^ 56.78, (-8.0) ^ 3;
SELECT 10 ^ (-5000);
SELECT 0 ^ (-1);
SELECT (-2.0) ^ 0.5;
