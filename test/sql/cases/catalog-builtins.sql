-- The built-in part of pg_catalog: types, functions, operators, casts, aggregates, access
-- methods, languages, extensions, collations, ranges, roles, schemas, databases,
-- tablespaces, settings and descriptions, as drivers and admin tools look them up.
SELECT oid, typname, typnamespace::regnamespace, typowner::regrole, typlen, typbyval, typtype, typcategory, typispreferred, typdelim, typrelid, typelem, typarray, typinput, typoutput, typreceive, typsend, typmodin, typmodout, typsubscript, typalign, typstorage, typcollation
FROM pg_type WHERE typname IN ('bool', 'int4', 'text', 'varchar', 'numeric', 'timestamptz', 'jsonb', '_int4', 'name', 'int2vector', 'record', 'anyarray', 'uuid', 'interval', 'point') ORDER BY oid;
SELECT t.typname, e.typname AS elem FROM pg_type t JOIN pg_type e ON e.oid = t.typelem WHERE t.typname IN ('_int4', '_text', 'oidvector', '_jsonb') ORDER BY t.typname;
SELECT typname, typtype, typbasetype::regtype, typtypmod, typnotnull, typcollation FROM pg_type WHERE typnamespace = 'information_schema'::regnamespace AND typtype = 'd' ORDER BY typname;
SELECT t.typname, t.typrelid::regclass, t.typtype FROM pg_type t WHERE t.typname IN ('pg_class', 'pg_type', 'pg_roles') ORDER BY 1;
SELECT oid, proname, pronamespace::regnamespace, prolang, prokind, proisstrict, proretset, provolatile, proparallel, pronargs, pronargdefaults, prorettype::regtype, proargtypes, proallargtypes, proargmodes, proargnames, provariadic, prosrc
FROM pg_proc WHERE oid IN (1299, 1066, 2147, 3058, 1686, 3464, 870, 1317, 2049) ORDER BY oid;
SELECT count(*) > 3000 FROM pg_proc WHERE pronamespace = 'pg_catalog'::regnamespace;
SELECT oid, oprname, oprnamespace::regnamespace, oprkind, oprcanmerge, oprcanhash, oprleft::regtype, oprright::regtype, oprresult::regtype, oprcom, oprnegate, oprcode
FROM pg_operator WHERE oid IN (96, 518, 551, 664, 3240, 484, 1752) ORDER BY oid;
SELECT castsource::regtype, casttarget::regtype, castfunc, castcontext, castmethod FROM pg_cast WHERE castsource = 'int4'::regtype ORDER BY casttarget;
SELECT aggfnoid::oid, aggkind, aggnumdirectargs, aggtransfn, aggfinalfn, aggcombinefn, aggsortop, aggtranstype::regtype, agginitval FROM pg_aggregate WHERE aggfnoid::oid IN (2147, 2803, 2108, 2116, 3974, 2100) ORDER BY aggfnoid::oid;
SELECT oid, amname, amhandler, amtype FROM pg_am ORDER BY oid;
SELECT oid, lanname, lanowner::regrole, lanispl, lanpltrusted, lanplcallfoid, laninline, lanvalidator, lanacl FROM pg_language ORDER BY oid;
SELECT oid, extname, extowner::regrole, extnamespace::regnamespace, extrelocatable, extversion, extconfig, extcondition FROM pg_extension;
SELECT oid, collname, collnamespace::regnamespace, collprovider, collisdeterministic, collencoding FROM pg_collation WHERE oid IN (100, 950, 951) ORDER BY oid;
SELECT rngtypid::regtype, rngsubtype::regtype, rngmultitypid::regtype, rngcollation, rngsubopc, rngcanonical, rngsubdiff FROM pg_range ORDER BY rngtypid;
SELECT oid, rolname, rolsuper, rolinherit, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls, rolconnlimit, rolpassword, rolvaliduntil, rolconfig FROM pg_roles ORDER BY oid;
SELECT oid, rolname, rolsuper, rolpassword IS NULL FROM pg_authid ORDER BY oid;
SELECT usename, usesysid, usecreatedb, usesuper, userepl, usebypassrls, passwd, valuntil, useconfig FROM pg_user;
SELECT r.rolname, m.rolname, g.rolname, admin_option FROM pg_auth_members a JOIN pg_roles r ON r.oid = a.roleid JOIN pg_roles m ON m.oid = a.member JOIN pg_roles g ON g.oid = a.grantor ORDER BY 1, 2;
SELECT oid, nspname, pg_get_userbyid(nspowner), nspacl FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public', 'information_schema', 'pg_toast') ORDER BY oid;
SELECT datname = current_database(), datdba::regrole, pg_encoding_to_char(encoding), datlocprovider, datistemplate, datallowconn, datconnlimit, dattablespace, daticulocale, datcollversion, datacl FROM pg_database WHERE datname = current_database();
SELECT datname, datistemplate, datallowconn, datacl FROM pg_database WHERE datname IN ('template0', 'template1', 'postgres') ORDER BY datname;
SELECT oid, spcname, spcowner::regrole, spcacl, spcoptions FROM pg_tablespace ORDER BY oid;
SELECT name, setting, unit, category, vartype, context, min_val, max_val, enumvals, boot_val FROM pg_settings WHERE name IN ('max_identifier_length', 'integer_datetimes', 'standard_conforming_strings', 'server_encoding', 'work_mem', 'search_path', 'client_min_messages', 'random_page_cost', 'block_size') ORDER BY name;
SELECT set_config(name, 'view, foreign-table', false) FROM pg_settings WHERE name = 'restrict_nonsystem_relation_kind';
SELECT classoid::regclass, objoid, description FROM pg_description WHERE classoid IN ('pg_namespace'::regclass, 'pg_language'::regclass, 'pg_extension'::regclass, 'pg_am'::regclass) ORDER BY 1::text, 2;
SELECT description FROM pg_description WHERE objoid = 'now'::regproc AND classoid = 'pg_proc'::regclass;
SELECT objoid, classoid::regclass, description FROM pg_shdescription ORDER BY objoid;
SELECT count(*) FROM pg_trigger;
SELECT count(*) FROM pg_inherits;
SELECT count(*) FROM pg_rewrite WHERE ev_class >= 16384 AND rulename <> '_RETURN';
SELECT count(*) FROM pg_policy;
SELECT count(*) FROM pg_partitioned_table;
SELECT count(*) FROM pg_foreign_table;
SELECT count(*) FROM pg_event_trigger;
SELECT count(*) FROM pg_publication;
SELECT count(*) FROM pg_statistic_ext;
SELECT count(*) FROM pg_matviews;
SELECT count(*) FROM pg_prepared_xacts;
SELECT pid = pg_backend_pid(), datname = current_database(), usename, state, backend_type FROM pg_stat_activity WHERE pid = pg_backend_pid();
