#include "schemadiff/emit/drift_render.hpp"

#include "line_diff.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

namespace {

// Text for XML 1.0 content or a double-quoted attribute. Control characters
// other than tab and line breaks cannot appear in XML at all, not even as
// references: they become '?'. In attributes, line breaks are written as
// references, which a parser would otherwise turn into spaces.
std::string xml_escaped(std::string_view text, bool attribute = false) {
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
      escaped += attribute ? "&quot;" : "\"";
      break;
    case '\'':
      escaped += attribute ? "&apos;" : "'";
      break;
    case '\n':
      escaped += attribute ? "&#10;" : "\n";
      break;
    case '\r':
      escaped += attribute ? "&#13;" : "\r";
      break;
    case '\t':
      escaped += attribute ? "&#9;" : "\t";
      break;
    default:
      escaped += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    }
  }
  return escaped;
}

std::string class_name(std::string kind) {
  for (char &c : kind) {
    if (c == ' ') c = '_';
  }
  return "drift." + kind;
}

std::string failure_text(const CheckedObject &object, ExpectedSide against) {
  std::string text = fmt::format("{} {}: {}\n--- {}\n+++ the database\n", object.kind, object.name,
                                 drift_kind_description(*object.drift), expected_side_description(against));
  for (const DiffLine &line : line_diff(object.expected, object.actual)) {
    const char prefix = line.mark == LineMark::Removed ? '-' : line.mark == LineMark::Added ? '+' : ' ';
    text += prefix + line.text + "\n";
  }
  return text;
}

} // namespace

std::string render_drift_junit(const DriftReport &report) {
  const std::size_t tests = report.objects.size();
  const std::size_t failures = report.drifted();
  const std::string suite = fmt::format("schemadiff drift against {}", expected_side_name(report.against));
  std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  xml += fmt::format("<testsuites name=\"schemadiff drift\" tests=\"{}\" failures=\"{}\" errors=\"0\">\n", tests,
                     failures);
  xml += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\">\n",
                     xml_escaped(suite, true), tests, failures);
  xml += "    <properties>\n";
  xml += fmt::format("      <property name=\"source\" value=\"{}\"/>\n", xml_escaped(report.source, true));
  xml += fmt::format("      <property name=\"ignored\" value=\"{}\"/>\n", report.ignored);
  xml += "    </properties>\n";
  for (const CheckedObject &object : report.objects) {
    const std::string head = fmt::format("    <testcase classname=\"{}\" name=\"{}\"",
                                         xml_escaped(class_name(object.kind), true), xml_escaped(object.name, true));
    if (!object.drift) {
      xml += head + "/>\n";
      continue;
    }
    const std::string message =
        fmt::format("{} {}: {}", object.kind, object.name, drift_kind_description(*object.drift));
    xml += head + ">\n";
    xml += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n", drift_kind_name(*object.drift),
                       xml_escaped(message, true), xml_escaped(failure_text(object, report.against)));
    xml += "    </testcase>\n";
  }
  xml += "  </testsuite>\n</testsuites>\n";
  return xml;
}

} // namespace schemadiff::emit
