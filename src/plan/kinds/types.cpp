// User-defined types (enums, domains, composite and range types: one
// ObjectKind::Type) and collations. Created and dropped whole (kept in the
// backup schema instead while a backed-up table or column uses them);
// altered in place as far as PostgreSQL allows (diff/classify.cpp decides):
// enum labels added, a domain's default, NOT NULL and checks, and every
// type's comment and grants. Type DDL locks no table, except that a domain's new
// or validated check, or its NOT NULL, reads every table using the domain.

#include "backup.hpp"
#include "builders.hpp"
#include "enum_conversion.hpp"
#include "step_helpers.hpp"

#include "schemadiff/diff/changes.hpp"
#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/domains.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"
#include "schemadiff/plan/ddl/new_object_privileges.hpp"
#include "schemadiff/plan/ddl/privileges.hpp"
#include "schemadiff/plan/ddl/types.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace schemadiff::plan::kinds {

namespace {

using model::ObjectKind;
using model::ObjectRef;

// One object of ObjectKind::Type, whichever map of the catalog holds it.
struct TypeObject {
  const model::EnumType *enumeration = nullptr;
  const model::Domain *domain = nullptr;
  const model::CompositeType *composite = nullptr;
  const model::RangeType *range = nullptr;
  model::QualifiedName name;
  std::optional<std::string> comment;
  model::Privileges privileges;

