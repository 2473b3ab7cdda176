// Placeholder until this kind's step builder is written: planning a
// change to it is an error that says so, never a wrong plan.

#include "builders.hpp"
#include "step_helpers.hpp"

namespace schemadiff::plan::kinds {

namespace {

[[noreturn]] void not_built(const char *kind, const model::ObjectRef &object) {
  throw Error(std::string("planning changes to a ") + kind + " is not built yet", object.schema + "." + object.name);
}

void schema_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("schema", object); }
void schema_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("schema", object); }
void schema_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("schema", object); }

void extension_create(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("extension", object); }
void extension_drop(const BuildContext &, const model::ObjectRef &object, Purpose, Plan &) { not_built("extension", object); }
void extension_alter(const BuildContext &, const model::ObjectRef &object, Plan &) { not_built("extension", object); }

} // namespace

const KindBuilder schema_builder{schema_create, schema_drop, schema_alter};
const KindBuilder extension_builder{extension_create, extension_drop, extension_alter};

} // namespace schemadiff::plan::kinds
