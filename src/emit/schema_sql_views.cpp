#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/error.hpp"
#include "schemadiff/plan/topological_order.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

// A view or a materialized view: they read one another, so they are
// ordered together.
struct ViewLike {
  model::QualifiedName name;
  std::string kind;
  const model::ViewDependencies *depends_on;
  std::string statement;
};

std::string with_options(const std::vector<std::string> &options) {
  return options.empty() ? "" : " WITH (" + storage_options(options) + ")";
}

std::vector<ViewLike> views_by_name(const model::Catalog &catalog) {
  std::vector<ViewLike> views;
  for (const auto &[name, view] : catalog.views) {
    views.push_back({name, "view", &view.depends_on,
                     fmt::format("CREATE VIEW {}{} AS\n{}", qualified(name), with_options(view.options),
                                 without_terminator(view.definition))});
  }
  for (const auto &[name, view] : catalog.materialized_views) {
    views.push_back(
        {name, "materialized view", &view.depends_on,
         fmt::format("CREATE MATERIALIZED VIEW {}{} AS\n{}\nWITH {}DATA", qualified(name), with_options(view.options),
                     without_terminator(view.definition), view.populated ? "" : "NO ")});
  }
  std::stable_sort(views.begin(), views.end(), [](const ViewLike &a, const ViewLike &b) { return a.name < b.name; });
  return views;
}

} // namespace

void render_views(const model::Catalog &catalog, SchemaScript &script) {
  const std::vector<ViewLike> views = views_by_name(catalog);
  std::map<model::QualifiedName, std::size_t> position;
  for (std::size_t node = 0; node < views.size(); ++node) position.emplace(views[node].name, node);

  // Tables exist by now; only the views a view reads decide its place.
  std::vector<std::vector<std::size_t>> depends_on(views.size());
  for (std::size_t node = 0; node < views.size(); ++node) {
    for (const model::QualifiedName &relation : views[node].depends_on->relations) {
      const auto read = position.find(relation);
      if (read != position.end() && read->second != node) depends_on[node].push_back(read->second);
    }
  }
  const plan::TopologicalOrder order = plan::topological_order(depends_on);
  if (!order.cycle.empty()) {
    std::string path;
    for (const std::size_t node : order.cycle) path += views[node].kind + " " + qualified(views[node].name) + " -> ";
    path += views[order.cycle.front()].kind + " " + qualified(views[order.cycle.front()].name);
    throw Error("the catalog's views read each other in a cycle", path,
                "PostgreSQL cannot create such views; the catalog was not read from a database");
  }
  for (const std::size_t node : order.order) {
    script.add(views[node].kind + " " + qualified(views[node].name), {views[node].statement});
  }
}

} // namespace schemadiff::emit
