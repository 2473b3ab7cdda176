// Placeholder until this kind's step builder is written: planning a
// change to it is an error that says so, never a wrong plan.

#include "builders.hpp"
#include "step_helpers.hpp"

namespace schemadiff::plan::kinds {

namespace {

[[noreturn]] void not_built(const char *kind, const model::ObjectRef &object) {
  throw Error(std::string("planning changes to a ") + kind + " is not built yet", object.schema + "." + object.name);
}

void routine_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("function", object); }
void routine_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("function", object); }
void routine_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("function", object); }

void aggregate_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("aggregate", object); }
void aggregate_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("aggregate", object); }
void aggregate_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("aggregate", object); }

} // namespace

const KindBuilder routine_builder{routine_create, routine_drop, routine_alter};
const KindBuilder aggregate_builder{aggregate_create, aggregate_drop, aggregate_alter};

} // namespace schemadiff::plan::kinds
