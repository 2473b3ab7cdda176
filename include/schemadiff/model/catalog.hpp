#pragma once
// The catalog as plain data: everything the desired schema can state, keyed
// by identity so that two catalogs compare kind by kind and key by key.
// No database handle, no SQL text building, no I/O.

#include "schemadiff/model/default_privilege.hpp"
#include "schemadiff/model/index.hpp"
#include "schemadiff/model/names.hpp"
#include "schemadiff/model/object_ref.hpp"
#include "schemadiff/model/policy.hpp"
#include "schemadiff/model/routine.hpp"
#include "schemadiff/model/schema.hpp"
#include "schemadiff/model/sequence.hpp"
#include "schemadiff/model/table.hpp"
#include "schemadiff/model/trigger.hpp"
#include "schemadiff/model/types.hpp"
#include "schemadiff/model/view.hpp"

#include <map>
#include <string>

namespace schemadiff::model {

// What a table holds, for hazards; not part of the schema.
struct TableStatistics {
  double estimated_rows = -1; // pg_class.reltuples; -1 when never analyzed
  std::int64_t total_bytes = 0; // pg_total_relation_size

  bool operator==(const TableStatistics &) const = default;
};

struct Catalog {
  int server_version_num = 0;

  std::map<std::string, Schema> schemas;
  std::map<std::string, Extension> extensions;
  std::map<QualifiedName, Collation> collations;
  std::map<QualifiedName, EnumType> enums;
  std::map<QualifiedName, Domain> domains;
  std::map<QualifiedName, CompositeType> composite_types;
  std::map<QualifiedName, RangeType> range_types;
  std::map<QualifiedName, Sequence> sequences;
  std::map<QualifiedName, Table> tables;
  std::map<QualifiedName, Index> indexes;
  std::map<QualifiedName, View> views;
  std::map<QualifiedName, MaterializedView> materialized_views;
  std::map<RoutineKey, Routine> routines;
  std::map<RoutineKey, Aggregate> aggregates;
  std::map<TableMemberKey, Trigger> triggers;
  std::map<TableMemberKey, Policy> policies;
  std::map<DefaultPrivilegeKey, DefaultPrivilege> default_privileges;

  // What each object needs to exist (pg_depend: normal and automatic
  // dependencies between user objects), sorted. Derived from the objects
  // above, so excluded from equality.
  std::map<ObjectRef, std::vector<ObjectRef>> dependencies;

  // Desired schema only: the user's own text of a definition where the
  // server's printed form, run again, would not give the same catalog
  // (a CHECK over an IN list of varchar prints as an ARRAY cast that
  // parses back differently). Excluded from equality.
  std::map<ObjectRef, std::string> source_text;

  // Not schema: excluded from equality.
  std::map<QualifiedName, TableStatistics> statistics;

  // Whether the catalog has the object.
  bool holds(const ObjectRef &object) const;

  // Equal schema objects; the server version and statistics are not compared.
  bool same_schema(const Catalog &other) const;
  bool operator==(const Catalog &other) const { return same_schema(other); }
};

} // namespace schemadiff::model
