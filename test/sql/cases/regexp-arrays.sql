-- Regular expression functions returning arrays: regexp_match (capture groups of the first
-- match, NULL for no match or an unmatched group, flags but not 'g') and regexp_split_to_array
-- (the pieces between matches, empty matches splitting between characters).
SELECT regexp_match('abc123def456', '\d+'), regexp_match('key=val', '(\w+)=(\w+)'), regexp_match('none', '\d');
SELECT regexp_match('abc', '(x)?b'), regexp_match('abc', 'B', 'i'), regexp_match('ABC', 'b');
SELECT regexp_match('foobarbequebaz', '(bar)(beque)'), regexp_match('aaa', '(a)(a)?(a)?(a)?');
SELECT regexp_match('line1' || chr(10) || 'line2', '^line2$', 'n'), regexp_match('a.b', 'a.b', 'q');
SELECT (regexp_match('2024-01-05', '(\d+)-(\d+)-(\d+)'))[2], pg_typeof(regexp_match('a', 'a'));
SELECT regexp_match('héllo wörld', '(\w+) (\w+)'), regexp_match('😀x😀', 'x(.)?');
SELECT regexp_match('abc', 'b', 'g');
SELECT regexp_match('abc', 'b', 'z');
SELECT regexp_match('abc', '(');
SELECT regexp_match(NULL, 'a'), regexp_match('a', NULL), regexp_match('a', 'a', NULL);
SELECT regexp_split_to_array('one  two three', '\s+'), array_length(regexp_split_to_array('a,b,c', ','), 1);
SELECT regexp_split_to_array('', 'x'), regexp_split_to_array('abc', ''), regexp_split_to_array('a,b,', ',');
SELECT regexp_split_to_array('hello world', '\s*'), regexp_split_to_array(',a,,b,', ',');
SELECT regexp_split_to_array('AxBxc', 'X', 'i'), regexp_split_to_array('axbxc', 'X');
SELECT regexp_split_to_array('a1b22c333', '\d'), regexp_split_to_array('a😀b😀c', '😀');
SELECT regexp_split_to_array('abc', 'b', 'g');
SELECT regexp_split_to_array('abc', 'b', 'y');
SELECT regexp_split_to_array(NULL, ','), regexp_split_to_array('a', NULL);
CREATE TABLE lines (id int, line text);
INSERT INTO lines VALUES (1, 'k1=v1;k2=v2'), (2, 'x=1'), (3, 'nothing');
SELECT id, regexp_match(line, '(\w+)=(\w+)'), regexp_split_to_array(line, ';') FROM lines ORDER BY id;
SELECT id FROM lines WHERE regexp_match(line, '=') IS NULL;
SELECT id, cardinality(regexp_split_to_array(line, '[=;]')) FROM lines ORDER BY id;
