-- Math functions.
SELECT abs(-5), abs(-5.5), abs(-2.5::float8), sign(-3), sign(0.0), mod(7, 3), mod(-7, 3), div(7, 2);
SELECT round(2.5), round(-2.5), round(2.567, 2), round(1234.5, -2), round(2.5::float8), round(3.5::float8), trunc(2.567, 1), trunc(-2.7);
SELECT ceil(1.2), ceiling(-1.2), floor(1.8), floor(-1.2), ceil(1.2::float8), floor(-0.5::float8);
SELECT sqrt(16), sqrt(2), sqrt(2::float8), cbrt(27::float8), exp(1), exp(1::float8), ln(10), log(100), log(2, 8), log10(1000::float8);
SELECT sqrt(-1);
SELECT ln(0);
SELECT power(2, 10), power(2.0, 0.5), pow(2::float8, 3), power(-8::float8, 3);
SELECT power(-8::float8, 1.0/3);
SELECT pi(), degrees(pi()), radians(180), sin(0), cos(0), tan(0), asin(1), acos(1), atan(1), atan2(1, 1), sind(30), cosd(60);
SELECT gcd(12, 18), lcm(4, 6), factorial(5), width_bucket(5.35, 0.024, 10.06, 5), width_bucket(5::float8, 0, 10, 4);
SELECT greatest(1.5::float8, 2), least(-1, 0.5), abs(-2147483647), @ -3.5;
SELECT abs(-2147483648);
SELECT scale(1.2300), trim_scale(1.2300), min_scale(1.2300), round(1.23456789, 4);
