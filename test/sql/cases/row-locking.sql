-- SELECT … FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE in one session: the rows come back as
-- without the clause (and are locked until the transaction ends), OF names FROM items, and
-- PostgreSQL's refusals (aggregates, DISTINCT, GROUP BY, window functions, an unknown OF name).
CREATE TABLE q (id int PRIMARY KEY, v text);
INSERT INTO q VALUES (1, 'a'), (2, 'b'), (3, 'c');
SELECT * FROM q WHERE id >= 2 ORDER BY id FOR UPDATE;
SELECT * FROM q ORDER BY id FOR SHARE OF q NOWAIT;
SELECT id FROM q ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED;
SELECT v FROM q WHERE id = 2 FOR NO KEY UPDATE;
SELECT v FROM q WHERE id = 3 FOR KEY SHARE;
BEGIN;
SELECT * FROM q WHERE id = 1 FOR UPDATE;
UPDATE q SET v = 'A' WHERE id = 1;
SELECT * FROM q WHERE id = 1 FOR SHARE;
COMMIT;
SELECT a.id, b.v FROM q a JOIN q b ON a.id = b.id ORDER BY a.id FOR UPDATE OF a;
SELECT a.id FROM q a LEFT JOIN q b ON b.id = a.id + 10 ORDER BY a.id FOR UPDATE;
SELECT count(*) FROM q FOR UPDATE;
SELECT DISTINCT v FROM q FOR UPDATE;
SELECT v FROM q GROUP BY v FOR SHARE;
SELECT row_number() OVER () FROM q FOR UPDATE;
SELECT * FROM q FOR UPDATE OF nosuch;
SELECT * FROM q, LATERAL (SELECT 1) s ORDER BY id FOR UPDATE OF s;
