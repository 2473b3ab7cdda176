#pragma once
// Pointing a connection string at another database of the same server, or
// giving it another setting.

#include <string>
#include <string_view>

namespace schemadiff::pg {

// A value for a libpq key=value string: quoted, with \ and ' escaped.
std::string conninfo_value(std::string_view value);

// `target` (a URL or key=value string) with its database replaced by
// `database`, as a key=value string. Throws Error when libpq cannot parse it.
std::string with_database(const std::string &target, std::string_view database);

// `target` with the libpq setting `keyword` (e.g. connect_timeout) set to
// `value`, as a key=value string. Throws Error as with_database does.
std::string with_setting(const std::string &target, std::string_view keyword, std::string_view value);

} // namespace schemadiff::pg
