-- Array functions: shape (array_ndims, array_dims, array_lower/upper/length, cardinality),
-- construction (array_append/prepend/cat, array_fill, trim_array), search (array_position(s),
-- array_remove, array_replace), array_to_string / string_to_array, current_schemas, and
-- their NULL handling and errors.
SELECT array_ndims('{1,2}'::int[]), array_ndims('{{1},{2}}'::int[]), array_ndims('{}'::int[]), array_ndims(''::int2vector);
SELECT array_dims('{1,2}'::int[]), array_dims('[0:1][3:5]={{1,2,3},{4,5,6}}'::int[]), array_dims('{}'::int[]), array_dims(''::int2vector), array_dims('1 2'::int2vector);
SELECT array_lower('[3:4]={1,2}'::int[], 1), array_upper('[3:4]={1,2}'::int[], 1), array_length('[3:4]={1,2}'::int[], 1), array_length('{1,2}'::int[], 2), array_length('{}'::int[], 1), array_lower('{{1},{2}}'::int[], 2), array_upper('{1}'::int[], 0);
SELECT cardinality('{{1,2},{3,4}}'::int[]), cardinality('{}'::int[]), cardinality(NULL::int[]), array_length(NULL::int[], 1), array_length('{1}'::int[], NULL);
SELECT array_append(ARRAY[1,2], 3), array_append('{}'::int[], 1), array_append(NULL::int[], 1), array_append(ARRAY[1], NULL), array_append(null, null), array_append('[5:6]={1,2}'::int[], 3);
SELECT array_prepend(0, ARRAY[1,2]), array_prepend(1, '{}'::int[]), array_prepend(1, NULL::int[]), array_prepend(0, '[5:6]={1,2}'::int[]), array_prepend(1.5, ARRAY[1]);
SELECT array_cat(ARRAY[1,2], ARRAY[3]), array_cat(ARRAY[[1,2]], ARRAY[3,4]), array_cat(ARRAY[1,2], ARRAY[[3,4]]), array_cat(NULL, ARRAY[1]), array_cat(ARRAY[1], NULL), array_cat('{}'::int[], '[3:3]={7}'::int[]), array_cat('{a}', '{b}');
SELECT array_append(ARRAY[1], 2.5), pg_typeof(array_append(ARRAY[1], 2.5)), array_cat(ARRAY[1], ARRAY[2.5]), array_position('{a,b}', 'b');
SELECT array_append(ARRAY[[1]], 2);
SELECT array_prepend(1, ARRAY[[1]]);
SELECT array_cat(ARRAY[[1,2]], ARRAY[[3]]);
SELECT array_cat(ARRAY[1], ARRAY[[[2]]]);
SELECT array_append(ARRAY[1], 'x');
SELECT array_fill(7, ARRAY[2]), array_fill('x'::text, ARRAY[2,2], ARRAY[0,3]), array_fill(NULL::int, ARRAY[2]), array_fill(1, '{}'), array_fill(1, ARRAY[0]), array_dims(array_fill(1, ARRAY[0]));
SELECT array_fill(1, NULL);
SELECT array_fill(1, ARRAY[NULL::int]);
SELECT array_fill(1, ARRAY[[1]]);
SELECT array_fill(1, ARRAY[1], ARRAY[1,2]);
SELECT array_fill(1, ARRAY[-1]);
SELECT array_fill(1, ARRAY[1,1,1,1,1,1,1]);
SELECT array_fill(1, ARRAY[2], ARRAY[2147483647]);
SELECT array_fill(1, ARRAY[2], NULL);
SELECT trim_array(ARRAY[1,2,3], 1), trim_array(ARRAY[1,2,3], 3), trim_array(ARRAY[1,2,3], 0), trim_array('[4:6]={1,2,3}'::int[], 1), trim_array(ARRAY[[1,2],[3,4],[5,6]], 2), trim_array('{}'::int[], 0);
SELECT trim_array(ARRAY[1,2,3], 4);
SELECT trim_array(ARRAY[1], -1);
-- search
SELECT array_position(ARRAY[1,2,3,2], 2), array_position(ARRAY[1,2,3,2], 2, 3), array_position(ARRAY[1,2], 5), array_position('[5:7]={a,b,c}'::text[], 'c'), array_position(ARRAY[1,NULL], NULL), array_position(ARRAY[1,2], NULL);
SELECT array_position(NULL::int[], 1), array_position('{}'::int[], 1), array_position('{}'::int[], 1, NULL), array_position(ARRAY[1.5, 2], 2), array_position(ARRAY['a','b'], 'b', -5);
SELECT array_positions(ARRAY[1,2,1,NULL,1], 1), array_positions(ARRAY[1,NULL,NULL], NULL), array_positions(ARRAY[1,2], 3), array_positions('{}'::int[], 1), array_positions(NULL::int[], 1), array_positions(ARRAY[1,2], NULL);
SELECT array_position(ARRAY[[1,2],[3,4]], 3);
SELECT array_positions(ARRAY[[1,2],[3,4]], 3);
SELECT array_position(ARRAY[1,2], 1, NULL);
SELECT array_remove(ARRAY[1,2,3,2], 2), array_remove(ARRAY[1,NULL,2,NULL], NULL), array_remove(ARRAY[1,2], 5), array_remove(ARRAY[2,2], 2), array_remove(NULL::int[], 1), array_remove('{}'::int[], 1), array_remove('[3:5]={1,2,3}'::int[], 2);
SELECT array_replace(ARRAY[1,2,3,2], 2, 9), array_replace(ARRAY[1,NULL], NULL, 0), array_replace(ARRAY[1,2], 1, NULL), array_replace(ARRAY[[1,2],[2,1]], 2, 0), array_replace(NULL::int[], 1, 2), array_replace(ARRAY['a','b'], 'b', 'c');
SELECT array_remove(ARRAY[[1,2],[3,4]], 3);
SELECT array_remove(ARRAY[[1,2],[3,4]], 9);
SELECT array_remove('{"{}"}'::json[], '{}');
-- text
SELECT array_to_string(ARRAY[1,2,3], ','), array_to_string(ARRAY['a',NULL,'c'], '-'), array_to_string(ARRAY['a',NULL,'c'], '-', '*'), array_to_string('{}'::int[], ','), array_to_string(ARRAY[[1,2],[3,4]], '');
SELECT array_to_string(NULL::int[], ','), array_to_string(ARRAY[1], NULL), array_to_string(ARRAY[1,NULL], ',', NULL), array_to_string(ARRAY[1.5::float8, 0.1], ';'), array_to_string(ARRAY[true,false], ' ');
SELECT string_to_array('a,b,,c', ','), string_to_array('a,b,,c', ',', ''), string_to_array('abc', NULL), string_to_array('abc', ''), string_to_array('', ','), string_to_array(NULL, ','), string_to_array('a<>b<>c', '<>'), string_to_array('x,NULL,y', ',', 'NULL');
SELECT string_to_array('a,b', NULL, 'b'), string_to_array(',', ','), string_to_array('éü😀', NULL), string_to_array('a b', ' ', NULL), pg_typeof(string_to_array('a', ','));
-- session
SELECT current_schemas(false), current_schemas(true), pg_typeof(current_schemas(true));
SET search_path = pg_catalog, public;
SELECT current_schemas(false), current_schemas(true);
SET search_path = nosuch, public;
SELECT current_schemas(true);
-- polymorphic resolution
SELECT array_position(ARRAY[1::int2], 1), array_fill(1::int2, ARRAY[2]), pg_typeof(array_fill(1::int2, ARRAY[2])), array_remove(ARRAY[1.5, 2], 2);
SELECT array_cat(ARRAY[1::int2], ARRAY[2]), pg_typeof(array_cat(ARRAY[1::int2], ARRAY[2])), array_cat('1 2'::int2vector, '{3}'::int2[]);
SELECT array_replace(ARRAY['a'], 'a', 'b'), array_replace(ARRAY[1], 1, 2.5), 1 || ARRAY[2], ARRAY[1] || 2::int8, pg_typeof(ARRAY[1] || 2::int8);
SELECT current_schemas(NULL), trim_array(NULL::int[], 1), trim_array(ARRAY[1], NULL), array_fill(1, ARRAY[2,3])::text;
SELECT 'a' || ARRAY['b'];
SELECT array_append(ARRAY[1], ARRAY[2]);
SELECT array_cat(ARRAY[1], 2);
SELECT array_length(ARRAY[1], 1::int8);
SELECT array_ndims(1);
SELECT cardinality('{1,2}');
SELECT array_length('{1,2}', 1);
SELECT array_fill('x', ARRAY[2]);
SELECT ARRAY[1] || ARRAY['a'];
SELECT array_to_string(ARRAY[1,2], 1);
SELECT array_fill(ARRAY[1], ARRAY[2]);
