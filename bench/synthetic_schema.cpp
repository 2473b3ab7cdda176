#include "synthetic_schema.hpp"

#include <fmt/format.h>

namespace schemadiff::bench {

namespace {

constexpr int enum_count = 10;

std::string table_name(int i) { return fmt::format("t_{:05}", i); }

std::string enum_sql(int e) {
  return fmt::format("CREATE TYPE status_{} AS ENUM ('new', 'active', 'suspended', 'closed');\n", e);
}

// Table i refers to table i + 1 (the last one to the first), so a file
// order by name is never the load order.
std::string table_sql(int i, int tables) {
  const std::string name = table_name(i);
  const std::string target = table_name((i + 1) % tables);
  std::string sql = fmt::format(R"(CREATE TABLE {0} (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  parent_id   bigint,
  name        text NOT NULL,
  email       varchar(200),
  status      status_{1} NOT NULL DEFAULT 'new',
  amount      numeric(12,2) NOT NULL DEFAULT 0 CHECK (amount >= 0),
  quantity    integer CHECK (quantity BETWEEN 0 AND 1000000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  flags       integer NOT NULL DEFAULT 0,
  note        text,
  score       double precision,
  tags        text[],
  data        jsonb,
  is_active   boolean NOT NULL DEFAULT true
);
CREATE INDEX {0}_name_idx ON {0} (name);
CREATE INDEX {0}_parent_idx ON {0} (parent_id);
CREATE INDEX {0}_recent_idx ON {0} (created_at DESC) WHERE is_active;
COMMENT ON TABLE {0} IS 'synthetic table {2}';
)",
                                name, i % enum_count, i);
  if (tables > 1) {
    sql += fmt::format("ALTER TABLE {0} ADD CONSTRAINT {0}_parent_fk FOREIGN KEY (parent_id) REFERENCES {1} (id);\n",
                       name, target);
  }
  return sql;
}

std::string extras_sql(int i) {
  const std::string name = table_name(i);
  return fmt::format(R"(CREATE FUNCTION {0}_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$$;
CREATE TRIGGER {0}_touch BEFORE UPDATE ON {0} FOR EACH ROW EXECUTE FUNCTION {0}_touch();
CREATE VIEW {0}_active AS SELECT id, name, amount FROM {0} WHERE is_active AND status <> 'closed';
)",
                     name);
}

} // namespace

std::vector<SchemaFileText> synthetic_schema(int tables) {
  std::vector<SchemaFileText> files;
  for (int i = 0; i < tables; ++i) {
    std::string sql = table_sql(i, tables);
    if (i % 10 == 0) sql += extras_sql(i);
    files.push_back({fmt::format("tables/{}.sql", table_name(i)), std::move(sql)});
  }
  std::string types;
  for (int e = 0; e < enum_count; ++e) types += enum_sql(e);
  files.push_back({"types.sql", std::move(types)});
  return files;
}

std::vector<std::string> synthetic_schema_batches(int tables) {
  std::string types;
  for (int e = 0; e < enum_count; ++e) types += enum_sql(e);
  std::vector<std::string> batches{types};
  std::vector<std::string> foreign_keys;
  for (int i = 0; i < tables; ++i) {
    std::string sql = table_sql(i, tables);
    // Foreign keys last: they refer to tables created later.
    const auto fk = sql.find("ALTER TABLE");
    if (fk != std::string::npos) {
      foreign_keys.push_back(sql.substr(fk));
      sql.erase(fk);
    }
    if (i % 10 == 0) sql += extras_sql(i);
    batches.push_back(sql);
  }
  batches.insert(batches.end(), foreign_keys.begin(), foreign_keys.end());
  return batches;
}

} // namespace schemadiff::bench
