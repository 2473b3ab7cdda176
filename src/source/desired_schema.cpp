#include "schemadiff/source/desired_schema.hpp"

#include "schema_files/check_sources.hpp"
#include "schema_files/dependency_order.hpp"
#include "schema_files/shadow_load.hpp"
#include "schema_files/statement_rules.hpp"

#include "schemadiff/pg/throwaway_database.hpp"
#include "schemadiff/source/introspect.hpp"

#include <chrono>

namespace schemadiff::source {

namespace {

using Clock = std::chrono::steady_clock;

double elapsed_ms(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

} // namespace

model::Catalog read_desired_schema(const std::filesystem::path &schema_directory, const std::string &shadow_server,
                                   DesiredSchemaTimings *timings) {
  DesiredSchemaTimings spent;
  auto started = Clock::now();
  const std::vector<SchemaFile> files = read_schema_directory(schema_directory);
  std::vector<SourceStatement> statements;
  for (const SchemaFile &file : files) {
    for (SourceStatement &statement : parse_schema_file(file)) {
      check_declarative(statement);
      statements.push_back(std::move(statement));
    }
  }
  spent.parse_ms = elapsed_ms(started);

  started = Clock::now();
  statements = order_statements(files, std::move(statements));
  spent.order_ms = elapsed_ms(started);

  // Named per process and call: concurrent runs on one --dev-url server
  // never meet.
  const pg::ThrowawayDatabase shadow(shadow_server, "shadow");
  started = Clock::now();
  load_statements(shadow.conninfo(), files, statements);
  spent.load_ms = elapsed_ms(started);

  started = Clock::now();
  model::Catalog catalog = introspect(shadow.conninfo());
  for (auto &[object, text] : check_sources(files, statements)) {
    if (catalog.holds(object)) catalog.source_text[object] = std::move(text);
  }
  spent.introspect_ms = elapsed_ms(started);
  if (timings != nullptr) *timings = spent;
  return catalog;
}

} // namespace schemadiff::source
