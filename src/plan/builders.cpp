#include "kind_builder.hpp"
#include "kinds/builders.hpp"

#include "schemadiff/error.hpp"

#include <fmt/format.h>

namespace schemadiff::plan {

namespace {

} // namespace

const KindBuilder &builder_for(model::ObjectKind kind, const model::ObjectRef &object) {
  switch (kind) {
  case model::ObjectKind::Table: return kinds::table_builder;
  case model::ObjectKind::Column: return kinds::column_builder;
  case model::ObjectKind::Constraint: return kinds::constraint_builder;
  case model::ObjectKind::Index: return kinds::index_builder;
  case model::ObjectKind::Schema: return kinds::schema_builder;
  case model::ObjectKind::Extension: return kinds::extension_builder;
  case model::ObjectKind::Collation: return kinds::collation_builder;
  case model::ObjectKind::Type: return kinds::type_builder;
  case model::ObjectKind::Sequence: return kinds::sequence_builder;
  case model::ObjectKind::View: return kinds::view_builder;
  case model::ObjectKind::MaterializedView: return kinds::materialized_view_builder;
  case model::ObjectKind::Routine: return kinds::routine_builder;
  case model::ObjectKind::Aggregate: return kinds::aggregate_builder;
  case model::ObjectKind::Trigger: return kinds::trigger_builder;
  case model::ObjectKind::Policy: return kinds::policy_builder;
  case model::ObjectKind::DefaultPrivilege: return kinds::default_privilege_builder;
  }
  const std::string name = object.member.empty() ? fmt::format("{}.{}", object.schema, object.name)
                                                 : fmt::format("{}.{}.{}", object.schema, object.name, object.member);
  throw Error(fmt::format("planning changes to a {} is not built yet", model::kind_name(kind)),
              fmt::format("{} {}", model::kind_name(kind), name));
}

} // namespace schemadiff::plan
