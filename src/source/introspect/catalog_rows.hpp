#pragma once
// Reading the fields of catalog query rows. Lists and nested records come
// back from the server as JSON (json_agg, to_json): one text value whose
// quoting does not depend on what the names hold.

#include "schemadiff/model/sequence.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

namespace schemadiff::source {

std::string text(const pqxx::field &field); // "" for NULL
std::optional<std::string> optional_text(const pqxx::field &field);
bool flag(const pqxx::field &field);
std::int64_t integer(const pqxx::field &field);
char letter(const pqxx::field &field); // a "char" column: relkind, contype, ...

// A JSON value; NULL (json_agg over no rows) reads as an empty array.
nlohmann::json json_list(const pqxx::field &field);
std::vector<std::string> text_list(const pqxx::field &field);
// A JSON string or null, as an element of a json_build_array.
std::optional<std::string> optional_text(const nlohmann::json &value);

// pg_get_constraintdef ends a constraint that is not validated with
// " NOT VALID"; the model keeps that in `validated` instead.
std::string without_not_valid(std::string definition);

// The columns <prefix>data_type, <prefix>start, ... <prefix>cycle, as the
// sequences and identity columns queries name them (from pg_sequence).
model::SequenceOptions sequence_options(const pqxx::row &row, std::string_view prefix = {});

} // namespace schemadiff::source
