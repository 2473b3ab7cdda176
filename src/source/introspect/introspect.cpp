// Runs the catalog queries of every kind in one snapshot and maps their rows
// into the model.

#include "schemadiff/source/introspect.hpp"

#include "catalog_kind.hpp"
#include "query_log.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/pg/connect.hpp"
#include "schemadiff/pg/redact.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

namespace schemadiff::source {

namespace {

// The oldest release whose catalogs the queries know (tgparentid is new in 13).
constexpr int oldest_supported_version = 130000;

void check_supported(int server_version_num, const std::string &where = {}) {
  if (server_version_num < oldest_supported_version) {
    throw Error(fmt::format("server version {} is not supported", server_version_num), where,
                "schemadiff reads PostgreSQL 13 to 17");
  }
}

std::string trimmed(std::string message) {
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  return message;
}

// REPEATABLE READ: every query sees the same snapshot, so a table never
// appears without its columns while DDL runs concurrently. READ ONLY: reading
// the catalog must never write, even by mistake.
using Snapshot = pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::read_only>;

} // namespace

const std::vector<CatalogKind> &catalog_kinds() {
  static const std::vector<CatalogKind> kinds = {
      schemas_kind,
      extensions_kind,
      collations_kind,
      enums_kind,
      composite_types_kind,
      range_types_kind,
      domains_kind,
      sequences_kind,
      tables_kind,
      columns_kind,
      constraints_kind,
      indexes_kind,
      views_kind,
      routines_kind,
      aggregates_kind,
      triggers_kind,
      policies_kind,
      privileges_kind,
      default_privileges_kind,
      dependencies_kind,
  };
  return kinds;
}

std::vector<CatalogQuery> catalog_queries(int server_version_num) {
  check_supported(server_version_num);
  std::vector<CatalogQuery> queries;
  for (const CatalogKind &kind : catalog_kinds()) {
    queries.push_back({std::string(kind.kind), kind.sql(server_version_num)});
  }
  return queries;
}

namespace {

model::Catalog read_catalog(const std::string &conninfo, const IntrospectOptions &options,
                            const std::function<void(const CatalogQuery &)> &on_query) {
  const auto connection = pg::connect(conninfo);
  const std::string where = fmt::format("database {}", pg::redact_secrets(conninfo));
  model::Catalog catalog;
  catalog.server_version_num = connection->server_version();
  check_supported(catalog.server_version_num, where);

  std::string_view reading = "the snapshot";
  try {
    Snapshot snapshot(*connection, "introspect");
    // Only pg_catalog on the path: pg_get_*def, format_type and regclass
    // output then qualify every user object, the same way on every database.
    snapshot.exec0("SET LOCAL search_path = pg_catalog");
    for (const CatalogKind &kind : catalog_kinds()) {
      reading = kind.kind;
      const CatalogQuery query{std::string(kind.kind), kind.sql(catalog.server_version_num)};
      if (on_query) on_query(query);
      // Each result is mapped and released before the next query runs.
      const pqxx::result rows = snapshot.exec(query.sql, query.kind);
      if (options.require_schema_usage && kind.kind == schemas_kind.kind) refuse_unusable_schemas(rows);
      kind.read(rows, catalog);
    }
    snapshot.commit();
  } catch (const Error &) {
    throw;
  } catch (const pqxx::broken_connection &failure) {
    throw Error(fmt::format("the connection broke while reading {}: {}", reading, trimmed(failure.what())), where);
  } catch (const pqxx::insufficient_privilege &failure) {
    throw Error(fmt::format("reading {} from the catalog failed: {}", reading, trimmed(failure.what())), where,
                "connect as a role that may read pg_catalog, such as the owner of the database");
  } catch (const std::exception &failure) {
    throw Error(fmt::format("reading {} from the catalog failed: {}", reading, trimmed(failure.what())), where);
  }
  return catalog;
}

} // namespace

model::Catalog introspect(const std::string &conninfo, const std::function<void(const CatalogQuery &)> &on_query) {
  return read_catalog(conninfo, IntrospectOptions{}, on_query);
}

model::Catalog introspect(const std::string &conninfo, const IntrospectOptions &options) {
  return read_catalog(conninfo, options, nullptr);
}

model::Catalog introspect(const std::string &conninfo) { return read_catalog(conninfo, IntrospectOptions{}, nullptr); }

} // namespace schemadiff::source
