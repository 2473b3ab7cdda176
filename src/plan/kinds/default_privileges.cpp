// Placeholder until this kind's step builder is written: planning a
// change to it is an error that says so, never a wrong plan.

#include "builders.hpp"
#include "step_helpers.hpp"

namespace schemadiff::plan::kinds {

namespace {

[[noreturn]] void not_built(const char *kind, const model::ObjectRef &object) {
  throw Error(std::string("planning changes to a ") + kind + " is not built yet", object.schema + "." + object.name);
}

void default_privilege_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("default privileges entry", object); }
void default_privilege_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("default privileges entry", object); }
void default_privilege_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("default privileges entry", object); }

} // namespace

const KindBuilder default_privilege_builder{default_privilege_create, default_privilege_drop, default_privilege_alter};

} // namespace schemadiff::plan::kinds
