-- pg_catalog's view of a schema: pg_class, pg_attribute, pg_type (row types, enums),
-- pg_index, pg_depend (owned sequences), pg_sequence / pg_sequences, pg_enum and the listing
-- views pg_tables, pg_indexes and pg_views. OIDs differ between servers, so they are compared
-- through joins and reg* casts rather than printed.
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE people (id serial PRIMARY KEY, name varchar(40) NOT NULL, m mood DEFAULT 'ok', tags text[], score numeric(6,2) CHECK (score >= 0), born date, UNIQUE (name));
CREATE TABLE visits (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, person int REFERENCES people ON DELETE CASCADE, at timestamptz DEFAULT now(), note text);
CREATE INDEX visits_at ON visits (at DESC);
CREATE SEQUENCE counter START 10 INCREMENT 5 MAXVALUE 1000 CYCLE;
CREATE VIEW happy_people AS SELECT id, name FROM people WHERE m = 'happy';
SELECT c.relname, c.relkind, c.relnamespace::regnamespace, c.relowner::regrole, am.amname, c.relnatts, c.relchecks, c.relhasindex, c.relhastriggers, c.relhasrules,
  c.relpersistence, c.relreplident, c.relispartition, c.relispopulated, c.reltuples, c.relpages, c.reloftype, c.reltype <> 0 AS has_rowtype, c.relacl
FROM pg_class c LEFT JOIN pg_am am ON am.oid = c.relam WHERE c.relnamespace = 'public'::regnamespace ORDER BY c.relname;
SELECT c.relname, t.typname, t.typtype, t.typcategory, t.typlen, t.typalign, t.typstorage, t.typrelid = c.oid AS points_back, a.typname AS array_name, a.typelem = t.oid AS array_of_it
FROM pg_class c JOIN pg_type t ON t.oid = c.reltype JOIN pg_type a ON a.oid = t.typarray WHERE c.relnamespace = 'public'::regnamespace ORDER BY c.relname;
SELECT t.typname, t.typtype, t.typcategory, t.typlen, t.typbyval, t.typalign, t.typstorage, t.typinput, t.typoutput, t.typreceive, t.typsend, t.typsubscript, t.typcollation, t.typnamespace::regnamespace
FROM pg_type t WHERE t.typname IN ('mood', '_mood') ORDER BY t.typname;
SELECT e.enumlabel, e.enumsortorder FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = 'mood' ORDER BY e.enumsortorder;
SELECT a.attrelid::regclass, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod), a.attlen, a.attbyval, a.attalign, a.attstorage, a.attndims, a.attnotnull, a.atthasdef,
  a.attidentity, a.attgenerated, a.attisdropped, a.attislocal, a.attcollation, a.attstattarget, a.atttypmod
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 ORDER BY c.relname, a.attnum;
SELECT a.attname, pg_get_expr(d.adbin, d.adrelid, true) FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum WHERE d.adrelid IN ('people'::regclass, 'visits'::regclass) ORDER BY d.adrelid::regclass::text, d.adnum;
SELECT i.indexrelid::regclass, i.indrelid::regclass, i.indnatts, i.indnkeyatts, i.indisunique, i.indisprimary, i.indimmediate, i.indisvalid, i.indisready, i.indkey, i.indoption, i.indcollation, i.indpred, i.indexprs
FROM pg_index i WHERE i.indrelid IN ('people'::regclass, 'visits'::regclass) ORDER BY 1::text;
SELECT d.objid::regclass AS seq, d.refobjid::regclass AS tab, a.attname, d.deptype
FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i') AND d.objid IN (SELECT oid FROM pg_class WHERE relkind = 'S') ORDER BY 1::text;
SELECT seqrelid::regclass, format_type(seqtypid, NULL), seqstart, seqincrement, seqmax, seqmin, seqcache, seqcycle FROM pg_sequence ORDER BY 1::text;
SELECT * FROM pg_sequences ORDER BY sequencename;
SELECT nextval('counter'), nextval('counter');
SELECT sequencename, last_value FROM pg_sequences WHERE sequencename = 'counter';
SELECT * FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename;
SELECT * FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname;
SELECT * FROM pg_views WHERE schemaname = 'public';
SELECT pg_get_serial_sequence('people', 'id'), pg_get_serial_sequence('visits', 'id'), pg_get_serial_sequence('public.people', 'name');
SELECT 'people'::regclass, 'mood'::regtype, '_mood'::regtype, 'mood[]'::regtype, 'people_id_seq'::regclass;
SELECT relname, relkind FROM pg_class WHERE oid IN ('pg_class'::regclass, 'pg_type'::regclass, 'pg_tables'::regclass, 'information_schema.columns'::regclass) ORDER BY relname;
SELECT count(*) > 0 FROM pg_attribute WHERE attrelid = 'pg_class'::regclass AND attname = 'relkind' AND atttypid = 'char'::regtype;
SELECT 'people'::regtype, 'people[]'::regtype, format_type(c.reltype, NULL), c.reltype::regtype, pg_type_is_visible(c.reltype) FROM pg_class c WHERE c.relname = 'happy_people';
