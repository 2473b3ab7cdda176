#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/domains.hpp"

namespace schemadiff::emit {

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

plan::ddl::DomainParts parts_after_routines(const model::Catalog &catalog, const model::Domain &domain) {
  return {domain.default_value && calls_a_routine(catalog, *domain.default_value),
          [&catalog](const model::DomainCheck &check) { return calls_a_routine(catalog, check.expression); }};
}

} // namespace

std::string create_domain(const model::Catalog &catalog, const model::Domain &domain) {
  return plan::ddl::create_domain(domain, parts_after_routines(catalog, domain));
}

void render_late_domain_parts(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, domain] : catalog.domains) {
    script.add("domain " + qualified(name) + ", continued",
               plan::ddl::domain_late_parts(domain, parts_after_routines(catalog, domain)));
  }
}

} // namespace schemadiff::emit
