#pragma once
// Opening a connection, with failures turned into schemadiff errors whose
// text never holds the password.

#include <memory>
#include <string>

#include <pqxx/connection>

namespace schemadiff::pg {

// Connects to a libpq URL or key=value string. Throws Error naming the
// (redacted) target and the server's reason.
std::unique_ptr<pqxx::connection> connect(const std::string &target);

} // namespace schemadiff::pg
