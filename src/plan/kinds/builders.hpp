#pragma once
// The step builder of each object kind, one file each in this folder.

#include "../kind_builder.hpp"

namespace schemadiff::plan::kinds {

extern const KindBuilder table_builder;      // tables.cpp
extern const KindBuilder column_builder;     // columns.cpp
extern const KindBuilder constraint_builder; // constraints.cpp
extern const KindBuilder index_builder;      // indexes.cpp
extern const KindBuilder schema_builder; // schemas.cpp
extern const KindBuilder extension_builder; // schemas.cpp
extern const KindBuilder type_builder; // types.cpp
extern const KindBuilder collation_builder; // types.cpp
extern const KindBuilder sequence_builder; // sequences.cpp
extern const KindBuilder default_privilege_builder; // default_privileges.cpp
extern const KindBuilder view_builder; // views.cpp
extern const KindBuilder materialized_view_builder; // views.cpp
extern const KindBuilder routine_builder; // routines.cpp
extern const KindBuilder aggregate_builder; // routines.cpp
extern const KindBuilder trigger_builder; // triggers.cpp
extern const KindBuilder policy_builder; // policies.cpp

} // namespace schemadiff::plan::kinds
