-- Variadic functions: a variadic parameter that is not "any" (jsonb_extract_path, json(b)_
-- extract_path(_text), jsonb_delete with several keys) takes its trailing arguments as one
-- array; `VARIADIC array` passes the array itself, to any function whose last parameter takes
-- it; VARIADIC "any" functions (concat, concat_ws, format, json(b)_build_*, num_nulls) spread
-- the array's elements; and the errors when no function matches.
SELECT jsonb_extract_path('{"a": {"b": [10, 20]}}', 'a', 'b', '1');
SELECT jsonb_extract_path_text('{"a": {"b": "x"}}', 'a', 'b'), jsonb_extract_path('{"a": 1}', 'a');
SELECT json_extract_path('{"a": {"b":  [1,  2]}}', 'a', 'b'), json_extract_path_text('{"a": {"b": "x"}}', 'a', 'b');
SELECT jsonb_extract_path('{"a": {"b": 1}}', 'a', 'b', NULL), jsonb_extract_path('{"a": 1}', 'x', 'y');
SELECT jsonb_extract_path('{"a": {"b": 1}}', 'a', 'b'::varchar);
SELECT jsonb_delete('{"a": 1, "b": 2, "c": 3}', 'a', 'b'), jsonb_delete('{"a": 1}', 'a');
SELECT jsonb_extract_path('{"a": {"b": 1}}', VARIADIC ARRAY['a', 'b']);
SELECT jsonb_extract_path('{"a": {"b": 1}}', VARIADIC '{a,b}');
SELECT jsonb_extract_path('{"a": {"b": 1}}', VARIADIC NULL);
SELECT jsonb_extract_path('{"a": {"b": 1}}', VARIADIC ARRAY[['a', 'b']]);
SELECT jsonb_extract_path('{"a": {"b": 1}}', VARIADIC ARRAY['a', NULL]);
SELECT jsonb_delete('{"a": 1, "b": 2}', VARIADIC ARRAY['a']);
SELECT json_extract_path_text('{"a": {"b": "x"}}', VARIADIC ARRAY['a', 'b']);
SELECT cardinality(VARIADIC ARRAY[1, 2]), count(VARIADIC ARRAY[1]);
CREATE TABLE p (doc jsonb, path text[], k1 text, k2 text);
INSERT INTO p VALUES ('{"a": {"b": 1}, "c": 2}', '{a,b}', 'a', 'b'), ('{"c": {"d": 3}}', '{c,d}', 'c', 'd');
SELECT jsonb_extract_path(doc, VARIADIC path), jsonb_extract_path(doc, k1, k2), jsonb_extract_path_text(doc, k1) FROM p ORDER BY 1;
SELECT concat(VARIADIC ARRAY[1, 2]), concat(VARIADIC '{}'::int[]), concat_ws(',', VARIADIC ARRAY['a', NULL, 'b']);
SELECT concat(VARIADIC NULL::int[]) IS NULL, concat_ws(',', VARIADIC NULL::text[]) IS NULL;
SELECT concat(VARIADIC ARRAY[[1, 2], [3, 4]]), concat(VARIADIC '{{a,b},{c,d}}'::text[]);
SELECT format('%s-%s', VARIADIC ARRAY['x', 'y']), format('%2$s %1$s', VARIADIC ARRAY[1.5, 2]);
SELECT format('%s', VARIADIC NULL::text[]);
SELECT format('%s', VARIADIC '{}'::text[]);
SELECT json_build_object(VARIADIC ARRAY['a', '1']), jsonb_build_object(VARIADIC ARRAY['a', 'b', 'c', 'd']);
SELECT json_build_array(VARIADIC ARRAY[1, 2]), jsonb_build_array(VARIADIC '{}'::int[]), jsonb_build_array(VARIADIC ARRAY[true, NULL]);
SELECT json_build_object(VARIADIC NULL::text[]) IS NULL, jsonb_build_array(VARIADIC NULL::int[]) IS NULL;
SELECT num_nulls(VARIADIC ARRAY[1, NULL, NULL]), num_nonnulls(VARIADIC ARRAY[[1, NULL], [3, 4]]), num_nulls(VARIADIC NULL::int[]) IS NULL;
SELECT concat(VARIADIC 1);
SELECT concat(VARIADIC '{a}');
SELECT json_build_object(VARIADIC ARRAY['a']);
SELECT jsonb_extract_path('{"a": 1}');
SELECT jsonb_extract_path('{"a": {"b": 1}}', 'a', 1);
SELECT jsonb_extract_path('{"a": 1}', '{a}'::text[]);
SELECT jsonb_extract_path('{"a": {"b": 1}}', VARIADIC 'a');
SELECT jsonb_extract_path('{"a": 1}', VARIADIC ARRAY[1]);
SELECT make_interval(VARIADIC ARRAY[1]);
SELECT format(VARIADIC ARRAY['%s-%s', 'a', 'b']);
