// Views and materialized views: CREATE, DROP, and in place what PostgreSQL
// can change without re-creating them: a view's options, comments (the
// view's and its columns'), grants. A changed query or column list is a
// re-creation (the differ), and so is any change to a materialized view's
// query, options or WITH [NO] DATA; its indexes are Index objects of their
// own.

#include "builders.hpp"
#include "step_helpers.hpp"

#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/views.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::kinds {

namespace {

const model::View &view_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto view = catalog.views.find(name_of(object));
  if (view == catalog.views.end()) throw Error("the catalog has no such view", display(name_of(object)));
  return view->second;
}

const model::MaterializedView &materialized_view_of(const model::Catalog &catalog, const model::ObjectRef &object) {
  const auto view = catalog.materialized_views.find(name_of(object));
  if (view == catalog.materialized_views.end()) {
    throw Error("the catalog has no such materialized view", display(name_of(object)));
  }
  return view->second;
}

void append(std::vector<std::string> &statements, std::vector<std::string> more) {
  for (std::string &statement : more) statements.push_back(std::move(statement));
}

// What a new view or materialized view is granted when it is created: what ALTER DEFAULT PRIVILEGES gives tables
// (PostgreSQL's own default grants others nothing). A step creating one runs after the steps that change those
// defaults.
model::Privileges granted_at_creation(const model::Catalog &catalog, const model::QualifiedName &name) {
  return ddl::privileges_at_creation(catalog, name.schema, 'r');
}

void wait_for_default_privileges(const model::Catalog &catalog, const model::QualifiedName &name, Step &step) {
  for (const model::DefaultPrivilegeKey &key : ddl::default_privileges_for(catalog, name.schema, 'r')) {
    step.needs.push_back(diff::default_privilege_ref(key));
  }
}

// What a view and a materialized view share besides their query: the
// comment, the columns' comments and the grants, turned from `from` (null:
// a new relation, with no comments and the grants it gets at creation) into
// `to`.
template <typename Relation>
std::vector<std::string> attribute_statements(const model::Catalog &catalog, const std::string &comment_target,
                                              const Relation *from, const Relation &to) {
  std::vector<std::string> statements =
      ddl::comment_statements(comment_target, from ? from->comment : std::nullopt, to.comment);
  std::set<std::string> columns;
  for (const auto &[column, text] : to.column_comments) columns.insert(column);
  if (from) {
    for (const auto &[column, text] : from->column_comments) columns.insert(column);
  }
  const auto comment_of = [](const Relation *relation, const std::string &column) -> std::optional<std::string> {
    if (relation == nullptr) return std::nullopt;
    const auto found = relation->column_comments.find(column);
    return found == relation->column_comments.end() ? std::nullopt : std::optional<std::string>(found->second);
  };
  for (const std::string &column : columns) {
    append(statements, ddl::comment_statements(ddl::column_target(to.name, column), comment_of(from, column),
                                               comment_of(&to, column)));
  }
  append(statements, ddl::grant_statements(ddl::relation_grant_target(to.name), to.privileges,
                                           from ? from->privileges : granted_at_creation(catalog, to.name)));
  return statements;
}

// A step on a view or materialized view itself: what it locks is the
// relation (queries reading it wait), which has no row estimate of a table.
Step relation_step(const BuildContext &context, Phase phase, std::string summary, const model::QualifiedName &name,
                   Lock lock) {
  Step step = table_step(context, phase, std::move(summary), name, lock);
  if (lock == Lock::None) step.locked_relation.reset();
  return step;
}

std::string prefix(Purpose purpose, const char *verb) {
  return purpose == Purpose::RecreateCreate ? std::string("re-") + verb : std::string(verb);
}

// ----- views

std::vector<std::string> create_view_statements(const model::Catalog &catalog, const model::View &view) {
  std::vector<std::string> statements{ddl::or_replace(ddl::create_view(view))};
  append(statements, attribute_statements<model::View>(catalog, ddl::view_target(view.name), nullptr, view));
  return statements;
}

std::string drop_view(const model::View &view) { return ddl::drop_if_exists(ddl::view_target(view.name)); }

// A drop that only makes room for the view's re-creation (the down of a
// re-create, the up of its drop) waits until nothing depends on the view.
std::string drop_view_for(Purpose purpose, const model::View &view) {
  const bool recreated = purpose == Purpose::RecreateCreate || purpose == Purpose::RecreateDrop;
  return recreated ? ddl::only_while(ddl::nothing_depends_on(view.name), {drop_view(view)}) : drop_view(view);
}

void view_create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::View &view = view_of(context.desired, object);
  Step step = relation_step(context, Phase::Expand, prefix(purpose, "create view ") + display(view.name), view.name,
                            Lock::None);
  step.up = create_view_statements(context.desired, view);
  step.down = {drop_view_for(purpose, view)};
  step.creates = {object};
  wait_for_default_privileges(context.desired, view.name, step);
  steps.push_back(std::move(step));
}

