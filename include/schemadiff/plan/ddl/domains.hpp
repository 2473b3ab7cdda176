#pragma once
// The DDL of domains, shared by the plan's type builder and `schemadiff
// inspect`: CREATE DOMAIN, what must come after it, and ALTER DOMAIN.

#include "schemadiff/model/names.hpp"
#include "schemadiff/model/types.hpp"

#include <functional>
#include <string>
#include <vector>

namespace schemadiff::plan::ddl {

// Which parts of a domain wait until after CREATE DOMAIN, as ALTER DOMAIN
// statements: the caller's rule (e.g. an expression that calls a routine
// not created yet). A check that is not validated always waits: CREATE
// DOMAIN cannot say NOT VALID.
struct DomainParts {
  bool default_later = false;
  std::function<bool(const model::DomainCheck &)> check_later; // empty: none
};

// CREATE DOMAIN with base type, collation, NOT NULL, and the default and
// checks that do not wait.
std::string create_domain(const model::Domain &domain, const DomainParts &parts = {});

// What create_domain left out: SET DEFAULT, ADD CONSTRAINT [NOT VALID].
std::vector<std::string> domain_late_parts(const model::Domain &domain, const DomainParts &parts = {});

// Whether create_domain states the check itself.
bool check_at_creation(const model::DomainCheck &check, const DomainParts &parts);

// Whether ALTER DOMAIN turns check `from` into `to` by dropping and adding it
// again: a new expression, or back to NOT VALID (PostgreSQL cannot
// un-validate a check). Its comment goes with it.
bool replaces_check(const model::DomainCheck &from, const model::DomainCheck &to);

std::string add_domain_check(const model::QualifiedName &domain, const model::DomainCheck &check);
std::string drop_domain_check(const model::QualifiedName &domain, const model::DomainCheck &check);

// add_domain_check, done only when the domain has no check of that name:
// a migration's form, safe to run again after it succeeded.
std::string add_domain_check_once(const model::QualifiedName &domain, const model::DomainCheck &check);

// ALTER DOMAIN statements that turn `from` into `to`, for all but the base
// type and collation (which only a re-creation changes) and the comments and
// privileges: default, NOT NULL, and checks dropped, added, replaced or
// validated.
std::vector<std::string> alter_domain(const model::Domain &from, const model::Domain &to);

} // namespace schemadiff::plan::ddl
