#pragma once

#include "schemadiff/model/sequence.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::ddl {

// The clauses of CREATE SEQUENCE (every option) or of an identity column
// (only the options that differ from what the column's type implies).
std::vector<std::string> sequence_clauses(const model::SequenceOptions &options, bool every_option);

// CREATE SEQUENCE with every option stated (not OWNED BY: the column may come later).
std::string create_sequence(const model::Sequence &sequence);

} // namespace schemadiff::plan::ddl