void view_drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::View &view = view_of(context.current, object);
  Step step =
      relation_step(context, drop_phase(purpose), "drop view " + display(view.name), view.name, Lock::AccessExclusive);
  step.up = {drop_view_for(purpose, view)};
  step.down = create_view_statements(context.current, view);
  step.drops = {object};
  if (purpose == Purpose::Drop) {
    step.hazards.push_back({HazardKind::BreaksRunningCode, "code still reading the view fails"});
  }
  steps.push_back(std::move(step));
}

std::string option_key(const std::string &option) { return option.substr(0, option.find('=')); }

// ALTER VIEW ... RESET the options `to` lacks, SET the ones it has.
std::vector<std::string> option_statements(const model::View &from, const model::View &to) {
  if (from.options == to.options) return {};
  std::vector<std::string> statements;
  std::vector<std::string> reset;
  for (const std::string &option : from.options) {
    const bool kept = std::any_of(to.options.begin(), to.options.end(),
                                  [&](const std::string &o) { return option_key(o) == option_key(option); });
    if (!kept) reset.push_back(option_key(option));
  }
  const std::string name = ddl::qualified(to.name);
  if (!reset.empty()) statements.push_back(fmt::format("ALTER VIEW {} RESET ({})", name, fmt::join(reset, ", ")));
  if (!to.options.empty())
    statements.push_back(fmt::format("ALTER VIEW {} SET ({})", name, ddl::storage_options(to.options)));
  return statements;
}

std::vector<std::string> view_alter_statements(const model::Catalog &catalog, const model::View &from,
                                               const model::View &to) {
  std::vector<std::string> statements = option_statements(from, to);
  append(statements, attribute_statements(catalog, ddl::view_target(to.name), &from, to));
  return statements;
}

void view_alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::View &from = view_of(context.current, object);
  const model::View &to = view_of(context.desired, object);
  // Changing a view's options takes an ACCESS EXCLUSIVE lock on it;
  // comments and grants only touch the catalog.
  const Lock lock = from.options != to.options ? Lock::AccessExclusive : Lock::None;
  Step step = relation_step(context, Phase::Expand, "alter view " + display(to.name), to.name, lock);
  step.up = view_alter_statements(context.desired, from, to);
  step.down = view_alter_statements(context.current, to, from);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

// ----- materialized views

std::vector<std::string> create_materialized_view_statements(const model::Catalog &catalog,
                                                             const model::MaterializedView &view) {
  std::vector<std::string> statements{ddl::if_not_exists(ddl::create_materialized_view(view))};
  append(statements, attribute_statements<model::MaterializedView>(catalog, ddl::materialized_view_target(view.name),
                                                                   nullptr, view));
  return statements;
}

std::string drop_materialized_view(const model::MaterializedView &view) {
  return ddl::drop_if_exists(ddl::materialized_view_target(view.name));
}

std::string drop_materialized_view_for(Purpose purpose, const model::MaterializedView &view) {
  const bool recreated = purpose == Purpose::RecreateCreate || purpose == Purpose::RecreateDrop;
  return recreated ? ddl::only_while(ddl::nothing_depends_on(view.name), {drop_materialized_view(view)})
                   : drop_materialized_view(view);
}

void materialized_view_create(const BuildContext &context, const model::ObjectRef &object, Purpose purpose,
                              Plan &steps) {
  const model::MaterializedView &view = materialized_view_of(context.desired, object);
  Step step = relation_step(context, Phase::Expand, prefix(purpose, "create materialized view ") + display(view.name),
                            view.name, Lock::None);
  step.up = create_materialized_view_statements(context.desired, view);
  step.down = {drop_materialized_view_for(purpose, view)};
  step.creates = {object};
  wait_for_default_privileges(context.desired, view.name, step);
  steps.push_back(std::move(step));
}

void materialized_view_drop(const BuildContext &context, const model::ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::MaterializedView &view = materialized_view_of(context.current, object);
  Step step = relation_step(context, drop_phase(purpose), "drop materialized view " + display(view.name), view.name,
                            Lock::AccessExclusive);
  step.up = {drop_materialized_view_for(purpose, view)};
  // Its indexes come back with their own steps' downs.
  step.down = create_materialized_view_statements(context.current, view);
  step.drops = {object};
  if (purpose == Purpose::Drop) {
    step.hazards.push_back({HazardKind::BreaksRunningCode, "code still reading the materialized view fails"});
  }
  steps.push_back(std::move(step));
}

void materialized_view_alter(const BuildContext &context, const model::ObjectRef &object, Plan &steps) {
  const model::MaterializedView &from = materialized_view_of(context.current, object);
  const model::MaterializedView &to = materialized_view_of(context.desired, object);
  const std::string target = ddl::materialized_view_target(to.name);
  Step step = relation_step(context, Phase::Expand, "alter materialized view " + display(to.name), to.name, Lock::None);
  step.up = attribute_statements(context.desired, target, &from, to);
  step.down = attribute_statements(context.current, target, &to, from);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

} // namespace

const KindBuilder view_builder{view_create, view_drop, view_alter};
const KindBuilder materialized_view_builder{materialized_view_create, materialized_view_drop, materialized_view_alter};

} // namespace schemadiff::plan::kinds
