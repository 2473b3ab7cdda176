// Placeholder until this kind's step builder is written: planning a
// change to it is an error that says so, never a wrong plan.

#include "builders.hpp"
#include "step_helpers.hpp"

namespace schemadiff::plan::kinds {

namespace {

[[noreturn]] void not_built(const char *kind, const model::ObjectRef &object) {
  throw Error(std::string("planning changes to a ") + kind + " is not built yet", object.schema + "." + object.name);
}

void trigger_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("trigger", object); }
void trigger_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("trigger", object); }
void trigger_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("trigger", object); }

} // namespace

const KindBuilder trigger_builder{trigger_create, trigger_drop, trigger_alter};

} // namespace schemadiff::plan::kinds
