#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"

#include <fmt/format.h>

namespace schemadiff::emit {

using pg::quote_ident;

namespace {

// CREATE DOMAIN parses its default and checks at once, so one that calls
// a routine of the catalog must wait until the routines exist.
bool calls_a_routine(const model::Catalog &catalog, const std::string &expression) {
  for (const auto &[key, routine] : catalog.routines) {
    if (mentions(expression, pg::quote_qualified(key.schema, key.name))) return true;
  }
  for (const auto &[key, aggregate] : catalog.aggregates) {
    if (mentions(expression, pg::quote_qualified(key.schema, key.name))) return true;
  }
  return false;
}

// A check CREATE DOMAIN can state: it cannot say NOT VALID.
bool checked_at_creation(const model::Catalog &catalog, const model::DomainCheck &check) {
  return check.validated && !calls_a_routine(catalog, check.expression);
}

bool default_at_creation(const model::Catalog &catalog, const model::Domain &domain) {
  return domain.default_value && !calls_a_routine(catalog, *domain.default_value);
}

} // namespace

std::string create_domain(const model::Catalog &catalog, const model::Domain &domain) {
  std::string statement = fmt::format("CREATE DOMAIN {} AS {}", qualified(domain.name), domain.base_type);
  if (domain.collation) statement += " COLLATE " + *domain.collation;
  if (default_at_creation(catalog, domain)) statement += " DEFAULT " + *domain.default_value;
  if (domain.not_null) statement += " NOT NULL";
  for (const model::DomainCheck &check : domain.checks) {
    if (!checked_at_creation(catalog, check)) continue;
    statement += fmt::format("\n    CONSTRAINT {} {}", quote_ident(check.name), check.expression);
  }
  return statement;
}

void render_late_domain_parts(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, domain] : catalog.domains) {
    std::vector<std::string> statements;
    if (domain.default_value && !default_at_creation(catalog, domain)) {
      statements.push_back(fmt::format("ALTER DOMAIN {} SET DEFAULT {}", qualified(name), *domain.default_value));
    }
    for (const model::DomainCheck &check : domain.checks) {
      if (checked_at_creation(catalog, check)) continue;
      statements.push_back(fmt::format("ALTER DOMAIN {} ADD CONSTRAINT {} {}{}", qualified(name),
                                       quote_ident(check.name), check.expression, check.validated ? "" : " NOT VALID"));
    }
    script.add("domain " + qualified(name) + ", continued", statements);
  }
}

} // namespace schemadiff::emit
