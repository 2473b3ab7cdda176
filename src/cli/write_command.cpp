// schemadiff write: the plan as migration files in the runner's format.

#include "commands.hpp"

#include "schemadiff/emit/file_output.hpp"
#include "schemadiff/emit/migration_formats.hpp"
#include "schemadiff/emit/migrations.hpp"
#include "schemadiff/emit/plan_render.hpp"
#include "schemadiff/error.hpp"
#include "schemadiff/text_file.hpp"

#include <chrono>
#include <iostream>

#include <fmt/format.h>

namespace schemadiff::cli {

namespace {

bool loses_data(const plan::Step &step) {
  for (const plan::Hazard &hazard : step.hazards) {
    if (hazard.kind == plan::HazardKind::DataLoss) return true;
  }
  return false;
}

// Steps that drop data are shown by plan but written only when asked for:
// their backup and down keep the data, yet code may still read it.
void refuse_destructive_steps(const plan::Plan &steps, bool allowed) {
  if (allowed) return;
  std::string listed;
  std::size_t count = 0;
  for (const plan::Step &step : steps) {
    if (!loses_data(step)) continue;
    ++count;
    listed += "\n  " + step.summary;
  }
  if (count == 0) return;
  throw Error(fmt::format("the plan has {} destructive step(s); nothing was written:{}", count, listed), "schemadiff write",
              "review them with `schemadiff plan`, then pass --allow-destructive (their data is kept in "
              "schemadiff_backup and each down restores it)");
}

// The change's name when --name is not given: what its first step does.
std::string derived_name(const plan::Plan &steps) {
  std::string name = emit::name_slug(steps.front().summary).substr(0, 40);
  if (steps.size() > 1) name += "_and_more";
  return name;
}

std::int64_t now_in_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

} // namespace

int run_write(const CommandLine &line, const Config &config) {
  const emit::MigrationFormat format = migration_format(line, config);
  const std::filesystem::path directory = migration_directory(line);
  const PlannedChange change = plan_change(line, config);
  if (change.steps.empty()) {
    std::cerr << "schemadiff write: nothing to do: no file written\n";
    return 0;
  }
  refuse_destructive_steps(change.steps, line.allow_destructive);

  emit::WriteRequest request;
  request.migrations = emit::group_into_migrations(change.steps);
  request.name = line.name ? emit::name_slug(*line.name) : derived_name(change.steps);
  request.first_version = emit::version_of_time(now_in_seconds());
  request.history = emit::read_migrations(directory, format);
  const std::filesystem::path sqitch_plan = directory / "sqitch.plan";
  if (format == emit::MigrationFormat::Sqitch && std::filesystem::exists(sqitch_plan)) {
    request.existing_sqitch_plan = read_text_file(sqitch_plan, "sqitch plan");
  }
  const std::vector<emit::MigrationFile> files = emit::render_migration_files(request, format);
  emit::write_files_atomically(directory, files, {"sqitch.plan"});
  std::cerr << fmt::format("schemadiff write: {} migration(s) in {} format:\n", request.migrations.size(),
                           emit::format_name(format));
  for (const emit::MigrationFile &file : files) std::cout << (directory / file.path).string() << "\n";
  return 0;
}

} // namespace schemadiff::cli
