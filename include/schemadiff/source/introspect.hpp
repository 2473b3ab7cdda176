#pragma once
// Reading a live database into the model: the same code reads the shadow
// database built from the schema files and the database being migrated, so
// the two catalogs are comparable by construction.

#include "schemadiff/model/catalog.hpp"

#include <string>
#include <vector>

namespace schemadiff::source {

// Reads every user object of the database into the model, in one
// REPEATABLE READ READ ONLY transaction (a consistent snapshot), with
// `SET LOCAL search_path = pg_catalog` so that pg_get_*def and format_type
// qualify every user name the same way on every database: user objects
// come back schema-qualified, built-in ones bare.
//
// User schemas only (not pg_catalog, information_schema, pg_toast*,
// pg_temp*, nor schemadiff*, which hold schemadiff's own bookkeeping such
// as the backups a drop keeps); objects that belong to an extension are left out, the
// extension itself is recorded. Throws schemadiff::Error when the server
// cannot be reached, is older than PostgreSQL 13, a catalog query fails, or
// the connecting role lacks USAGE on a user schema (a model read through
// such a role could not be acted on).
model::Catalog introspect(const std::string &conninfo);

struct IntrospectOptions {
  // Refuse a schema the connecting role has no USAGE on (see above). Only
  // reading, as drift does, a role that owns nothing and has no grants
  // reads the catalog just as well: pg_catalog and the pg_get_*def
  // functions need no privilege on the objects they describe.
  bool require_schema_usage = true;
};

model::Catalog introspect(const std::string &conninfo, const IntrospectOptions &options);

struct CatalogQuery {
  std::string kind; // "tables", "columns", "indexes", ...
  std::string sql;
};

// The exact queries introspect runs for a server version (130000 and up), in
// the order it runs them: one bulk query per object kind, so the number of
// round trips does not depend on the size of the catalog. Each expects
// search_path = pg_catalog, as introspect sets it.
std::vector<CatalogQuery> catalog_queries(int server_version_num);

} // namespace schemadiff::source
