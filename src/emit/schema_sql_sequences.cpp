#include "schema_sql_sections.hpp"
#include "sql_fragments.hpp"

#include "schemadiff/plan/ddl/sequences.hpp"

#include "schemadiff/pg/quote.hpp"

#include <cstdint>
#include <limits>

#include <fmt/format.h>

namespace schemadiff::emit {

void render_sequences(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, sequence] : catalog.sequences) {
    script.add("sequence " + qualified(name), {plan::ddl::create_sequence(sequence)});
  }
}

void render_sequence_ownership(const model::Catalog &catalog, SchemaScript &script) {
  for (const auto &[name, sequence] : catalog.sequences) {
    if (!sequence.owned_by) continue;
    const std::string column = qualified(sequence.owned_by->table) + "." + pg::quote_ident(sequence.owned_by->column);
    script.add("sequence " + qualified(name) + " owned by " + column,
               {fmt::format("ALTER SEQUENCE {} OWNED BY {}", qualified(name), column)});
  }
}

} // namespace schemadiff::emit
