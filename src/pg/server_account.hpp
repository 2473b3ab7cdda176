#pragma once
// PostgreSQL refuses to run as root. When schemadiff runs as root, the
// embedded server runs as an unprivileged system account instead.

#include "child_process.hpp"

#include <optional>

namespace schemadiff::pg {

// The system account that runs the embedded server, created when missing.
inline constexpr const char *server_account_name = "schemadiff";

// nullopt when schemadiff is not root (the server then runs as the caller);
// otherwise the server account, created with useradd on first use.
std::optional<Account> server_account();

} // namespace schemadiff::pg
