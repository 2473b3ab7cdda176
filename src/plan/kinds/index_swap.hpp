#pragma once
// Changing an index or a key without a moment without it (hazards.md,
// "change an index definition"): the new definition is built CONCURRENTLY
// under a temporary name while the old index still serves, and only then
// takes the old one's place. Foreign keys that depend on the old index
// (PostgreSQL drops no index a foreign key uses) move to the new one in the
// same short transaction. The down moves back the same way: the old
// definition is built CONCURRENTLY again before it takes over.
//
// The steps of an index no constraint owns are in indexes.cpp, those of a
// primary key or unique constraint in constraints.cpp; what they share is
// here.

#include "../kind_builder.hpp"

#include <string>
#include <vector>

namespace schemadiff::plan::kinds {

// Whether a changed index that no constraint owns is swapped rather than
// dropped and created again: its table exists and keeps its rows, is not
// partitioned (CONCURRENTLY is not supported on a partitioned table) and
// keeps what the old index reads (a column dropped or re-created takes the
// old index with it, and there is nothing to swap from).
bool swaps_index(const BuildContext &context, const model::QualifiedName &index);

// The same for a changed primary key or unique constraint, whose new index
// the constraint takes over (ADD CONSTRAINT ... USING INDEX).
bool swaps_key(const BuildContext &context, const model::ObjectRef &constraint);

// The index a primary key, unique or exclusion constraint owns.
const model::Index *key_index(const model::Catalog &catalog, const model::QualifiedName &table,
                              const std::string &constraint);

// A foreign key that uses the index a swap replaces: dropped and added back
// NOT VALID in the swap's transaction (so it never stops checking writes),
// validated in a later step.
struct MovedForeignKey {
  model::ObjectRef object;
  const model::Table *current_table = nullptr;
  const model::Constraint *current = nullptr;
  const model::Table *desired_table = nullptr;
  const model::Constraint *desired = nullptr;
};

// The foreign keys that move with the swap of `old_index` (a current index).
std::vector<MovedForeignKey> foreign_keys_moving_from(const BuildContext &context,
                                                      const model::QualifiedName &old_index);

// Whether a foreign key moves with a swap: the swap's steps then do all
// there is to do for it, and its own builder adds no step.
bool moves_with_a_swap(const BuildContext &context, const model::ObjectRef &foreign_key);

// The name the new definition is built under: the index's own name with a
// suffix, at most 63 bytes (PostgreSQL would cut a longer one), never
// cutting a UTF-8 character, and free in both catalogs.
model::QualifiedName temporary_index_name(const BuildContext &context, const model::QualifiedName &index);

// The first step of a swap: the replacement is built CONCURRENTLY under the
// temporary name, after dropping an INVALID leftover of a failed build. Its
// down drops it, after validating the moved foreign keys that the swap's
// down added back NOT VALID (a step that runs outside a transaction block
// can scan without holding the swap's locks).
Step replacement_build(const BuildContext &context, std::string summary, const model::Index &replacement,
                       const model::QualifiedName &temporary, const std::vector<model::ObjectRef> &needs,
                       const std::vector<MovedForeignKey> &moved);

// The step after a swap's transaction. The swap's down needs the old
// definition built again, and a transaction block cannot build it
// CONCURRENTLY: this step's down does, under the temporary name, before the
// swap's down runs. Its up only drops an INVALID leftover of such a build.
Step rebuild_for_the_down(const BuildContext &context, Phase phase, const model::Index &old_index,
                          const model::QualifiedName &temporary, const model::ObjectRef &swapped);

// Wraps a swap's statements, up and down, in the drops and NOT VALID adds
// of the foreign keys that move with it, with what they lock.
void move_foreign_keys(const BuildContext &context, const std::vector<MovedForeignKey> &moved, Step &swap);

// A VALIDATE step for each moved foreign key the desired schema has validated.
void validate_moved_foreign_keys(const BuildContext &context, const std::vector<MovedForeignKey> &moved, Plan &steps);

// The lock ALTER INDEX ... RENAME takes on the index: SHARE UPDATE EXCLUSIVE
// from PostgreSQL 12, ACCESS EXCLUSIVE before.
Lock index_rename_lock(const BuildContext &context);

} // namespace schemadiff::plan::kinds
