#pragma once
// Passwords never reach the terminal, a log or a file: every message that may
// carry a connection string goes through redact_secrets.

#include <string>
#include <string_view>

namespace schemadiff::pg {

// Replaces the password in URLs ("postgresql://user:secret@host") and in
// key=value settings ("password=secret", "password='a b'", "?password=x")
// with "***". Everything else is left as it is.
std::string redact_secrets(std::string_view text);

} // namespace schemadiff::pg