  std::string noun() const {
    return enumeration ? "enum type" : domain ? "domain" : composite ? "composite type" : "range type";
  }
  // How ALTER, DROP, COMMENT ON and GRANT name it.
  std::string keyword() const { return domain ? "DOMAIN" : "TYPE"; }
  std::string target() const { return keyword() + " " + ddl::qualified(name); }
  std::string title() const { return noun() + " " + display(name); }
};

template <typename Type>
const Type *find_in(const std::map<model::QualifiedName, Type> &types, const model::QualifiedName &name) {
  const auto found = types.find(name);
  return found == types.end() ? nullptr : &found->second;
}

TypeObject type_of(const model::Catalog &catalog, const ObjectRef &object) {
  TypeObject type;
  type.name = name_of(object);
  const auto take = [&type](const auto *found) {
    if (found == nullptr) return false;
    type.comment = found->comment;
    type.privileges = found->privileges;
    return true;
  };
  if (take(type.enumeration = find_in(catalog.enums, type.name))) return type;
  if (take(type.domain = find_in(catalog.domains, type.name))) return type;
  if (take(type.composite = find_in(catalog.composite_types, type.name))) return type;
  if (take(type.range = find_in(catalog.range_types, type.name))) return type;
  throw Error("the catalog has no such type", "type " + display(type.name));
}

Step type_step(Phase phase, std::string summary) {
  Step step;
  step.phase = phase;
  step.summary = std::move(summary);
  step.lock = Lock::None;
  return step;
}

void append(std::vector<std::string> &statements, std::vector<std::string> more) {
  for (std::string &statement : more) statements.push_back(std::move(statement));
}

std::string check_target(const model::QualifiedName &domain, const model::DomainCheck &check) {
  return fmt::format("CONSTRAINT {} ON DOMAIN {}", pg::quote_ident(check.name), ddl::qualified(domain));
}

std::string attribute_target(const model::QualifiedName &type, const model::CompositeAttribute &attribute) {
  return "COLUMN " + ddl::qualified(type) + "." + pg::quote_ident(attribute.name);
}

template <typename Member> const Member *named(const std::vector<Member> &members, const std::string &name) {
  const auto found = std::find_if(members.begin(), members.end(), [&](const Member &m) { return m.name == name; });
  return found == members.end() ? nullptr : &*found;
}

// The type's comment and a composite type's attribute comments, from
// `from`'s (none: a new type).
std::vector<std::string> comments(const TypeObject *from, const TypeObject &to) {
  std::vector<std::string> statements =
      ddl::comment_statements(to.target(), from ? from->comment : std::nullopt, to.comment);
  if (!to.composite) return statements;
  for (const model::CompositeAttribute &attribute : to.composite->attributes) {
    const model::CompositeAttribute *old =
        from && from->composite ? named(from->composite->attributes, attribute.name) : nullptr;
    append(statements, ddl::comment_statements(attribute_target(to.name, attribute), old ? old->comment : std::nullopt,
                                               attribute.comment));
  }
  return statements;
}

// Comments and grants that turn `from` into `to`.
std::vector<std::string> attributes(const TypeObject &from, const TypeObject &to) {
  std::vector<std::string> statements = comments(&from, to);
  append(statements, ddl::grant_statements(to.target(), to.privileges, from.privileges));
  return statements;
}

// Comments and grants of a type the plan creates.
std::vector<std::string> new_type_attributes(const BuildContext &context, const TypeObject &type) {
  std::vector<std::string> statements = comments(nullptr, type);
  append(statements, ddl::new_object_grants({type.target(), type.name.schema, 'T', ddl::new_type_privileges()},
                                            type.privileges, context.current, context.desired));
  return statements;
}

// A domain's checks that wait for steps of their own after CREATE DOMAIN:
// one NOT VALID (CREATE DOMAIN cannot say so), or one calling a routine,
// which may itself take the domain as an argument.
ddl::DomainParts plan_parts(const model::Catalog &catalog, const model::Domain &domain) {
  return {false, [&catalog, &domain](const model::DomainCheck &check) {
            const auto needs =
                catalog.dependencies.find(diff::member_ref(ObjectKind::Constraint, domain.name, check.name));
            if (needs == catalog.dependencies.end()) return false;
            return std::any_of(needs->second.begin(), needs->second.end(), [](const ObjectRef &need) {
              return need.kind == ObjectKind::Routine || need.kind == ObjectKind::Aggregate;
            });
          }};
}

// The type as CREATE states it, with its comments and grants; for a domain,
// the checks `parts` leaves to later steps are left out.
std::vector<std::string> create_statements(const BuildContext &context, const TypeObject &type,
                                           const ddl::DomainParts &parts) {
  // CREATE TYPE and CREATE DOMAIN have no IF NOT EXISTS.
  const auto once = [&type](const std::string &create) {
    return ddl::unless_exists(ddl::type_exists(type.name), create);
  };
  std::vector<std::string> statements;
  if (type.enumeration) statements.push_back(once(ddl::create_enum(*type.enumeration)));
  if (type.composite) statements.push_back(once(ddl::create_composite(*type.composite)));
  if (type.range) statements.push_back(once(ddl::create_range(*type.range)));
  if (type.domain) {
    statements.push_back(once(ddl::create_domain(*type.domain, parts)));
    for (const model::DomainCheck &check : type.domain->checks) {
      if (!ddl::check_at_creation(check, parts)) continue;
      append(statements, ddl::comment_statements(check_target(type.name, check), std::nullopt, check.comment));
    }
  }
  append(statements, new_type_attributes(context, type));
  return statements;
}

// The whole type in one go, for a down: what it needs exists by then.
std::vector<std::string> create_whole(const BuildContext &context, const TypeObject &type) {
  std::vector<std::string> statements = create_statements(context, type, {});
  if (!type.domain) return statements;
  for (const model::DomainCheck &check : type.domain->checks) {
    if (ddl::check_at_creation(check, {})) continue;
    statements.push_back(ddl::add_domain_check_once(type.name, check));
    append(statements, ddl::comment_statements(check_target(type.name, check), std::nullopt, check.comment));
  }
  return statements;
}

std::string drop_statement(const TypeObject &type) { return ddl::drop_if_exists(type.target()); }

std::string display_user(const ObjectRef &user) {
  if (user.kind == ObjectKind::Column) return "column " + display(user);
  if (user.kind == ObjectKind::Table) return "table " + display(name_of(user));
  return "type " + display(name_of(user));
}

// Something that uses the object now and still will after the plan, and
// that the plan neither drops nor re-creates: DROP would fail on it. Views,
// routines and the like are re-created by the differ; columns, tables
// (typed tables) and other types are not.
std::optional<ObjectRef> still_used_by(const BuildContext &context, const ObjectRef &object) {
  std::optional<diff::Changes> changes;
  for (const auto &[user, needs] : context.current.dependencies) {
    if (user.kind != ObjectKind::Column && user.kind != ObjectKind::Table && user.kind != ObjectKind::Type) continue;
    if (std::find(needs.begin(), needs.end(), object) == needs.end()) continue;
    const auto wanted = context.desired.dependencies.find(user);
    if (wanted == context.desired.dependencies.end() ||
        std::find(wanted->second.begin(), wanted->second.end(), object) == wanted->second.end()) {
      continue;
    }
    if (!changes) changes = diff::diff_catalogs(context.current, context.desired);
    const ObjectRef table = diff::relation_ref(ObjectKind::Table, name_of(user));
    const auto goes = [&](const ObjectRef &ref) {
      return changes->recreated.contains(ref) || changes->dropped.contains(ref);
    };
    if (goes(user) || (user.kind == ObjectKind::Column && goes(table))) continue;
    return user;
  }
  return std::nullopt;
}

void refuse_if_still_used(const BuildContext &context, const ObjectRef &object, const std::string &title) {
  const std::optional<ObjectRef> user = still_used_by(context, object);
  if (!user) return;
  throw Error(fmt::format("{} must be re-created, but {} still uses it: the change needs a new type and a column "
                          "conversion, which schemadiff does not plan yet",
                          title, display_user(*user)),
              title,
              "create the changed type under a new name, convert the columns to it (ALTER COLUMN ... TYPE ... "
              "USING), then drop the old type, as separate schema changes");
}

// The checks of a new domain that come after it, one step each.
void add_late_checks(const model::Domain &domain, const ddl::DomainParts &parts, Plan &steps) {
  for (const model::DomainCheck &check : domain.checks) {
    if (ddl::check_at_creation(check, parts)) continue;
    const ObjectRef ref = diff::member_ref(ObjectKind::Constraint, domain.name, check.name);
    Step step = type_step(Phase::Expand, "add check " + display(ref) + " to domain " + display(domain.name));
    step.up = {ddl::add_domain_check_once(domain.name, check)};
    append(step.up, ddl::comment_statements(check_target(domain.name, check), std::nullopt, check.comment));
    step.down = {ddl::drop_domain_check(domain.name, check)};
    step.creates = {ref};
    steps.push_back(std::move(step));
  }
}

void type_create(const BuildContext &context, const ObjectRef &object, Purpose purpose, Plan &steps) {
  const TypeObject type = type_of(context.desired, object);
  // The conversion step of type_drop creates it.
  if (purpose == Purpose::RecreateCreate && type.enumeration && converts_enum_columns(context, object)) return;
  const ddl::DomainParts parts = type.domain ? plan_parts(context.desired, *type.domain) : ddl::DomainParts{};
  Step step = type_step(Phase::Expand, (purpose == Purpose::RecreateCreate ? "re-create " : "create ") + type.title());
  step.up = create_statements(context, type, parts);
  step.down = {drop_statement(type)};
  step.creates = {object};
  if (type.domain) {
    for (const model::DomainCheck &check : type.domain->checks) {
      if (ddl::check_at_creation(check, parts)) {
        step.creates.push_back(diff::member_ref(ObjectKind::Constraint, type.name, check.name));
      }
    }
  }
  steps.push_back(std::move(step));
  if (type.domain) add_late_checks(*type.domain, parts, steps);
}

void type_drop(const BuildContext &context, const ObjectRef &object, Purpose purpose, Plan &steps) {
  const TypeObject type = type_of(context.current, object);
  // Labels removed or reordered while columns use the enum: a new type and
  // a conversion of the columns, destructive, in one step.
  if (purpose == Purpose::RecreateDrop && type.enumeration && converts_enum_columns(context, object)) {
    steps.push_back(enum_conversion_step(context, object,
                                         create_statements(context, type_of(context.desired, object), {}),
                                         create_whole(context, type)));
    return;
  }
  if (purpose == Purpose::RecreateDrop) refuse_if_still_used(context, object, type.title());
  Step step = type_step(drop_phase(purpose), "drop " + type.title());
  step.up = {drop_statement(type)};
  step.down = create_whole(context, type);
  step.drops = {object};
  if (used_by_backups(context.current, context.desired, object)) {
    // A dropped table or column kept in the backup schema still uses the
    // type: it goes there too, and comes back with them in the down.
    const Backup backup = moved_backup(type.keyword(), type.name);
    step.up = backup.up;
    step.down = backup.down;
  }
  if (type.domain) {
    for (const model::DomainCheck &check : type.domain->checks) {
      step.drops.push_back(diff::member_ref(ObjectKind::Constraint, type.name, check.name));
    }
  }
  step.hazards.push_back({HazardKind::BreaksRunningCode, "code still using the type fails"});
  steps.push_back(std::move(step));
}

// Whether anything uses the type now: then it cannot be dropped and
// created again, which is the only way to take enum labels away.
bool used_now(const BuildContext &context, const ObjectRef &object) {
  return std::any_of(context.current.dependencies.begin(), context.current.dependencies.end(), [&](const auto &entry) {
    return std::find(entry.second.begin(), entry.second.end(), object) != entry.second.end();
  });
}

// One step per new label, in the desired order, each placed after the
// label it follows (or, first of all, before the old label it precedes).
// ADD VALUE's new label cannot be used in the transaction that adds it, so
// each step runs on its own. PostgreSQL cannot remove a label: the down
// drops and re-creates the type with the labels it had, when nothing uses
// the type; else the label stays.
void add_enum_labels(const BuildContext &context, const ObjectRef &object, const TypeObject &from,
                     const model::EnumType &to, Plan &steps) {
  std::vector<std::string> labels = from.enumeration->labels;
  const bool used = used_now(context, object);
  for (std::size_t i = 0; i < to.labels.size(); ++i) {
    const std::string &label = to.labels[i];
    if (std::find(labels.begin(), labels.end(), label) != labels.end()) continue;
    ddl::EnumPosition position;
    std::vector<std::string>::iterator at = labels.end();
    if (i > 0) {
      position.after = to.labels[i - 1];
      at = std::find(labels.begin(), labels.end(), to.labels[i - 1]) + 1;
    } else if (!labels.empty()) {
      const auto next = std::find_first_of(to.labels.begin() + 1, to.labels.end(), labels.begin(), labels.end());
      position.before = *next;
      at = std::find(labels.begin(), labels.end(), *next);
    }
    Step step = type_step(Phase::Expand, fmt::format("add value {} to {}", pg::quote_literal(label), from.title()));
    step.transactional = false;
    step.up = {ddl::add_enum_value(to.name, label, position)};
    if (used) {
      step.hazards.push_back(
          {HazardKind::Irreversible, fmt::format("PostgreSQL cannot remove an enum label: the down leaves {} in {}",
                                                 pg::quote_literal(label), display(to.name))});
    } else {
      TypeObject before = from;
      model::EnumType earlier = *from.enumeration;
      earlier.labels = labels;
      before.enumeration = &earlier;
      step.down = {drop_statement(before)};
      append(step.down, create_statements(context, before, {}));
    }
    step.creates = {object};
    steps.push_back(std::move(step));
    labels.insert(at, label);
  }
}

// Statements that turn domain `from` into `to`: ALTER DOMAIN, then the
// checks' comments (a replaced check lost its comment with it).
std::vector<std::string> domain_changes(const model::Domain &from, const model::Domain &to) {
  std::vector<std::string> statements = ddl::alter_domain(from, to);
  for (const model::DomainCheck &check : to.checks) {
    const model::DomainCheck *old = named(from.checks, check.name);
    const bool kept = old && !ddl::replaces_check(*old, check);
    append(statements,
           ddl::comment_statements(check_target(to.name, check), kept ? old->comment : std::nullopt, check.comment));
  }
  return statements;
}

// The first table with a column of the domain: ALTER DOMAIN checks every
// such table's values under a SHARE lock.
std::optional<model::QualifiedName> table_using(const model::Catalog &catalog, const ObjectRef &domain) {
  for (const auto &[user, needs] : catalog.dependencies) {
    if (user.kind == ObjectKind::Column && std::find(needs.begin(), needs.end(), domain) != needs.end())
      return name_of(user);
  }
  return std::nullopt;
}

void alter_domain(const BuildContext &context, const ObjectRef &object, const TypeObject &from, const TypeObject &to,
                  Step &step) {
  const model::Domain &old = *from.domain;
  const model::Domain &wanted = *to.domain;
  step.up = domain_changes(old, wanted);
  step.down = domain_changes(wanted, old);
  bool scans = !old.not_null && wanted.not_null;
  for (const model::DomainCheck &check : wanted.checks) {
    const model::DomainCheck *before = named(old.checks, check.name);
    const bool added = !before || ddl::replaces_check(*before, check);
    if (added) step.creates.push_back(diff::member_ref(ObjectKind::Constraint, wanted.name, check.name));
    if (check.validated && (added || !before->validated)) scans = true;
  }
  for (const model::DomainCheck &check : old.checks) {
    const model::DomainCheck *after = named(wanted.checks, check.name);
    if (!after || ddl::replaces_check(check, *after)) {
      step.drops.push_back(diff::member_ref(ObjectKind::Constraint, old.name, check.name));
    }
  }
  const std::optional<model::QualifiedName> table = table_using(context.current, object);
  if (scans && table) {
    step.lock = Lock::Share;
    step.locked_relation = table;
    step.hazards.push_back({HazardKind::FullScan,
                            "checks every value of the domain in every table that uses it, blocking writes to them"});
  }
}

void type_alter(const BuildContext &context, const ObjectRef &object, Plan &steps) {
  const TypeObject from = type_of(context.current, object);
  const TypeObject to = type_of(context.desired, object);
  if (to.enumeration) add_enum_labels(context, object, from, *to.enumeration, steps);
  Step step = type_step(Phase::Expand, "alter " + to.title());
  step.creates = {object};
  if (to.domain) alter_domain(context, object, from, to, step);
  append(step.up, attributes(from, to));
  append(step.down, attributes(to, from));
  if (!step.up.empty()) steps.push_back(std::move(step));
}

const model::Collation &collation_of(const model::Catalog &catalog, const ObjectRef &object) {
  const auto collation = catalog.collations.find(name_of(object));
  if (collation == catalog.collations.end())
    throw Error("the catalog has no such collation", "collation " + display(name_of(object)));
  return collation->second;
}

std::string collation_target(const model::Collation &collation) {
  return "COLLATION " + ddl::qualified(collation.name);
}

std::vector<std::string> create_collation_statements(const model::Collation &collation) {
  std::vector<std::string> statements{ddl::if_not_exists(ddl::create_collation(collation))};
  append(statements, ddl::comment_statements(collation_target(collation), std::nullopt, collation.comment));
  return statements;
}

void collation_create(const BuildContext &context, const ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Collation &collation = collation_of(context.desired, object);
  Step step =
      type_step(Phase::Expand, (purpose == Purpose::RecreateCreate ? "re-create collation " : "create collation ") +
                                   display(collation.name));
  step.up = create_collation_statements(collation);
  step.down = {ddl::drop_if_exists(collation_target(collation))};
  step.creates = {object};
  steps.push_back(std::move(step));
}

void collation_drop(const BuildContext &context, const ObjectRef &object, Purpose purpose, Plan &steps) {
  const model::Collation &collation = collation_of(context.current, object);
  const std::string title = "collation " + display(collation.name);
  if (purpose == Purpose::RecreateDrop) refuse_if_still_used(context, object, title);
  Step step = type_step(drop_phase(purpose), "drop " + title);
  step.up = {ddl::drop_if_exists(collation_target(collation))};
  step.down = create_collation_statements(collation);
  step.drops = {object};
  if (used_by_backups(context.current, context.desired, object)) {
    // Kept with the backups that use it, as a type is.
    const Backup backup = moved_backup("COLLATION", collation.name);
    step.up = backup.up;
    step.down = backup.down;
  }
  step.hazards.push_back({HazardKind::BreaksRunningCode, "code still using the collation fails"});
  steps.push_back(std::move(step));
}

// A collation's definition cannot change in place (a re-creation): only its comment.
void collation_alter(const BuildContext &context, const ObjectRef &object, Plan &steps) {
  const model::Collation &from = collation_of(context.current, object);
  const model::Collation &to = collation_of(context.desired, object);
  Step step = type_step(Phase::Expand, "comment on collation " + display(to.name));
  step.up = ddl::comment_statements(collation_target(to), from.comment, to.comment);
  step.down = ddl::comment_statements(collation_target(to), to.comment, from.comment);
  step.creates = {object};
  if (!step.up.empty()) steps.push_back(std::move(step));
}

} // namespace

const KindBuilder type_builder{type_create, type_drop, type_alter};
const KindBuilder collation_builder{collation_create, collation_drop, collation_alter};

} // namespace schemadiff::plan::kinds
