#include "schemadiff/error.hpp"

#include "schemadiff/pg/redact.hpp"

#include <fmt/format.h>

namespace schemadiff {

Error::Error(std::string what, std::string where, std::string hint)
    : std::runtime_error(std::move(what)), where_(std::move(where)), hint_(std::move(hint)) {}

std::string Error::describe() const {
  std::string text = where_.empty() ? std::string(what()) : fmt::format("{}: {}", where_, what());
  if (!hint_.empty()) text += fmt::format("\nhint: {}", hint_);
  return pg::redact_secrets(text);
}

std::string file_position(const std::string &file, int line, int column) {
  if (column > 0) return fmt::format("{}:{}:{}", file, line, column);
  return fmt::format("{}:{}", file, line);
}

} // namespace schemadiff
