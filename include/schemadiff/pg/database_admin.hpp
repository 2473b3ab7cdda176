#pragma once
// Creating and dropping whole databases: shadow databases, the embedded
// current state, and one database per integration test.

#include <string>
#include <string_view>

namespace schemadiff::pg {

// `server` is a connection string to any database of the server.
void create_database(const std::string &server, std::string_view name);

// Drops the database if it exists, ending its sessions first.
void drop_database(const std::string &server, std::string_view name);

} // namespace schemadiff::pg
