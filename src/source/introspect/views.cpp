// Views and materialized views, with their columns and what their query
// reads.

#include "catalog_kind.hpp"
#include "catalog_rows.hpp"

#include <algorithm>

namespace schemadiff::source {

namespace {

// Reads pg_class (relkind 'v' and 'm'), pg_attribute (output columns),
// pg_description (of the view and its columns), pg_namespace, pg_depend
// (extension members), and for the dependencies pg_rewrite with pg_depend:
// a view's query hangs on its _RETURN rule, whose dependencies name each
// relation it reads (once per column used, hence DISTINCT; a sequence it
// calls nextval on is one too) and each function it calls. System objects
// created after bootstrap are recorded as well, and left out here: they
// always exist.
constexpr std::string_view views_sql = R"sql(
SELECT n.nspname AS schema, c.relname AS name, c.relkind AS kind,
       pg_get_viewdef(c.oid, true) AS definition,
       to_json(c.reloptions) AS options,
       (SELECT json_agg(json_build_array(a.attname, ad.description) ORDER BY a.attnum)
        FROM pg_attribute a
        LEFT JOIN pg_description ad
          ON ad.classoid = 'pg_class'::regclass AND ad.objoid = a.attrelid AND ad.objsubid = a.attnum
        WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       c.relispopulated AS populated,
       (SELECT json_agg(json_build_array(un.nspname, u.relname))
        FROM (SELECT DISTINCT x.refobjid
              FROM pg_rewrite w
              JOIN pg_depend x
                ON x.classid = 'pg_rewrite'::regclass AND x.objid = w.oid
               AND x.refclassid = 'pg_class'::regclass AND x.refobjid <> c.oid
              WHERE w.ev_class = c.oid) used
        JOIN pg_class u ON u.oid = used.refobjid AND u.relkind IN ('r', 'p', 'v', 'm', 'S')
        JOIN pg_namespace un ON un.oid = u.relnamespace
        WHERE un.nspname <> 'information_schema' AND un.nspname !~ '^(pg_|schemadiff)') AS relations,
       (SELECT json_agg(json_build_array(fn.nspname, f.proname, pg_get_function_identity_arguments(f.oid)))
        FROM (SELECT DISTINCT x.refobjid
              FROM pg_rewrite w
              JOIN pg_depend x
                ON x.classid = 'pg_rewrite'::regclass AND x.objid = w.oid AND x.refclassid = 'pg_proc'::regclass
              WHERE w.ev_class = c.oid) used
        JOIN pg_proc f ON f.oid = used.refobjid
        JOIN pg_namespace fn ON fn.oid = f.pronamespace
        WHERE fn.nspname <> 'information_schema' AND fn.nspname !~ '^(pg_|schemadiff)') AS routines,
       d.description AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_description d ON d.classoid = 'pg_class'::regclass AND d.objoid = c.oid AND d.objsubid = 0
WHERE c.relkind IN ('v', 'm')
  AND n.nspname <> 'information_schema' AND n.nspname !~ '^(pg_|schemadiff)'
  AND NOT EXISTS (SELECT FROM pg_depend x
                  WHERE x.classid = 'pg_class'::regclass AND x.objid = c.oid AND x.deptype = 'e')
)sql";

model::ViewDependencies dependencies_of(const pqxx::row &row) {
  model::ViewDependencies depends_on;
  for (const auto &relation : json_list(row["relations"])) {
    depends_on.relations.push_back({relation[0].get<std::string>(), relation[1].get<std::string>()});
  }
  for (const auto &routine : json_list(row["routines"])) {
    depends_on.routines.push_back(
        {routine[0].get<std::string>(), routine[1].get<std::string>(), routine[2].get<std::string>()});
  }
  std::sort(depends_on.relations.begin(), depends_on.relations.end());
  std::sort(depends_on.routines.begin(), depends_on.routines.end());
  return depends_on;
}

// The fields views and materialized views share.
template <typename Relation> Relation view_of(const pqxx::row &row) {
  Relation view;
  view.name = {text(row["schema"]), text(row["name"])};
  view.definition = text(row["definition"]);
  view.options = text_list(row["options"]);
  for (const auto &column : json_list(row["columns"])) {
    const auto name = column[0].get<std::string>();
    view.columns.push_back(name);
    if (const auto comment = optional_text(column[1])) view.column_comments[name] = *comment;
  }
  view.depends_on = dependencies_of(row);
  view.comment = optional_text(row["comment"]);
  return view;
}

void read_views(const pqxx::result &rows, model::Catalog &catalog) {
  for (const auto &row : rows) {
    if (letter(row["kind"]) == 'm') {
      auto view = view_of<model::MaterializedView>(row);
      view.populated = flag(row["populated"]);
      catalog.materialized_views[view.name] = std::move(view);
    } else {
      auto view = view_of<model::View>(row);
      catalog.views[view.name] = std::move(view);
    }
  }
}

} // namespace

const CatalogKind views_kind{"views", [](int) { return std::string(views_sql); }, read_views};

} // namespace schemadiff::source
