// Placeholder until this kind's step builder is written: planning a
// change to it is an error that says so, never a wrong plan.

#include "builders.hpp"
#include "step_helpers.hpp"

namespace schemadiff::plan::kinds {

namespace {

[[noreturn]] void not_built(const char *kind, const model::ObjectRef &object) {
  throw Error(std::string("planning changes to a ") + kind + " is not built yet", object.schema + "." + object.name);
}

void view_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("view", object); }
void view_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("view", object); }
void view_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("view", object); }

void materialized_view_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("materialized view", object); }
void materialized_view_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("materialized view", object); }
void materialized_view_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("materialized view", object); }

} // namespace

const KindBuilder view_builder{view_create, view_drop, view_alter};
const KindBuilder materialized_view_builder{materialized_view_create, materialized_view_drop, materialized_view_alter};

} // namespace schemadiff::plan::kinds
