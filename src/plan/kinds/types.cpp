// Placeholder until this kind's step builder is written: planning a
// change to it is an error that says so, never a wrong plan.

#include "builders.hpp"
#include "step_helpers.hpp"

namespace schemadiff::plan::kinds {

namespace {

[[noreturn]] void not_built(const char *kind, const model::ObjectRef &object) {
  throw Error(std::string("planning changes to a ") + kind + " is not built yet", object.schema + "." + object.name);
}

void type_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("type", object); }
void type_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("type", object); }
void type_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("type", object); }

void collation_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("collation", object); }
void collation_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("collation", object); }
void collation_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("collation", object); }

} // namespace

const KindBuilder type_builder{type_create, type_drop, type_alter};
const KindBuilder collation_builder{collation_create, collation_drop, collation_alter};

} // namespace schemadiff::plan::kinds
