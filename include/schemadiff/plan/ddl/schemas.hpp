#pragma once
// The DDL of schemas and extensions, shared by the plan's builders and
// `schemadiff inspect`.

#include "schemadiff/model/schema.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::ddl {

std::string create_schema(const std::string &name);

// CREATE EXTENSION IF NOT EXISTS (plpgsql is in every new database), in its
// schema, at its version, when the model names them.
std::string create_extension(const model::Extension &extension);

// ALTER EXTENSION statements that turn `from` into `to`: UPDATE TO the
// version, SET SCHEMA; not the comment.
std::vector<std::string> alter_extension(const model::Extension &from, const model::Extension &to);

} // namespace schemadiff::plan::ddl
