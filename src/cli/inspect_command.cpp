#include "commands.hpp"
#include "current_state.hpp"
#include "desired_state.hpp"
#include "shadow_server.hpp"

#include "schemadiff/emit/catalog_json.hpp"
#include "schemadiff/emit/schema_sql.hpp"
#include "schemadiff/error.hpp"
#include "schemadiff/source/introspect.hpp"

#include <iostream>

namespace schemadiff::cli {

// inspect --db URL: the live database; inspect --schema DIR (no database):
// the model PostgreSQL itself builds from the schema files.
int run_inspect(const CommandLine &line, const Config &config) {
  model::Catalog catalog;
  if (const auto live = live_database(line, config)) {
    catalog = source::introspect(*live);
  } else if (line.schema) {
    ShadowServer shadow(line, config);
    catalog = read_desired_state(*line.schema, shadow);
  } else {
    throw Error("no database given", "schemadiff inspect",
                "pass --db URL (or set [database] url, or DATABASE_URL), or --schema DIR to inspect schema files");
  }
  const std::string format = line.format.value_or("sql");
  std::cout << (format == "json" ? emit::render_catalog_json(catalog) : emit::render_schema_sql(catalog));
  return 0;
}

} // namespace schemadiff::cli
