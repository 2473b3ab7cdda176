// The project checks its own drift: generated/ must hold exactly the
// migrations of the bundled schema/, so that `schemadiff write` in a fresh
// checkout has nothing to add.

#include "support/child_run.hpp"
#include "support/scratch_directory.hpp"

#include <catch2/catch.hpp>

#include <filesystem>

using schemadiff::testing::ProgramResult;
using schemadiff::testing::ScratchDirectory;

namespace fs = std::filesystem;

TEST_CASE("generated/ is up to date with schema/ (run `schemadiff write` at the top level when this fails)") {
  const ScratchDirectory project;
  const fs::path source = SCHEMADIFF_SOURCE_DIR;
  // A copy, so the check never writes into the checkout.
  fs::copy(source / "schema", project.path() / "schema", fs::copy_options::recursive);
  fs::copy(source / "generated", project.path() / "generated", fs::copy_options::recursive);
  const ProgramResult result = schemadiff::testing::run_schemadiff_in(project.path(), {"write"});
  INFO(result.err);
  CHECK(result.status == 0);
  CHECK_THAT(result.err, Catch::Contains("nothing to do"));
  CHECK(result.out.empty());
}
