#include "schemadiff/plan/ddl/domains.hpp"

#include "schemadiff/pg/quote.hpp"
#include "schemadiff/plan/ddl/fragments.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace schemadiff::plan::ddl {

namespace {

bool default_at_creation(const model::Domain &domain, const DomainParts &parts) {
  return domain.default_value && !parts.default_later;
}

const model::DomainCheck *find_check(const model::Domain &domain, const std::string &name) {
  const auto found = std::find_if(domain.checks.begin(), domain.checks.end(),
                                  [&](const model::DomainCheck &check) { return check.name == name; });
  return found == domain.checks.end() ? nullptr : &*found;
}

std::string alter(const model::Domain &domain) { return "ALTER DOMAIN " + qualified(domain.name); }

} // namespace

bool replaces_check(const model::DomainCheck &from, const model::DomainCheck &to) {
  return from.expression != to.expression || (from.validated && !to.validated);
}

bool check_at_creation(const model::DomainCheck &check, const DomainParts &parts) {
  return check.validated && !(parts.check_later && parts.check_later(check));
}

std::string create_domain(const model::Domain &domain, const DomainParts &parts) {
  std::string statement = fmt::format("CREATE DOMAIN {} AS {}", qualified(domain.name), domain.base_type);
  if (domain.collation) statement += " COLLATE " + *domain.collation;
  if (default_at_creation(domain, parts)) statement += " DEFAULT " + *domain.default_value;
  if (domain.not_null) statement += " NOT NULL";
  for (const model::DomainCheck &check : domain.checks) {
    if (!check_at_creation(check, parts)) continue;
    statement += fmt::format("\n    CONSTRAINT {} {}", pg::quote_ident(check.name), check.expression);
  }
  return statement;
}

std::vector<std::string> domain_late_parts(const model::Domain &domain, const DomainParts &parts) {
  std::vector<std::string> statements;
  if (domain.default_value && !default_at_creation(domain, parts)) {
    statements.push_back(fmt::format("{} SET DEFAULT {}", alter(domain), *domain.default_value));
  }
  for (const model::DomainCheck &check : domain.checks) {
    if (!check_at_creation(check, parts)) statements.push_back(add_domain_check(domain.name, check));
  }
  return statements;
}

std::string add_domain_check(const model::QualifiedName &domain, const model::DomainCheck &check) {
  return fmt::format("ALTER DOMAIN {} ADD CONSTRAINT {} {}{}", qualified(domain), pg::quote_ident(check.name),
                     check.expression, check.validated ? "" : " NOT VALID");
}

std::string drop_domain_check(const model::QualifiedName &domain, const model::DomainCheck &check) {
  // ALTER DOMAIN has no IF EXISTS: run again after its file dropped the
  // domain, the drop does nothing.
  return only_while("to_regtype(" + pg::quote_literal(qualified(domain)) + ") IS NOT NULL",
                    {fmt::format("ALTER DOMAIN {} DROP CONSTRAINT IF EXISTS {}", qualified(domain),
                                 pg::quote_ident(check.name))});
}

std::string add_domain_check_once(const model::QualifiedName &domain, const model::DomainCheck &check) {
  const std::string exists = "SELECT FROM pg_constraint WHERE contypid = to_regtype(" +
                             pg::quote_literal(qualified(domain)) + ") AND conname = " + pg::quote_literal(check.name);
  return unless_exists(exists, add_domain_check(domain, check));
}

std::vector<std::string> alter_domain(const model::Domain &from, const model::Domain &to) {
  std::vector<std::string> statements;
  if (from.default_value != to.default_value) {
    statements.push_back(to.default_value ? fmt::format("{} SET DEFAULT {}", alter(to), *to.default_value)
                                          : alter(to) + " DROP DEFAULT");
  }
  if (from.not_null != to.not_null)
    statements.push_back(alter(to) + (to.not_null ? " SET NOT NULL" : " DROP NOT NULL"));
  // Drops first: a check may come back under its name with another expression.
  for (const model::DomainCheck &old : from.checks) {
    const model::DomainCheck *wanted = find_check(to, old.name);
    if (!wanted || replaces_check(old, *wanted)) statements.push_back(drop_domain_check(to.name, old));
  }
  for (const model::DomainCheck &check : to.checks) {
    const model::DomainCheck *old = find_check(from, check.name);
    if (!old || replaces_check(*old, check)) {
      statements.push_back(add_domain_check_once(to.name, check));
    } else if (!old->validated && check.validated) {
      statements.push_back(fmt::format("{} VALIDATE CONSTRAINT {}", alter(to), pg::quote_ident(check.name)));
    }
  }
  return statements;
}

} // namespace schemadiff::plan::ddl
