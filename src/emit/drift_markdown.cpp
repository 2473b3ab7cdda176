#include "schemadiff/emit/drift_render.hpp"

#include "line_diff.hpp"
#include "markdown_fence.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

// A code span that holds any name: delimited by more backticks than it
// holds, and with | escaped, which would end a table cell even in code.
std::string code_span(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '|') escaped += '\\';
    escaped += c == '\n' ? ' ' : c;
  }
  const std::string ticks(longest_backtick_run(text) + 1, '`');
  const bool padded = escaped.starts_with('`') || escaped.ends_with('`');
  return ticks + (padded ? " " : "") + escaped + (padded ? " " : "") + ticks;
}

std::string html_escaped(std::string_view text) {
  std::string escaped;
  for (const char c : text) {
    switch (c) {
    case '&':
      escaped += "&amp;";
      break;
    case '<':
      escaped += "&lt;";
      break;
    case '>':
      escaped += "&gt;";
      break;
    case '"':
      escaped += "&quot;";
      break;
    case '\n':
      escaped += ' ';
      break;
    default:
      escaped += c;
    }
  }
  return escaped;
}

const char *sign(diff::DriftKind kind) {
  switch (kind) {
  case diff::DriftKind::MissingFromDatabase:
    return ":heavy_minus_sign:";
  case diff::DriftKind::UnexpectedInDatabase:
    return ":heavy_plus_sign:";
  case diff::DriftKind::Differs:
    return ":pencil2:";
  }
  return "";
}

std::string diff_block(const CheckedObject &object) {
  std::string body;
  for (const DiffLine &line : line_diff(object.expected, object.actual)) {
    const char prefix = line.mark == LineMark::Removed ? '-' : line.mark == LineMark::Added ? '+' : ' ';
    body += prefix + line.text + "\n";
  }
  return fenced_block("diff", body);
}

} // namespace

std::string render_drift_markdown(const DriftReport &report) {
  const std::string expected =
      fmt::format("{} {} {}", expected_side_description(report.against),
                  report.against == ExpectedSide::SchemaDatabase ? "of" : "in", code_span(report.source));
  const std::string counts =
      fmt::format("{} object{} checked{}", report.objects.size(), report.objects.size() == 1 ? "" : "s",
                  report.ignored > 0 ? fmt::format(", {} ignored", report.ignored) : "");
  const std::size_t drifted = report.drifted();
  if (drifted == 0) {
    return fmt::format("### schemadiff drift: no drift\n\nThe database matches {} ({}).\n", expected, counts);
  }
  std::string text = fmt::format("### schemadiff drift: {} object{} differ{}\n\n", drifted, drifted == 1 ? "" : "s",
                                 drifted == 1 ? "s" : "");
  text += fmt::format("The database differs from {} ({}). In the diffs, `-` lines show {}, `+` lines the "
                      "database.\n\n",
                      expected, counts, expected_side_description(report.against));
  text += "| | object | drift |\n|---|---|---|\n";
  for (const CheckedObject &object : report.objects) {
    if (!object.drift) continue;
    text += fmt::format("| {} | {} {} | {} |\n", sign(*object.drift), object.kind, code_span(object.name),
                        drift_kind_description(*object.drift));
  }
  for (const CheckedObject &object : report.objects) {
    if (!object.drift) continue;
    text += fmt::format("\n<details><summary>{} <code>{}</code>: {}</summary>\n\n", object.kind,
                        html_escaped(object.name), drift_kind_description(*object.drift));
    text += diff_block(object);
    text += "</details>\n";
  }
  return text;
}

} // namespace schemadiff::emit
