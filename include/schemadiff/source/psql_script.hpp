#pragma once
// SQL scripts written for psql: schema files and plain or sqitch migrations.

#include <string>

namespace schemadiff::source {

// psql meta-commands (pg_dump writes \restrict and \unrestrict) are not SQL:
// lines that start with a backslash outside any quoted text become blank,
// so offsets, lines and columns of everything else stay as they are.
std::string without_psql_meta_commands(std::string text);

} // namespace schemadiff::source
