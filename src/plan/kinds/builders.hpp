#pragma once
// The step builder of each object kind, one file each in this folder.

#include "../kind_builder.hpp"

namespace schemadiff::plan::kinds {

extern const KindBuilder table_builder;      // tables.cpp
extern const KindBuilder column_builder;     // columns.cpp
extern const KindBuilder constraint_builder; // constraints.cpp
extern const KindBuilder index_builder;      // indexes.cpp

} // namespace schemadiff::plan::kinds
