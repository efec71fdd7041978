-- jsonb and json columns: storage, WHERE on ->> and @>, ORDER BY a jsonb column, UPDATE with
-- jsonb_set / || / -, and a jsonb primary key (PostgreSQL's btree equality and order).
CREATE TABLE docs (id int PRIMARY KEY, doc jsonb, raw json);
INSERT INTO docs VALUES (1, '{"name": "apple", "tags": ["red", "fruit"], "price": 1.50}', '{"name": "apple",  "n": 1}'), (2, '{"name": "pear", "tags": ["green"], "price": 2}', '[1, 2]'), (3, '"just a string"', 'null'), (4, NULL, NULL), (5, '{"name": "kiwi", "price": 0.5, "nested": {"a": [1, {"b": null}]}}', '{"a":{"b":1}}');
SELECT * FROM docs ORDER BY id;
SELECT id, doc->>'name' AS name, doc->'tags'->>0 AS first_tag FROM docs WHERE doc->>'name' = 'pear';
SELECT id FROM docs WHERE doc @> '{"tags": ["red"]}' ORDER BY id;
SELECT id FROM docs WHERE doc ? 'nested';
SELECT id, doc FROM docs ORDER BY doc, id;
SELECT id, doc FROM docs ORDER BY doc DESC NULLS LAST, id;
UPDATE docs SET doc = jsonb_set(doc, '{price}', to_jsonb((doc->>'price')::numeric * 2)) WHERE doc ? 'price' RETURNING id, doc->'price';
UPDATE docs SET doc = doc || '{"sold": true}' WHERE id = 2 RETURNING doc;
UPDATE docs SET doc = doc - 'tags' WHERE id = 1 RETURNING doc;
SELECT id, raw->'name', raw->>'n', raw #> '{a,b}' FROM docs ORDER BY id;
SELECT count(*) FROM docs WHERE doc IS NOT NULL;
CREATE TABLE keyed (k jsonb PRIMARY KEY, v int);
INSERT INTO keyed VALUES ('{"a":1}', 1), ('[1,2]', 2), ('"x"', 3), ('1.0', 4), ('[]', 5), ('{}', 6), ('null', 7);
INSERT INTO keyed VALUES ('{"a":1.00}', 8);
INSERT INTO keyed VALUES ('1', 9);
SELECT * FROM keyed ORDER BY k;
SELECT * FROM keyed WHERE k = '1';
SELECT * FROM keyed WHERE k > '[]' AND k < '{}' ORDER BY k;
DELETE FROM keyed WHERE k = '{"a": 1}' RETURNING k;
SELECT '{"a":1}'::jsonb IN ('{"a":1}', '[1]'), '[1]'::jsonb BETWEEN '1' AND '[2]';
SELECT CASE WHEN doc->>'name' = 'kiwi' THEN doc ELSE '{}' END FROM docs WHERE id = 5;
SELECT COALESCE(doc, '[]'), NULLIF(doc, doc) FROM docs WHERE id = 4;
SELECT GREATEST('1'::jsonb, '"a"', '{}'), LEAST('1'::jsonb, '"a"', 'null');
