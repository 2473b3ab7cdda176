#include "catalog_rows.hpp"

#include <fmt/format.h>

namespace schemadiff::source {

std::string text(const pqxx::field &field) { return field.is_null() ? std::string() : field.as<std::string>(); }

std::optional<std::string> optional_text(const pqxx::field &field) {
  if (field.is_null()) return std::nullopt;
  return field.as<std::string>();
}

bool flag(const pqxx::field &field) { return !field.is_null() && field.as<bool>(); }

std::int64_t integer(const pqxx::field &field) { return field.as<std::int64_t>(); }

char letter(const pqxx::field &field) { return field.is_null() || field.size() == 0 ? '\0' : field.c_str()[0]; }

nlohmann::json json_list(const pqxx::field &field) {
  if (field.is_null()) return nlohmann::json::array();
  return nlohmann::json::parse(field.c_str(), field.c_str() + field.size());
}

std::vector<std::string> text_list(const pqxx::field &field) {
  std::vector<std::string> items;
  for (const auto &item : json_list(field)) items.push_back(item.get<std::string>());
  return items;
}

std::optional<std::string> optional_text(const nlohmann::json &value) {
  if (value.is_null()) return std::nullopt;
  return value.get<std::string>();
}

std::string without_not_valid(std::string definition) {
  constexpr std::string_view suffix = " NOT VALID";
  if (definition.ends_with(suffix)) definition.resize(definition.size() - suffix.size());
  return definition;
}

model::SequenceOptions sequence_options(const pqxx::row &row, std::string_view prefix) {
  const auto column = [&](std::string_view name) { return row[fmt::format("{}{}", prefix, name)]; };
  model::SequenceOptions options;
  options.data_type = text(column("data_type"));
  options.start = integer(column("start"));
  options.increment = integer(column("increment"));
  options.min_value = integer(column("min_value"));
  options.max_value = integer(column("max_value"));
  options.cache = integer(column("cache"));
  options.cycle = flag(column("cycle"));
  return options;
}

} // namespace schemadiff::source
