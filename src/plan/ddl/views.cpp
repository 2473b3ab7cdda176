#include "schemadiff/plan/ddl/views.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <fmt/format.h>

namespace schemadiff::plan::ddl {

namespace {

std::string with_options(const std::vector<std::string> &options) {
  return options.empty() ? "" : " WITH (" + storage_options(options) + ")";
}

} // namespace

std::string create_view(const model::View &view) {
  return fmt::format("CREATE VIEW {}{} AS\n{}", qualified(view.name), with_options(view.options),
                     without_terminator(view.definition));
}

std::string create_materialized_view(const model::MaterializedView &view) {
  return fmt::format("CREATE MATERIALIZED VIEW {}{} AS\n{}\nWITH {}DATA", qualified(view.name),
                     with_options(view.options), without_terminator(view.definition), view.populated ? "" : "NO ");
}

std::string view_target(const model::QualifiedName &name) { return "VIEW " + qualified(name); }

std::string materialized_view_target(const model::QualifiedName &name) {
  return "MATERIALIZED VIEW " + qualified(name);
}

std::string column_target(const model::QualifiedName &relation, const std::string &column) {
  return "COLUMN " + qualified(relation) + "." + pg::quote_ident(column);
}

std::string relation_grant_target(const model::QualifiedName &name) { return "TABLE " + qualified(name); }

} // namespace schemadiff::plan::ddl
