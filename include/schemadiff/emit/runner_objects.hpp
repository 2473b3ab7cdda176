#pragma once
// What a migration runner keeps for itself in the database it migrates —
// golang-migrate's and dbmate's schema_migrations, goose's goose_db_version,
// Flyway's flyway_schema_history, sqitch's registry schema — is no part of
// the schema: plan never drops it, drift never reports it.

#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/model/catalog.hpp"

namespace schemadiff::emit {

// The catalog without the format's runner objects (in public, where the
// runners put them by default) and what belongs to them: their indexes,
// constraints, owned sequences, triggers, policies and dependencies.
model::Catalog without_runner_objects(model::Catalog catalog, MigrationFormat format);

} // namespace schemadiff::emit
