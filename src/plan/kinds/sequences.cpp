// Placeholder until this kind's step builder is written: planning a
// change to it is an error that says so, never a wrong plan.

#include "builders.hpp"
#include "step_helpers.hpp"

namespace schemadiff::plan::kinds {

namespace {

[[noreturn]] void not_built(const char *kind, const model::ObjectRef &object) {
  throw Error(std::string("planning changes to a ") + kind + " is not built yet", object.schema + "." + object.name);
}

void sequence_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("sequence", object); }
void sequence_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("sequence", object); }
void sequence_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("sequence", object); }

} // namespace

const KindBuilder sequence_builder{sequence_create, sequence_drop, sequence_alter};

} // namespace schemadiff::plan::kinds
