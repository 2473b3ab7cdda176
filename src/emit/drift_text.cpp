#include "schemadiff/emit/drift_render.hpp"

#include "line_diff.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

struct Palette {
  std::string bold, red, green, reset;
};

Palette palette(bool colour) {
  if (!colour) return {};
  return {"\033[1m", "\033[31m", "\033[32m", "\033[0m"};
}

char marker(diff::DriftKind kind) {
  switch (kind) {
  case diff::DriftKind::MissingFromDatabase:
    return '-';
  case diff::DriftKind::UnexpectedInDatabase:
    return '+';
  case diff::DriftKind::Differs:
    return '~';
  }
  return '?';
}

std::string counts(const DriftReport &report) {
  std::string text = fmt::format("{} object{} checked", report.objects.size(), report.objects.size() == 1 ? "" : "s");
  if (report.ignored > 0) text += fmt::format(", {} ignored", report.ignored);
  return text;
}

} // namespace

std::string render_drift_text(const DriftReport &report, bool colour) {
  const Palette p = palette(colour);
  const std::string expected = expected_source(report);
  const std::size_t drifted = report.drifted();
  if (drifted == 0) return fmt::format("No drift: the database matches {} ({}).\n", expected, counts(report));
  std::string text = fmt::format("{}Drift: {} object{} in the database differ{} from {}{} ({}).\n", p.bold, drifted,
                                 drifted == 1 ? "" : "s", drifted == 1 ? "s" : "", expected, p.reset, counts(report));
  text += fmt::format("Lines with - show {}, lines with + the database.\n", expected_side_description(report.against));
  for (const CheckedObject &object : report.objects) {
    if (!object.drift) continue;
    text += fmt::format("\n{}{} {} {}: {}{}\n", p.bold, marker(*object.drift), object.kind, object.name,
                        drift_kind_description(*object.drift), p.reset);
    for (const DiffLine &line : line_diff(object.expected, object.actual)) {
      switch (line.mark) {
      case LineMark::Kept:
        text += line.text.empty() ? "\n" : "     " + line.text + "\n";
        break;
      case LineMark::Removed:
        text += fmt::format("    {}-{}{}\n", p.red, line.text, p.reset);
        break;
      case LineMark::Added:
        text += fmt::format("    {}+{}{}\n", p.green, line.text, p.reset);
        break;
      }
    }
  }
  return text;
}

} // namespace schemadiff::emit
