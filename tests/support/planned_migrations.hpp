#pragma once
// Where the tests of written migrations start: a live database built from
// old SQL, planned towards schema files as `schemadiff write` plans, cut
// into migrations, and those written as one runner's files.

#include "support/scratch_directory.hpp"

#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/emit/migrations.hpp"
#include "schemadiff/model/catalog.hpp"
#include "schemadiff/plan/build.hpp"

#include <string>
#include <vector>

namespace schemadiff::testing {

struct PlannedMigrations {
  model::Catalog before;  // the live database as it was
  model::Catalog desired; // what the schema files say
  plan::Plan plan;
  std::vector<emit::Migration> migrations;
};

// The old SQL runs on a database of its own, dropped once it is read.
PlannedMigrations plan_migrations(const std::string &old_sql, const std::string &new_schema,
                                  const plan::PlanOptions &options = {});

// The migrations as `format`'s files in `directory`, versions from
// 20240501120000 on.
void write_migration_files(const ScratchDirectory &directory, const std::vector<emit::Migration> &migrations,
                           emit::MigrationFormat format, const std::string &name);

} // namespace schemadiff::testing
