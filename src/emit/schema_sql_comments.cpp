#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/policies.hpp"
#include "schemadiff/plan/ddl/routines.hpp"
#include "schemadiff/plan/ddl/triggers.hpp"
#include "schemadiff/plan/ddl/views.hpp"

#include <map>
#include <optional>

#include <fmt/format.h>

namespace schemadiff::emit {

using pg::quote_ident;

namespace {

// What initdb puts on public; a catalog that keeps it needs no COMMENT.
const std::string public_schema_comment = "standard public schema";

struct Comment {
  std::string target; // as COMMENT ON spells it: "TABLE public.t", "CONSTRAINT c ON public.t"
  std::optional<std::string> text;
};

// One block for an object and the parts named with it (columns, constraints).
void add_comments(SchemaScript &script, const std::string &object, const std::vector<Comment> &comments) {
  std::vector<std::string> statements;
  for (const Comment &comment : comments) {
    if (comment.text) {
      statements.push_back(fmt::format("COMMENT ON {} IS {}", comment.target, pg::quote_literal(*comment.text)));
    }
  }
  script.add("comments on " + object, statements);
}

void comment_schemas(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, schema] : catalog.schemas) {
    if (name != "public") {
      add_comments(script, "schema " + quote_ident(name), {{"SCHEMA " + quote_ident(name), schema.comment}});
    } else if (!schema.comment) {
      script.add("comments on schema public", {"COMMENT ON SCHEMA public IS NULL"});
    } else if (*schema.comment != public_schema_comment) {
      add_comments(script, "schema public", {{"SCHEMA public", schema.comment}});
    }
  }
  for (const auto &[name, extension] : catalog.extensions) {
    add_comments(script, "extension " + quote_ident(name), {{"EXTENSION " + quote_ident(name), extension.comment}});
  }
}

void comment_types(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, collation] : catalog.collations) {
    add_comments(script, "collation " + qualified(name), {{"COLLATION " + qualified(name), collation.comment}});
  }
  for (const auto &[name, type] : catalog.enums) {
    add_comments(script, "enum type " + qualified(name), {{"TYPE " + qualified(name), type.comment}});
  }
  for (const auto &[name, type] : catalog.range_types) {
    add_comments(script, "range type " + qualified(name), {{"TYPE " + qualified(name), type.comment}});
  }
  for (const auto &[name, domain] : catalog.domains) {
    std::vector<Comment> comments = {{"DOMAIN " + qualified(name), domain.comment}};
    for (const model::DomainCheck &check : domain.checks) {
      comments.push_back(
          {fmt::format("CONSTRAINT {} ON DOMAIN {}", quote_ident(check.name), qualified(name)), check.comment});
    }
    add_comments(script, "domain " + qualified(name), comments);
  }
  for (const auto &[name, type] : catalog.composite_types) {
    std::vector<Comment> comments = {{"TYPE " + qualified(name), type.comment}};
    for (const model::CompositeAttribute &attribute : type.attributes) {
      comments.push_back({"COLUMN " + qualified(name) + "." + quote_ident(attribute.name), attribute.comment});
    }
    add_comments(script, "composite type " + qualified(name), comments);
  }
}

void comment_routines(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[key, routine] : catalog.routines) {
    add_comments(script, routine_title(routine), {{plan::ddl::routine_target(routine), routine.comment}});
  }
  for (const auto &[key, aggregate] : catalog.aggregates) {
    add_comments(script, "aggregate " + aggregate_signature(key),
                 {{plan::ddl::aggregate_target(key), aggregate.comment}});
  }
}

std::vector<Comment> column_comments(const model::QualifiedName &relation,
                                     const std::map<std::string, std::string> &comments) {
  std::vector<Comment> found;
  for (const auto &[column, text] : comments) {
    found.push_back({plan::ddl::column_target(relation, column), text});
  }
  return found;
}

void comment_relations(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, sequence] : catalog.sequences) {
    add_comments(script, "sequence " + qualified(name), {{"SEQUENCE " + qualified(name), sequence.comment}});
  }
  for (const auto &[name, table] : catalog.tables) {
    std::vector<Comment> comments = {{"TABLE " + qualified(name), table.comment}};
    for (const model::Column &column : table.columns) {
      comments.push_back({"COLUMN " + qualified(name) + "." + quote_ident(column.name), column.comment});
    }
    for (const model::Constraint &constraint : table.constraints) {
      comments.push_back(
          {fmt::format("CONSTRAINT {} ON {}", quote_ident(constraint.name), qualified(name)), constraint.comment});
    }
    add_comments(script, "table " + qualified(name), comments);
  }
  for (const auto &[name, index] : catalog.indexes) {
    add_comments(script, "index " + qualified(name), {{"INDEX " + qualified(name), index.comment}});
  }
  for (const auto &[name, view] : catalog.views) {
    std::vector<Comment> comments = {{plan::ddl::view_target(name), view.comment}};
    for (Comment &column : column_comments(name, view.column_comments)) comments.push_back(std::move(column));
    add_comments(script, "view " + qualified(name), comments);
  }
  for (const auto &[name, view] : catalog.materialized_views) {
    std::vector<Comment> comments = {{plan::ddl::materialized_view_target(name), view.comment}};
    for (Comment &column : column_comments(name, view.column_comments)) comments.push_back(std::move(column));
    add_comments(script, "materialized view " + qualified(name), comments);
  }
}

void comment_table_members(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[key, trigger] : catalog.triggers) {
    const std::string name = quote_ident(key.name);
    add_comments(script, "trigger " + name + " on " + qualified(key.table),
                 {{plan::ddl::trigger_target(key), trigger.comment}});
  }
  for (const auto &[key, policy] : catalog.policies) {
    const std::string name = quote_ident(key.name);
    add_comments(script, "policy " + name + " on " + qualified(key.table),
                 {{plan::ddl::policy_target(key), policy.comment}});
  }
}

} // namespace

void render_comments(const model::Catalog &catalog, SchemaScript &script) {
  comment_schemas(catalog, script);
  comment_types(catalog, script);
  comment_routines(catalog, script);
  comment_relations(catalog, script);
  comment_table_members(catalog, script);
}

} // namespace schemadiff::emit
