-- String functions and operators.
SELECT 'abc' || 'def', 'abc' || 1, 1 || 'abc', 'x' || NULL, length('héllo'), char_length('abc'), octet_length('héllo');
SELECT lower('ABC déf'), upper('abc'), initcap('hello wORLD foo-bar'), reverse('abc'), repeat('ab', 3), repeat('x', -1);
SELECT substr('hello', 2), substr('hello', 2, 3), substr('hello', -1, 3), substring('hello' from 2 for 2), substring('hello', 0);
SELECT substr('hello', 1, -1);
SELECT position('lo' in 'hello'), strpos('hello', 'z'), replace('banana', 'an', 'AN'), translate('hello', 'el', 'ip');
SELECT trim('  x  '), ltrim('  x'), rtrim('x  '), trim(both 'x' from 'xxaxx'), btrim('xyax', 'xy'), trim(leading from '  a');
SELECT lpad('5', 3, '0'), rpad('ab', 5, '-'), lpad('abcdef', 3), rpad('x', 4), left('hello', 2), right('hello', 2), left('hello', -2), right('hello', -2);
SELECT split_part('a,b,c', ',', 2), split_part('a,b,c', ',', 5), split_part('a,b,c', ',', -1);
SELECT split_part('a,b', ',', 0);
SELECT concat('a', 1, NULL, true), concat_ws('-', 'a', NULL, 'b', 2), format('%s and %s', 'this', 'that'), format('%I %L', 'My Col', 'it''s'), format('%3$s %1$s', 'a', 'b', 'c');
SELECT chr(65), ascii('A'), to_hex(255), to_hex(-1), md5('abc'), starts_with('hello', 'he');
SELECT quote_ident('abc'), quote_ident('Abc'), quote_literal('a''b'), quote_literal(42), quote_nullable(NULL);
SELECT 'abc' LIKE 'a%', 'abc' LIKE '_b_', 'abc' NOT LIKE 'b%', 'ABC' ILIKE 'a%', 'a%c' LIKE 'a\%c', 'abc' LIKE 'a' || '%';
SELECT 'abc' ~ '^a', 'abc' ~* 'B', 'abc' !~ 'z', regexp_replace('hello world', 'o', '0', 'g'), 'abc' SIMILAR TO '(a|b)%';
SELECT encode('hello'::bytea, 'base64'), encode('\x00ff'::bytea, 'hex'), decode('aGVsbG8=', 'base64'), length('\x0102'::bytea);
SELECT 'a' || 'b' || 'c' = 'abc', 'abc' > 'abb', 'ab' || ' ' || 'cd';
