// Placeholder until this kind's step builder is written: planning a
// change to it is an error that says so, never a wrong plan.

#include "builders.hpp"
#include "step_helpers.hpp"

namespace schemadiff::plan::kinds {

namespace {

[[noreturn]] void not_built(const char *kind, const model::ObjectRef &object) {
  throw Error(std::string("planning changes to a ") + kind + " is not built yet", object.schema + "." + object.name);
}

void policy_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("policy", object); }
void policy_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("policy", object); }
void policy_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("policy", object); }

} // namespace

const KindBuilder policy_builder{policy_create, policy_drop, policy_alter};

} // namespace schemadiff::plan::kinds
