#include "planned_migrations.hpp"

#include "support/test_database.hpp"

#include "schemadiff/source/desired_schema.hpp"
#include "schemadiff/source/introspect.hpp"

namespace schemadiff::testing {

PlannedMigrations plan_migrations(const std::string &old_sql, const std::string &new_schema,
                                  const plan::PlanOptions &options) {
  const TestDatabase live;
  live.execute(old_sql);
  const ScratchDirectory schema;
  schema.write("schema.sql", new_schema);
  PlannedMigrations planned;
  planned.before = source::introspect(live.conninfo());
  planned.desired = source::read_desired_schema(schema.path(), shared_cluster_conninfo());
  planned.plan = plan::build_plan(planned.before, planned.desired, options);
  planned.migrations = emit::group_into_migrations(planned.plan);
  return planned;
}

void write_migration_files(const ScratchDirectory &directory, const std::vector<emit::Migration> &migrations,
                           emit::MigrationFormat format, const std::string &name) {
  emit::WriteRequest request;
  request.migrations = migrations;
  request.name = name;
  request.first_version = emit::version_of_time(1714564800);
  for (const emit::MigrationFile &file : emit::render_migration_files(request, format)) {
    directory.write(file.path.string(), file.text);
  }
}

} // namespace schemadiff::testing
