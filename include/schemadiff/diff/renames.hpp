#pragma once
// Renames from [renames] in schemadiff.toml: an object the database has
// under an old name and the schema files under a new one is the same
// object, renamed in place (ALTER ... RENAME keeps its rows, indexes and
// dependants, which PostgreSQL holds by OID), never dropped and added.
//
// The differ never guesses a rename on its own: [renames] says which. What
// follows is mechanical: the current catalog is renamed the way PostgreSQL
// will rename it, and the rest of the diff runs on that.

#include "schemadiff/model/catalog.hpp"
#include "schemadiff/model/object_ref.hpp"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace schemadiff::diff {

// One rename, naming the object as the catalog has it just before.
struct Rename {
  // A relation (Table, View, MaterializedView, Sequence, Index): {kind, schema, name}.
  // A column or a constraint: {kind, schema, table, member}.
  model::ObjectRef object;
  std::string to; // the new name of the relation, column or constraint
  // The [renames] key that asks for it; empty for a name that follows a
  // renamed table's or column's (accounts_pkey -> customers_pkey).
  std::string config_key;

  bool operator==(const Rename &) const = default;
};

// The renames the current catalog needs, in the order they run: relations,
// then columns, then the constraints, indexes and owned sequences named
// after a renamed table or column (one of the current catalog's and one of
// the desired's, alike but for the name, on the same table).
//
// `entries` maps "schema.relation" or "schema.table.column" (the old name;
// a column's table may be named by its old or new name) to the new name.
// An entry already applied (old name gone, new name desired) asks for
// nothing. Throws Error, where = the key, for an entry whose old name the
// database lacks and whose new name the schema files lack, whose new name
// the schema files lack, whose old name they still have, or whose new name
// the database already uses.
std::vector<Rename> resolve_renames(const model::Catalog &current, const model::Catalog &desired,
                                    const std::map<std::string, std::string> &entries);

// The catalog after the rename: the object and everything naming it (keys,
// references, dependencies, and the printed definitions of indexes,
// constraints, triggers, policies, defaults and views, as PostgreSQL prints
// them after the rename; a view's text is rewritten for relations only).
model::Catalog apply_rename(model::Catalog catalog, const Rename &rename);
model::Catalog apply_renames(model::Catalog catalog, const std::vector<Rename> &renames);

// What `object` is called after the rename (the object itself when the
// rename does not touch it).
model::ObjectRef renamed_ref(const model::ObjectRef &object, const Rename &rename);

// An expression over the columns of `table`, both named as after the
// renames, written as before them: to run it on the database the plan is
// for. Returns the table's name before the renames too.
std::pair<model::QualifiedName, std::string> expression_before_renames(model::QualifiedName table, std::string sql,
                                                                       const std::vector<Rename> &renames);

// The current objects that cannot follow the renames in place: views,
// materialized views and routines that read a renamed object and whose
// renamed text is not the desired one (a view reading a renamed column
// prints `t.new AS old`), with everything that depends on them. They are
// dropped before the renames and created after, so that every down runs
// against the names it was written for. Named as in `current`.
std::set<model::ObjectRef> recreated_around_renames(const model::Catalog &current, const model::Catalog &desired,
                                                    const std::vector<Rename> &renames);

} // namespace schemadiff::diff
