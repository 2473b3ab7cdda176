#include "schemadiff/emit/runner_objects.hpp"

#include <algorithm>
#include <optional>

namespace schemadiff::emit {

namespace {

using emit::MigrationFormat;

std::optional<model::QualifiedName> history_table(MigrationFormat format) {
  switch (format) {
  case MigrationFormat::GolangMigrate:
  case MigrationFormat::Dbmate:
    return model::QualifiedName{"public", "schema_migrations"};
  case MigrationFormat::Goose:
    return model::QualifiedName{"public", "goose_db_version"};
  case MigrationFormat::Flyway:
    return model::QualifiedName{"public", "flyway_schema_history"};
  default:
    return std::nullopt;
  }
}

// sqitch keeps its registry in a schema of its own.
std::optional<std::string> registry_schema(MigrationFormat format) {
  if (format == MigrationFormat::Sqitch) return std::string("sqitch");
  return std::nullopt;
}

} // namespace

model::Catalog without_runner_objects(model::Catalog catalog, MigrationFormat format) {
  const std::optional<model::QualifiedName> table = history_table(format);
  const std::optional<std::string> registry = registry_schema(format);
  const auto owned = [&](const model::QualifiedName &name) {
    return (registry && name.schema == *registry) || (table && name == *table);
  };
  const auto owned_ref = [&](const model::ObjectRef &ref) {
    if (ref.kind == model::ObjectKind::Schema) return registry && ref.schema == *registry;
    return owned({ref.schema, ref.name});
  };
  if (registry) catalog.schemas.erase(*registry);
  std::erase_if(catalog.tables, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.indexes, [&](const auto &entry) { return owned(entry.second.table) || owned(entry.first); });
  std::erase_if(catalog.sequences, [&](const auto &entry) {
    return owned(entry.first) || (entry.second.owned_by && owned(entry.second.owned_by->table));
  });
  std::erase_if(catalog.views, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.materialized_views, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.routines, [&](const auto &entry) { return registry && entry.first.schema == *registry; });
  std::erase_if(catalog.aggregates, [&](const auto &entry) { return registry && entry.first.schema == *registry; });
  std::erase_if(catalog.enums, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.domains, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.composite_types, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.triggers, [&](const auto &entry) { return owned(entry.first.table); });
  std::erase_if(catalog.policies, [&](const auto &entry) { return owned(entry.first.table); });
  std::erase_if(catalog.statistics, [&](const auto &entry) { return owned(entry.first); });
  std::erase_if(catalog.source_text, [&](const auto &entry) { return owned_ref(entry.first); });
  std::erase_if(catalog.dependencies, [&](const auto &entry) { return owned_ref(entry.first); });
  for (auto &[user, needs] : catalog.dependencies) std::erase_if(needs, owned_ref);
  return catalog;
}

} // namespace schemadiff::emit
