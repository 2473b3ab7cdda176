#pragma once
// One object kind of the catalog: the bulk query that reads it and the
// mapping of its rows into the model. introspect runs the kinds in the order
// of `catalog_kinds`, each query once, whatever the size of the catalog.

#include "schemadiff/model/catalog.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

namespace schemadiff::source {

struct CatalogKind {
  std::string_view kind;
  // The query for a server version (some catalogs differ between 13 and 17).
  std::string (*sql)(int server_version_num);
  // Adds the rows to the catalog; may rely on the kinds read before it.
  void (*read)(const pqxx::result &rows, model::Catalog &catalog);
};

// In dependency order: a kind's rows may refer to objects of earlier kinds
// (columns to tables, privileges to everything).
const std::vector<CatalogKind> &catalog_kinds();

// The kinds, one or a few per file.
extern const CatalogKind schemas_kind;            // schemas.cpp
extern const CatalogKind extensions_kind;         // schemas.cpp
extern const CatalogKind collations_kind;         // collations.cpp
extern const CatalogKind enums_kind;              // types.cpp
extern const CatalogKind composite_types_kind;    // types.cpp
extern const CatalogKind range_types_kind;        // types.cpp
extern const CatalogKind domains_kind;            // domains.cpp
extern const CatalogKind sequences_kind;          // sequences.cpp
extern const CatalogKind tables_kind;             // tables.cpp
extern const CatalogKind columns_kind;            // tables.cpp
extern const CatalogKind constraints_kind;        // constraints.cpp
extern const CatalogKind indexes_kind;            // indexes.cpp
extern const CatalogKind views_kind;              // views.cpp
extern const CatalogKind routines_kind;           // routines.cpp
extern const CatalogKind aggregates_kind;         // routines.cpp
extern const CatalogKind triggers_kind;           // triggers.cpp
extern const CatalogKind policies_kind;           // policies.cpp
extern const CatalogKind privileges_kind;         // privileges.cpp
extern const CatalogKind default_privileges_kind; // default_privileges.cpp
extern const CatalogKind dependencies_kind;       // dependencies.cpp

// schemas.cpp: throws Error when the connecting role has no USAGE on a
// schema of the rows of schemas_kind.
void refuse_unusable_schemas(const pqxx::result &schema_rows);

} // namespace schemadiff::source
