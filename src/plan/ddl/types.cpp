#include "schemadiff/plan/ddl/types.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace schemadiff::plan::ddl {

using pg::quote_ident;
using pg::quote_literal;

std::string create_collation(const model::Collation &collation) {
  // The provider is one of a few keywords (libc, icu, builtin).
  std::string options = "provider = " + quote_ident(collation.provider);
  if (collation.locale) options += ", locale = " + quote_literal(*collation.locale);
  if (collation.lc_collate) options += ", lc_collate = " + quote_literal(*collation.lc_collate);
  if (collation.lc_ctype) options += ", lc_ctype = " + quote_literal(*collation.lc_ctype);
  if (!collation.deterministic) options += ", deterministic = false";
  return fmt::format("CREATE COLLATION {} ({})", qualified(collation.name), options);
}

std::string create_enum(const model::EnumType &type) {
  std::string labels;
  for (const std::string &label : type.labels) {
    labels += (labels.empty() ? "\n    " : ",\n    ") + quote_literal(label);
  }
  return fmt::format("CREATE TYPE {} AS ENUM ({}{})", qualified(type.name), labels, labels.empty() ? "" : "\n");
}

std::string create_range(const model::RangeType &type) {
  std::vector<std::string> options = {"subtype = " + type.subtype};
  if (type.subtype_opclass) options.push_back("subtype_opclass = " + *type.subtype_opclass);
  if (type.collation) options.push_back("collation = " + *type.collation);
  if (type.canonical_function) options.push_back("canonical = " + *type.canonical_function);
  if (type.subtype_diff_function) options.push_back("subtype_diff = " + *type.subtype_diff_function);
  if (type.multirange_name) options.push_back("multirange_type_name = " + *type.multirange_name);
  return fmt::format("CREATE TYPE {} AS RANGE (\n    {}\n)", qualified(type.name), fmt::join(options, ",\n    "));
}

std::string create_composite(const model::CompositeType &type) {
  std::string attributes;
  for (const model::CompositeAttribute &attribute : type.attributes) {
    attributes += (attributes.empty() ? "\n    " : ",\n    ") + quote_ident(attribute.name) + " " + attribute.type;
    if (attribute.collation) attributes += " COLLATE " + *attribute.collation;
  }
  return fmt::format("CREATE TYPE {} AS ({}{})", qualified(type.name), attributes, attributes.empty() ? "" : "\n");
}

const model::Privileges &new_type_privileges() {
  static const model::Privileges public_usage = {{"PUBLIC", "USAGE", false}};
  return public_usage;
}

std::string add_enum_value(const model::QualifiedName &type, const std::string &label, const EnumPosition &position) {
  std::string statement =
      fmt::format("ALTER TYPE {} ADD VALUE IF NOT EXISTS {}", qualified(type), quote_literal(label));
  if (position.after) {
    statement += " AFTER " + quote_literal(*position.after);
  } else if (position.before) {
    statement += " BEFORE " + quote_literal(*position.before);
  }
  return statement;
}

} // namespace schemadiff::plan::ddl
