// information_schema views and tables that are empty in Treeline, with PostgreSQL 15's OIDs
// and columns. Some describe things Treeline does not have (domains, user-defined types,
// triggers, foreign data, user functions); others PostgreSQL fills with rows that are not
// reproduced here: the owner's privileges (table_privileges, role_table_grants, ...), the
// built-in routines and their parameters, array element types, character sets, collations
// and the SQL feature tables.
import { defineTables } from './columns.js';

type Empty = [oid: number, name: string, relkind: 'r' | 'v', rowType: number, columns: string];

const EMPTY: Empty[] = [
  [13507, '_pg_foreign_data_wrappers', 'v', 13509,
      'oid oid, fdwowner oid, fdwoptions _text, foreign_data_wrapper_catalog sql_identifier, ' +
      'foreign_data_wrapper_name sql_identifier, authorization_identifier sql_identifier, ' +
      'foreign_data_wrapper_language character_data'],
  [13519, '_pg_foreign_servers', 'v', 13521,
      'oid oid, srvoptions _text, foreign_server_catalog sql_identifier, foreign_server_name sql_identifier, ' +
      'foreign_data_wrapper_catalog sql_identifier, foreign_data_wrapper_name sql_identifier, ' +
      'foreign_server_type character_data, foreign_server_version character_data, ' +
      'authorization_identifier sql_identifier'],
  [13498, '_pg_foreign_table_columns', 'v', 13500,
      'nspname name, relname name, attname name, attfdwoptions _text'],
  [13532, '_pg_foreign_tables', 'v', 13534,
      'foreign_table_catalog sql_identifier, foreign_table_schema sql_identifier, ' +
      'foreign_table_name sql_identifier, ftoptions _text, foreign_server_catalog sql_identifier, ' +
      'foreign_server_name sql_identifier, authorization_identifier sql_identifier'],
  [13545, '_pg_user_mappings', 'v', 13547,
      'oid oid, umoptions _text, umuser oid, authorization_identifier sql_identifier, ' +
      'foreign_server_catalog sql_identifier, foreign_server_name sql_identifier, srvowner sql_identifier'],
  [13241, 'administrable_role_authorizations', 'v', 13243,
      'grantee sql_identifier, role_name sql_identifier, is_grantable yes_or_no'],
  [13245, 'attributes', 'v', 13247,
      'udt_catalog sql_identifier, udt_schema sql_identifier, udt_name sql_identifier, ' +
      'attribute_name sql_identifier, ordinal_position cardinal_number, attribute_default character_data, ' +
      'is_nullable yes_or_no, data_type character_data, character_maximum_length cardinal_number, ' +
      'character_octet_length cardinal_number, character_set_catalog sql_identifier, ' +
      'character_set_schema sql_identifier, character_set_name sql_identifier, ' +
      'collation_catalog sql_identifier, collation_schema sql_identifier, collation_name sql_identifier, ' +
      'numeric_precision cardinal_number, numeric_precision_radix cardinal_number, ' +
      'numeric_scale cardinal_number, datetime_precision cardinal_number, interval_type character_data, ' +
      'interval_precision cardinal_number, attribute_udt_catalog sql_identifier, ' +
      'attribute_udt_schema sql_identifier, attribute_udt_name sql_identifier, scope_catalog sql_identifier, ' +
      'scope_schema sql_identifier, scope_name sql_identifier, maximum_cardinality cardinal_number, ' +
      'dtd_identifier sql_identifier, is_derived_reference_attribute yes_or_no'],
  [13250, 'character_sets', 'v', 13252,
      'character_set_catalog sql_identifier, character_set_schema sql_identifier, ' +
      'character_set_name sql_identifier, character_repertoire sql_identifier, form_of_use sql_identifier, ' +
      'default_collate_catalog sql_identifier, default_collate_schema sql_identifier, ' +
      'default_collate_name sql_identifier'],
  [13255, 'check_constraint_routine_usage', 'v', 13257,
      'constraint_catalog sql_identifier, constraint_schema sql_identifier, constraint_name sql_identifier, ' +
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier'],
  [13270, 'collation_character_set_applicability', 'v', 13272,
      'collation_catalog sql_identifier, collation_schema sql_identifier, collation_name sql_identifier, ' +
      'character_set_catalog sql_identifier, character_set_schema sql_identifier, ' +
      'character_set_name sql_identifier'],
  [13265, 'collations', 'v', 13267,
      'collation_catalog sql_identifier, collation_schema sql_identifier, collation_name sql_identifier, ' +
      'pad_attribute character_data'],
  [13275, 'column_column_usage', 'v', 13277,
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier, ' +
      'column_name sql_identifier, dependent_column sql_identifier'],
  [13280, 'column_domain_usage', 'v', 13282,
      'domain_catalog sql_identifier, domain_schema sql_identifier, domain_name sql_identifier, ' +
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier, ' +
      'column_name sql_identifier'],
  [13503, 'column_options', 'v', 13505,
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier, ' +
      'column_name sql_identifier, option_name sql_identifier, option_value character_data'],
  [13285, 'column_privileges', 'v', 13287,
      'grantor sql_identifier, grantee sql_identifier, table_catalog sql_identifier, ' +
      'table_schema sql_identifier, table_name sql_identifier, column_name sql_identifier, ' +
      'privilege_type character_data, is_grantable yes_or_no'],
  [13290, 'column_udt_usage', 'v', 13292,
      'udt_catalog sql_identifier, udt_schema sql_identifier, udt_name sql_identifier, ' +
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier, ' +
      'column_name sql_identifier'],
  [13488, 'data_type_privileges', 'v', 13490,
      'object_catalog sql_identifier, object_schema sql_identifier, object_name sql_identifier, ' +
      'object_type character_data, dtd_identifier sql_identifier'],
  [13310, 'domain_constraints', 'v', 13312,
      'constraint_catalog sql_identifier, constraint_schema sql_identifier, constraint_name sql_identifier, ' +
      'domain_catalog sql_identifier, domain_schema sql_identifier, domain_name sql_identifier, ' +
      'is_deferrable yes_or_no, initially_deferred yes_or_no'],
  [13315, 'domain_udt_usage', 'v', 13317,
      'udt_catalog sql_identifier, udt_schema sql_identifier, udt_name sql_identifier, ' +
      'domain_catalog sql_identifier, domain_schema sql_identifier, domain_name sql_identifier'],
  [13493, 'element_types', 'v', 13495,
      'object_catalog sql_identifier, object_schema sql_identifier, object_name sql_identifier, ' +
      'object_type character_data, collection_type_identifier sql_identifier, data_type character_data, ' +
      'character_maximum_length cardinal_number, character_octet_length cardinal_number, ' +
      'character_set_catalog sql_identifier, character_set_schema sql_identifier, ' +
      'character_set_name sql_identifier, collation_catalog sql_identifier, collation_schema sql_identifier, ' +
      'collation_name sql_identifier, numeric_precision cardinal_number, ' +
      'numeric_precision_radix cardinal_number, numeric_scale cardinal_number, ' +
      'datetime_precision cardinal_number, interval_type character_data, interval_precision cardinal_number, ' +
      'domain_default character_data, udt_catalog sql_identifier, udt_schema sql_identifier, ' +
      'udt_name sql_identifier, scope_catalog sql_identifier, scope_schema sql_identifier, ' +
      'scope_name sql_identifier, maximum_cardinality cardinal_number, dtd_identifier sql_identifier'],
  [13511, 'foreign_data_wrapper_options', 'v', 13513,
      'foreign_data_wrapper_catalog sql_identifier, foreign_data_wrapper_name sql_identifier, ' +
      'option_name sql_identifier, option_value character_data'],
  [13515, 'foreign_data_wrappers', 'v', 13517,
      'foreign_data_wrapper_catalog sql_identifier, foreign_data_wrapper_name sql_identifier, ' +
      'authorization_identifier sql_identifier, library_name character_data, ' +
      'foreign_data_wrapper_language character_data'],
  [13524, 'foreign_server_options', 'v', 13526,
      'foreign_server_catalog sql_identifier, foreign_server_name sql_identifier, ' +
      'option_name sql_identifier, option_value character_data'],
  [13528, 'foreign_servers', 'v', 13530,
      'foreign_server_catalog sql_identifier, foreign_server_name sql_identifier, ' +
      'foreign_data_wrapper_catalog sql_identifier, foreign_data_wrapper_name sql_identifier, ' +
      'foreign_server_type character_data, foreign_server_version character_data, ' +
      'authorization_identifier sql_identifier'],
  [13537, 'foreign_table_options', 'v', 13539,
      'foreign_table_catalog sql_identifier, foreign_table_schema sql_identifier, ' +
      'foreign_table_name sql_identifier, option_name sql_identifier, option_value character_data'],
  [13541, 'foreign_tables', 'v', 13543,
      'foreign_table_catalog sql_identifier, foreign_table_schema sql_identifier, ' +
      'foreign_table_name sql_identifier, foreign_server_catalog sql_identifier, ' +
      'foreign_server_name sql_identifier'],
  [13334, 'parameters', 'v', 13336,
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier, ' +
      'ordinal_position cardinal_number, parameter_mode character_data, is_result yes_or_no, ' +
      'as_locator yes_or_no, parameter_name sql_identifier, data_type character_data, ' +
      'character_maximum_length cardinal_number, character_octet_length cardinal_number, ' +
      'character_set_catalog sql_identifier, character_set_schema sql_identifier, ' +
      'character_set_name sql_identifier, collation_catalog sql_identifier, collation_schema sql_identifier, ' +
      'collation_name sql_identifier, numeric_precision cardinal_number, ' +
      'numeric_precision_radix cardinal_number, numeric_scale cardinal_number, ' +
      'datetime_precision cardinal_number, interval_type character_data, interval_precision cardinal_number, ' +
      'udt_catalog sql_identifier, udt_schema sql_identifier, udt_name sql_identifier, ' +
      'scope_catalog sql_identifier, scope_schema sql_identifier, scope_name sql_identifier, ' +
      'maximum_cardinality cardinal_number, dtd_identifier sql_identifier, parameter_default character_data'],
  [13344, 'role_column_grants', 'v', 13346,
      'grantor sql_identifier, grantee sql_identifier, table_catalog sql_identifier, ' +
      'table_schema sql_identifier, table_name sql_identifier, column_name sql_identifier, ' +
      'privilege_type character_data, is_grantable yes_or_no'],
  [13358, 'role_routine_grants', 'v', 13360,
      'grantor sql_identifier, grantee sql_identifier, specific_catalog sql_identifier, ' +
      'specific_schema sql_identifier, specific_name sql_identifier, routine_catalog sql_identifier, ' +
      'routine_schema sql_identifier, routine_name sql_identifier, privilege_type character_data, ' +
      'is_grantable yes_or_no'],
  [13421, 'role_table_grants', 'v', 13423,
      'grantor sql_identifier, grantee sql_identifier, table_catalog sql_identifier, ' +
      'table_schema sql_identifier, table_name sql_identifier, privilege_type character_data, ' +
      'is_grantable yes_or_no, with_hierarchy yes_or_no'],
  [13450, 'role_udt_grants', 'v', 13452,
      'grantor sql_identifier, grantee sql_identifier, udt_catalog sql_identifier, ' +
      'udt_schema sql_identifier, udt_name sql_identifier, privilege_type character_data, ' +
      'is_grantable yes_or_no'],
  [13459, 'role_usage_grants', 'v', 13461,
      'grantor sql_identifier, grantee sql_identifier, object_catalog sql_identifier, ' +
      'object_schema sql_identifier, object_name sql_identifier, object_type character_data, ' +
      'privilege_type character_data, is_grantable yes_or_no'],
  [13348, 'routine_column_usage', 'v', 13350,
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier, ' +
      'routine_catalog sql_identifier, routine_schema sql_identifier, routine_name sql_identifier, ' +
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier, ' +
      'column_name sql_identifier'],
  [13353, 'routine_privileges', 'v', 13355,
      'grantor sql_identifier, grantee sql_identifier, specific_catalog sql_identifier, ' +
      'specific_schema sql_identifier, specific_name sql_identifier, routine_catalog sql_identifier, ' +
      'routine_schema sql_identifier, routine_name sql_identifier, privilege_type character_data, ' +
      'is_grantable yes_or_no'],
  [13362, 'routine_routine_usage', 'v', 13364,
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier, ' +
      'routine_catalog sql_identifier, routine_schema sql_identifier, routine_name sql_identifier'],
  [13367, 'routine_sequence_usage', 'v', 13369,
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier, ' +
      'routine_catalog sql_identifier, routine_schema sql_identifier, routine_name sql_identifier, ' +
      'sequence_catalog sql_identifier, sequence_schema sql_identifier, sequence_name sql_identifier'],
  [13372, 'routine_table_usage', 'v', 13374,
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier, ' +
      'routine_catalog sql_identifier, routine_schema sql_identifier, routine_name sql_identifier, ' +
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier'],
  [13377, 'routines', 'v', 13379,
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier, ' +
      'routine_catalog sql_identifier, routine_schema sql_identifier, routine_name sql_identifier, ' +
      'routine_type character_data, module_catalog sql_identifier, module_schema sql_identifier, ' +
      'module_name sql_identifier, udt_catalog sql_identifier, udt_schema sql_identifier, ' +
      'udt_name sql_identifier, data_type character_data, character_maximum_length cardinal_number, ' +
      'character_octet_length cardinal_number, character_set_catalog sql_identifier, ' +
      'character_set_schema sql_identifier, character_set_name sql_identifier, ' +
      'collation_catalog sql_identifier, collation_schema sql_identifier, collation_name sql_identifier, ' +
      'numeric_precision cardinal_number, numeric_precision_radix cardinal_number, ' +
      'numeric_scale cardinal_number, datetime_precision cardinal_number, interval_type character_data, ' +
      'interval_precision cardinal_number, type_udt_catalog sql_identifier, type_udt_schema sql_identifier, ' +
      'type_udt_name sql_identifier, scope_catalog sql_identifier, scope_schema sql_identifier, ' +
      'scope_name sql_identifier, maximum_cardinality cardinal_number, dtd_identifier sql_identifier, ' +
      'routine_body character_data, routine_definition character_data, external_name character_data, ' +
      'external_language character_data, parameter_style character_data, is_deterministic yes_or_no, ' +
      'sql_data_access character_data, is_null_call yes_or_no, sql_path character_data, ' +
      'schema_level_routine yes_or_no, max_dynamic_result_sets cardinal_number, ' +
      'is_user_defined_cast yes_or_no, is_implicitly_invocable yes_or_no, security_type character_data, ' +
      'to_sql_specific_catalog sql_identifier, to_sql_specific_schema sql_identifier, ' +
      'to_sql_specific_name sql_identifier, as_locator yes_or_no, created time_stamp, ' +
      'last_altered time_stamp, new_savepoint_level yes_or_no, is_udt_dependent yes_or_no, ' +
      'result_cast_from_data_type character_data, result_cast_as_locator yes_or_no, ' +
      'result_cast_char_max_length cardinal_number, result_cast_char_octet_length cardinal_number, ' +
      'result_cast_char_set_catalog sql_identifier, result_cast_char_set_schema sql_identifier, ' +
      'result_cast_char_set_name sql_identifier, result_cast_collation_catalog sql_identifier, ' +
      'result_cast_collation_schema sql_identifier, result_cast_collation_name sql_identifier, ' +
      'result_cast_numeric_precision cardinal_number, result_cast_numeric_precision_radix cardinal_number, ' +
      'result_cast_numeric_scale cardinal_number, result_cast_datetime_precision cardinal_number, ' +
      'result_cast_interval_type character_data, result_cast_interval_precision cardinal_number, ' +
      'result_cast_type_udt_catalog sql_identifier, result_cast_type_udt_schema sql_identifier, ' +
      'result_cast_type_udt_name sql_identifier, result_cast_scope_catalog sql_identifier, ' +
      'result_cast_scope_schema sql_identifier, result_cast_scope_name sql_identifier, ' +
      'result_cast_maximum_cardinality cardinal_number, result_cast_dtd_identifier sql_identifier'],
  [13391, 'sql_features', 'r', 13393,
      'feature_id character_data, feature_name character_data, sub_feature_id character_data, ' +
      'sub_feature_name character_data, is_supported yes_or_no, is_verified_by character_data, ' +
      'comments character_data'],
  [13396, 'sql_implementation_info', 'r', 13398,
      'implementation_info_id character_data, implementation_info_name character_data, ' +
      'integer_value cardinal_number, character_value character_data, comments character_data'],
  [13401, 'sql_parts', 'r', 13403,
      'feature_id character_data, feature_name character_data, is_supported yes_or_no, ' +
      'is_verified_by character_data, comments character_data'],
  [13406, 'sql_sizing', 'r', 13408,
      'sizing_id cardinal_number, sizing_name character_data, supported_value cardinal_number, ' +
      'comments character_data'],
  [13416, 'table_privileges', 'v', 13418,
      'grantor sql_identifier, grantee sql_identifier, table_catalog sql_identifier, ' +
      'table_schema sql_identifier, table_name sql_identifier, privilege_type character_data, ' +
      'is_grantable yes_or_no, with_hierarchy yes_or_no'],
  [13430, 'transforms', 'v', 13432,
      'udt_catalog sql_identifier, udt_schema sql_identifier, udt_name sql_identifier, ' +
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier, ' +
      'group_name sql_identifier, transform_type character_data'],
  [13435, 'triggered_update_columns', 'v', 13437,
      'trigger_catalog sql_identifier, trigger_schema sql_identifier, trigger_name sql_identifier, ' +
      'event_object_catalog sql_identifier, event_object_schema sql_identifier, ' +
      'event_object_table sql_identifier, event_object_column sql_identifier'],
  [13440, 'triggers', 'v', 13442,
      'trigger_catalog sql_identifier, trigger_schema sql_identifier, trigger_name sql_identifier, ' +
      'event_manipulation character_data, event_object_catalog sql_identifier, ' +
      'event_object_schema sql_identifier, event_object_table sql_identifier, action_order cardinal_number, ' +
      'action_condition character_data, action_statement character_data, action_orientation character_data, ' +
      'action_timing character_data, action_reference_old_table sql_identifier, ' +
      'action_reference_new_table sql_identifier, action_reference_old_row sql_identifier, ' +
      'action_reference_new_row sql_identifier, created time_stamp'],
  [13445, 'udt_privileges', 'v', 13447,
      'grantor sql_identifier, grantee sql_identifier, udt_catalog sql_identifier, ' +
      'udt_schema sql_identifier, udt_name sql_identifier, privilege_type character_data, ' +
      'is_grantable yes_or_no'],
  [13454, 'usage_privileges', 'v', 13456,
      'grantor sql_identifier, grantee sql_identifier, object_catalog sql_identifier, ' +
      'object_schema sql_identifier, object_name sql_identifier, object_type character_data, ' +
      'privilege_type character_data, is_grantable yes_or_no'],
  [13463, 'user_defined_types', 'v', 13465,
      'user_defined_type_catalog sql_identifier, user_defined_type_schema sql_identifier, ' +
      'user_defined_type_name sql_identifier, user_defined_type_category character_data, ' +
      'is_instantiable yes_or_no, is_final yes_or_no, ordering_form character_data, ' +
      'ordering_category character_data, ordering_routine_catalog sql_identifier, ' +
      'ordering_routine_schema sql_identifier, ordering_routine_name sql_identifier, ' +
      'reference_type character_data, data_type character_data, character_maximum_length cardinal_number, ' +
      'character_octet_length cardinal_number, character_set_catalog sql_identifier, ' +
      'character_set_schema sql_identifier, character_set_name sql_identifier, ' +
      'collation_catalog sql_identifier, collation_schema sql_identifier, collation_name sql_identifier, ' +
      'numeric_precision cardinal_number, numeric_precision_radix cardinal_number, ' +
      'numeric_scale cardinal_number, datetime_precision cardinal_number, interval_type character_data, ' +
      'interval_precision cardinal_number, source_dtd_identifier sql_identifier, ' +
      'ref_dtd_identifier sql_identifier'],
  [13550, 'user_mapping_options', 'v', 13552,
      'authorization_identifier sql_identifier, foreign_server_catalog sql_identifier, ' +
      'foreign_server_name sql_identifier, option_name sql_identifier, option_value character_data'],
  [13555, 'user_mappings', 'v', 13557,
      'authorization_identifier sql_identifier, foreign_server_catalog sql_identifier, ' +
      'foreign_server_name sql_identifier'],
  [13468, 'view_column_usage', 'v', 13470,
      'view_catalog sql_identifier, view_schema sql_identifier, view_name sql_identifier, ' +
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier, ' +
      'column_name sql_identifier'],
  [13473, 'view_routine_usage', 'v', 13475,
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier, ' +
      'specific_catalog sql_identifier, specific_schema sql_identifier, specific_name sql_identifier'],
  [13478, 'view_table_usage', 'v', 13480,
      'view_catalog sql_identifier, view_schema sql_identifier, view_name sql_identifier, ' +
      'table_catalog sql_identifier, table_schema sql_identifier, table_name sql_identifier'],
];

defineTables(EMPTY.map(([oid, name, relkind, rowType, columns]) => ({ oid, name, relkind, rowType, columns, infoSchema: true })));
