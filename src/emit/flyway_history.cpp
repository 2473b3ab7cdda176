#include "schemadiff/emit/flyway_history.hpp"

#include <algorithm>
#include <charconv>

#include <zlib.h>

namespace schemadiff::emit {

namespace {

constexpr std::string_view utf8_byte_order_mark = "\xEF\xBB\xBF";

std::string stem_after_prefix(const std::filesystem::path &script) {
  std::string stem = script.filename().string();
  if (stem.size() >= 4 && stem.compare(stem.size() - 4, 4, ".sql") == 0) stem.resize(stem.size() - 4);
  return stem.empty() ? stem : stem.substr(1);
}

} // namespace

std::int32_t flyway_checksum(std::string_view script) {
  if (script.substr(0, utf8_byte_order_mark.size()) == utf8_byte_order_mark)
    script.remove_prefix(utf8_byte_order_mark.size());
  // Lines without their endings, one after the other: the script without
  // any \r or \n (an empty line adds nothing to the CRC).
  std::string lines;
  lines.reserve(script.size());
  std::copy_if(script.begin(), script.end(), std::back_inserter(lines), [](char c) { return c != '\r' && c != '\n'; });
  const uLong crc =
      crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef *>(lines.data()), static_cast<uInt>(lines.size()));
  return static_cast<std::int32_t>(static_cast<std::uint32_t>(crc));
}

std::string flyway_version(const std::filesystem::path &script) {
  const std::string rest = stem_after_prefix(script);
  const std::size_t separator = rest.find("__");
  if (separator == std::string::npos) return {};
  std::string version = rest.substr(0, separator);
  std::replace(version.begin(), version.end(), '_', '.');
  return version;
}

std::string flyway_description(const std::filesystem::path &script) {
  const std::string rest = stem_after_prefix(script);
  const std::size_t separator = rest.find("__");
  std::string description = separator == std::string::npos ? rest : rest.substr(separator + 2);
  std::replace(description.begin(), description.end(), '_', ' ');
  return description;
}

std::optional<std::vector<std::uint64_t>> flyway_version_parts(std::string_view version) {
  if (version.empty()) return std::nullopt;
  std::vector<std::uint64_t> parts;
  while (true) {
    const std::size_t dot = version.find('.');
    const std::string_view part = version.substr(0, dot);
    std::uint64_t number = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), number);
    if (part.empty() || error != std::errc() || end != part.data() + part.size()) return std::nullopt;
    parts.push_back(number);
    if (dot == std::string_view::npos) break;
    version.remove_prefix(dot + 1);
  }
  while (!parts.empty() && parts.back() == 0) parts.pop_back();
  return parts;
}

} // namespace schemadiff::emit
