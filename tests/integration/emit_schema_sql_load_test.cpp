#include "schemadiff/emit/schema_sql.hpp"

#include "support/test_database.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff;
using model::Column;
using model::Constraint;
using model::ConstraintKind;
using model::QualifiedName;

namespace {

// Roles belong to the cluster, which the tests share: create once, quietly.
const char *reader_role_sql = R"sql(
DO $$ BEGIN CREATE ROLE emit_reader; EXCEPTION WHEN duplicate_object THEN NULL; END $$
)sql";

Column column(std::string name, std::string type, bool not_null = false) {
  Column made;
  made.name = std::move(name);
  made.type = std::move(type);
  made.not_null = not_null;
  return made;
}

Constraint constraint(std::string name, ConstraintKind kind, std::string definition) {
  Constraint made;
  made.name = std::move(name);
  made.kind = kind;
  made.definition = std::move(definition);
  return made;
}

model::Index index(QualifiedName name, QualifiedName table, std::string definition) {
  model::Index made;
  made.name = std::move(name);
  made.table = std::move(table);
  made.definition = std::move(definition);
  return made;
}

void add_types(model::Catalog &catalog) {
  catalog.schemas["Sales Dept"] = {"Sales Dept", "Ventas \"y\" más", {{"PUBLIC", "USAGE", false}}};
  catalog.schemas["public"] = {"public", "standard public schema", {{"PUBLIC", "USAGE", false}}};
  catalog.schemas["ext"] = {"ext", std::nullopt, {}};
  catalog.extensions["btree_gist"] = {"btree_gist", "ext", "1.7", "gist support"};
  catalog.extensions["plpgsql"] = {"plpgsql", "pg_catalog", "1.0", "PL/pgSQL procedural language"};
  catalog.collations[{"public", "c copy"}] = {{"public", "c copy"}, "libc", std::nullopt, "C", "C", true, "a copy"};

  catalog.enums[{"Sales Dept", "order status"}] = {
      {"Sales Dept", "order status"}, {"new", "it's paid", "café"}, "statuses", {}};

  model::Domain positive;
  positive.name = {"public", "positive_int"};
  positive.base_type = "integer";
  positive.not_null = true;
  positive.checks = {{"positive_int_check", "CHECK ((VALUE > 0))", true, "above zero"},
                     {"small", "CHECK ((VALUE < 1000000))", false, std::nullopt}};
  positive.privileges = {{"PUBLIC", "USAGE", false}};
  catalog.domains[positive.name] = positive;

  model::Domain email;
  email.name = {"public", "email"};
  email.base_type = "text";
  email.collation = "pg_catalog.\"C\"";
  email.checks = {{"email_check", "CHECK (public.is_email(VALUE))", true, std::nullopt}};
  email.privileges = {{"PUBLIC", "USAGE", false}};
  catalog.domains[email.name] = email;

  // Sorts before public.positive_int, which it uses.
  model::CompositeType address;
  address.name = {"Sales Dept", "Address"};
  address.attributes = {{"street", "text", std::nullopt, "the street"},
                        {"zip code", "public.positive_int", std::nullopt, std::nullopt}};
  address.privileges = {{"PUBLIC", "USAGE", false}};
  catalog.composite_types[address.name] = address;

  model::RangeType range;
  range.name = {"public", "float_range"};
  range.subtype = "double precision";
  range.subtype_diff_function = "float8mi";
  range.multirange_name = "public.float_multirange";
  range.privileges = {{"PUBLIC", "USAGE", false}};
  catalog.range_types[range.name] = range;
}

void add_routines(model::Catalog &catalog) {
  model::Routine is_email;
  is_email.key = {"public", "is_email", "address text"};
  is_email.definition = "CREATE OR REPLACE FUNCTION public.is_email(address text)\n RETURNS boolean\n LANGUAGE sql\n "
                        "IMMUTABLE\nAS $function$select position('@' in address) > 1$function$\n";
  is_email.privileges = {{"PUBLIC", "EXECUTE", false}};
  catalog.routines[is_email.key] = is_email;

  model::Routine touch;
  touch.key = {"public", "touch", ""};
  touch.definition = "CREATE OR REPLACE FUNCTION public.touch()\n RETURNS trigger\n LANGUAGE plpgsql\n"
                     "AS $function$begin return new; end$function$\n";
  catalog.routines[touch.key] = touch; // no EXECUTE for PUBLIC

  model::Routine archive;
  archive.key = {"public", "Archive", "IN days integer"};
  archive.kind = model::RoutineKind::Procedure;
  archive.definition = "CREATE OR REPLACE PROCEDURE public.\"Archive\"(IN days integer)\n LANGUAGE plpgsql\n"
                       "AS $procedure$begin perform 1 from public.\"order\"; end$procedure$\n";
  archive.comment = "moves old orders";
  archive.privileges = {{"PUBLIC", "EXECUTE", false}, {"emit_reader", "EXECUTE", true}};
  catalog.routines[archive.key] = archive;

  model::Aggregate total;
  total.key = {"public", "int_total", "integer"};
  total.arguments = "integer";
  total.state_function = "int4pl";
  total.state_type = "integer";
  total.initial_condition = "0";
  total.parallel = "s";
  total.comment = "a sum";
  total.privileges = {{"PUBLIC", "EXECUTE", false}};
  catalog.aggregates[total.key] = total;

  // Ordered-set and hypothetical-set aggregates, built as PostgreSQL builds
  // percentile_disc and rank, without EXECUTE for PUBLIC.
  model::Aggregate percentile;
  percentile.key = {"public", "my_percentile", "double precision ORDER BY anyelement"};
  percentile.arguments = "double precision ORDER BY anyelement";
  percentile.kind = 'o';
  percentile.state_function = "ordered_set_transition";
  percentile.state_type = "internal";
  percentile.final_function = "percentile_disc_final";
  percentile.final_function_extra = true;
  catalog.aggregates[percentile.key] = percentile;
  model::Aggregate rank;
  rank.key = {"public", "my_rank", "VARIADIC \"any\" ORDER BY VARIADIC \"any\""};
  rank.arguments = rank.key.identity_arguments;
  rank.kind = 'h';
  rank.state_function = "ordered_set_transition_multi";
  rank.state_type = "internal";
  rank.final_function = "rank_final";
  rank.final_function_extra = true;
  catalog.aggregates[rank.key] = rank;
}

void add_orders(model::Catalog &catalog) {
  model::Sequence invoice;
  invoice.name = {"public", "invoice_number"};
  invoice.options = {"integer", 100, 10, 100, 1000000, 5, true};
  invoice.owned_by = model::ColumnReference{{"public", "order"}, "number"};
  invoice.privileges = {{"emit_reader", "USAGE", false}};
  catalog.sequences[invoice.name] = invoice;

  model::Table user;
  user.name = {"public", "user"};
  user.columns = {column("id", "bigint", true),         column("Name", "text", true),
                  column("email", "public.email"),      column("status", "\"Sales Dept\".\"order status\""),
                  column("zip", "public.positive_int"), column("created_at", "timestamp with time zone", true),
                  column("name_len", "integer"),        column("code", "text"),
                  column("best_order", "bigint"),       column("home", "\"Sales Dept\".\"Address\"")};
  user.columns[0].identity = model::Identity{};
  user.columns[1].collation = "pg_catalog.\"C\"";
  user.columns[1].comment = "shown to others";
  user.columns[1].privileges = {{"emit_reader", "UPDATE", false}};
  user.columns[3].default_value = "'new'::\"Sales Dept\".\"order status\"";
  user.columns[5].default_value = "now()";
  user.columns[6].generated = "length(\"Name\")";
  user.constraints = {
      constraint("user_pkey", ConstraintKind::PrimaryKey, "PRIMARY KEY (id)"),
      constraint("user_email_key", ConstraintKind::Unique, "UNIQUE (email)"),
      constraint("user_Name_check", ConstraintKind::Check, "CHECK ((\"Name\" <> ''::text))"),
      constraint("user_code_fkey", ConstraintKind::ForeignKey, "FOREIGN KEY (code) REFERENCES public.codes(code)"),
      constraint("user_best_order_fkey", ConstraintKind::ForeignKey,
                 "FOREIGN KEY (best_order) REFERENCES public.\"order\"(id)")};
  user.constraints[2].validated = false;
  user.constraints[2].comment = "names are not empty";
  user.row_security = true;
  user.force_row_security = true;
  user.comment = "people";
  user.privileges = {{"PUBLIC", "SELECT", false}, {"emit_reader", "INSERT", true}, {"emit_reader", "SELECT", true}};
  catalog.tables[user.name] = user;

  model::Table order;
  order.name = {"public", "order"};
  order.columns = {column("id", "bigint", true), column("user_id", "bigint", true), column("number", "integer")};
  order.columns[0].identity =
      model::Identity{model::IdentityKind::ByDefault, {"bigint", 1000, 1, 1, INT64_MAX, 1, false}};
  order.columns[2].default_value = "nextval('public.invoice_number'::regclass)";
  order.constraints = {constraint("order_pkey", ConstraintKind::PrimaryKey, "PRIMARY KEY (id)"),
                       constraint("order_user_id_fkey", ConstraintKind::ForeignKey,
                                  "FOREIGN KEY (user_id) REFERENCES public.\"user\"(id) ON DELETE CASCADE")};
  catalog.tables[order.name] = order;
  catalog.indexes[{"public", "order_user_id_idx"}] =
      index({"public", "order_user_id_idx"}, order.name,
            "CREATE INDEX order_user_id_idx ON public.\"order\" USING btree (user_id) WHERE (number > 0)");

  // A foreign key may reference a unique index rather than a constraint.
  model::Table codes;
  codes.name = {"public", "codes"};
  codes.columns = {column("code", "text", true)};
  catalog.tables[codes.name] = codes;
  catalog.indexes[{"public", "codes_code_idx"}] =
      index({"public", "codes_code_idx"}, codes.name,
            "CREATE UNIQUE INDEX codes_code_idx ON public.codes USING btree (code)");

  model::Table rooms;
  rooms.name = {"public", "bookings"};
  rooms.columns = {column("room", "integer"), column("during", "tstzrange")};
  rooms.unlogged = true;
  rooms.options = {"fillfactor=70"};
  rooms.constraints = {
      constraint("no_overlap", ConstraintKind::Exclusion, "EXCLUDE USING gist (room WITH =, during WITH &&)")};
  catalog.tables[rooms.name] = rooms;
}

void add_events(model::Catalog &catalog) {
  const QualifiedName events{"public", "events"};
  model::Table parent;
  parent.name = events;
  parent.columns = {column("id", "bigint", true), column("at", "date", true), column("kind", "text")};
  parent.partition_key = "RANGE (at)";
  parent.constraints = {constraint("events_pkey", ConstraintKind::PrimaryKey, "PRIMARY KEY (id, at)"),
                        constraint("events_kind_check", ConstraintKind::Check, "CHECK ((kind <> ''::text))")};
  catalog.tables[events] = parent;
  catalog.indexes[{"public", "events_pkey"}] = index(
      {"public", "events_pkey"}, events, "CREATE UNIQUE INDEX events_pkey ON ONLY public.events USING btree (id, at)");
  catalog.indexes[{"public", "events_pkey"}].constraint = "events_pkey";
  catalog.indexes[{"public", "events_kind_idx"}] = index(
      {"public", "events_kind_idx"}, events, "CREATE INDEX events_kind_idx ON ONLY public.events USING btree (kind)");

  // Partitions whose names sort before and after their parent's, keys
  // under names of their own, and one with a default of its own.
  struct Part {
    std::string name, bound, key_name;
  };
  for (const Part &part : {Part{"a_events_old", "FOR VALUES FROM ('2000-01-01') TO ('2024-01-01')", "old_events_key"},
                           Part{"events_2024", "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')", "events_2024_pkey"},
                           Part{"events_other", "DEFAULT", "events_other_pkey"}}) {
    model::Table partition = parent;
    partition.name = {"public", part.name};
    partition.partition_key.reset();
    partition.partition_of = model::PartitionBound{events, part.bound};
    partition.constraints = {parent.constraints[1]}; // inherited check only; the key is read from the index
    if (part.name == "events_other") partition.columns[2].default_value = "'misc'::text";
    catalog.tables[partition.name] = partition;
    model::Index key =
        index({"public", part.key_name}, partition.name,
              "CREATE UNIQUE INDEX " + part.key_name + " ON public." + part.name + " USING btree (id, at)");
    key.parent_index = QualifiedName{"public", "events_pkey"};
    catalog.indexes[key.name] = key;
    model::Index kind = index({"public", part.name + "_kind"}, partition.name,
                              "CREATE INDEX " + part.name + "_kind ON public." + part.name + " USING btree (kind)");
    kind.parent_index = QualifiedName{"public", "events_kind_idx"};
    kind.comment = "by kind";
    catalog.indexes[kind.name] = kind;
  }
}

void add_views(model::Catalog &catalog) {
  model::View user_orders;
  user_orders.name = {"public", "user_orders"};
  // Grouping by the primary key lets it select u."Name".
  user_orders.definition = " SELECT u.id,\n    u.\"Name\",\n    count(o.id) AS orders\n   FROM (public.\"user\" u\n"
                           "     LEFT JOIN public.\"order\" o ON ((o.user_id = u.id)))\n  GROUP BY u.id;";
  user_orders.columns = {"id", "Name", "orders"};
  user_orders.depends_on.relations = {{"public", "order"}, {"public", "user"}};
  user_orders.column_comments = {{"orders", "how many"}};
  user_orders.privileges = {{"emit_reader", "SELECT", false}};
  catalog.views[user_orders.name] = user_orders;

  model::View busy;
  busy.name = {"public", "A view"};
  busy.definition = " SELECT user_orders.id\n   FROM public.user_orders\n  WHERE (user_orders.orders > 1);";
  busy.options = {"security_barrier=true"};
  busy.columns = {"id"};
  busy.depends_on.relations = {{"public", "user_orders"}};
  catalog.views[busy.name] = busy;

  // A SQL-standard body is parsed when it is created: it needs the table.
  model::Routine count_users;
  count_users.key = {"public", "count_users", ""};
  count_users.definition = "CREATE OR REPLACE FUNCTION public.count_users()\n RETURNS bigint\n LANGUAGE sql\n STABLE\n"
                           "BEGIN ATOMIC\n SELECT count(*) AS count\n    FROM public.\"user\";\nEND\n";
  count_users.privileges = {{"PUBLIC", "EXECUTE", false}};
  catalog.routines[count_users.key] = count_users;
  catalog.dependencies[{model::ObjectKind::Routine, "public", "count_users", ""}] = {
      {model::ObjectKind::Table, "public", "user", ""}};
  model::View counted;
  counted.name = {"public", "counted"};
  counted.definition = " SELECT public.count_users() AS n;";
  counted.columns = {"n"};
  counted.depends_on.routines = {count_users.key};
  catalog.views[counted.name] = counted;

  model::MaterializedView counts;
  counts.name = {"Sales Dept", "order_counts"};
  counts.definition = " SELECT user_orders.id,\n    user_orders.orders\n   FROM public.user_orders;";
  counts.columns = {"id", "orders"};
  counts.populated = false;
  counts.depends_on.relations = {{"public", "user_orders"}};
  counts.comment = "not filled yet";
  catalog.materialized_views[counts.name] = counts;
  catalog.indexes[{"Sales Dept", "order_counts_id_idx"}] =
      index({"Sales Dept", "order_counts_id_idx"}, counts.name,
            "CREATE INDEX order_counts_id_idx ON \"Sales Dept\".order_counts USING btree (id)");
}

void add_table_members(model::Catalog &catalog) {
  model::Trigger touch;
  touch.key = {{"public", "user"}, "touch it"};
  touch.definition =
      "CREATE TRIGGER \"touch it\" BEFORE UPDATE ON public.\"user\" FOR EACH ROW EXECUTE FUNCTION public.touch()";
  touch.function = "public.touch";
  touch.enabled = model::TriggerEnabled::Disabled;
  touch.comment = "off for now";
  catalog.triggers[touch.key] = touch;

  model::Trigger always;
  always.key = {{"public", "order"}, "order_touch"};
  always.definition =
      "CREATE TRIGGER order_touch BEFORE UPDATE ON public.\"order\" FOR EACH ROW EXECUTE FUNCTION public.touch()";
  always.function = "public.touch";
  always.enabled = model::TriggerEnabled::Always;
  catalog.triggers[always.key] = always;

  model::Policy own;
  own.key = {{"public", "user"}, "own rows"};
  own.permissive = false;
  own.command = "SELECT";
  own.roles = {"PUBLIC", "emit_reader"};
  own.using_expression = "(id > 0)";
  own.comment = "only positive ids";
  catalog.policies[own.key] = own;
}

model::Catalog every_kind() {
  model::Catalog catalog;
  catalog.server_version_num = 150000;
  add_types(catalog);
  add_routines(catalog);
  add_orders(catalog);
  add_events(catalog);
  add_views(catalog);
  add_table_members(catalog);
  catalog.default_privileges[{"emit_reader", "public", 'r'}] = {{"emit_reader", "public", 'r'},
                                                                {{"PUBLIC", "SELECT", false}}};
  return catalog;
}

} // namespace

TEST_CASE("emit sql: a catalog with every kind loads into an empty database") {
  const testing::TestDatabase database;
  database.execute(reader_role_sql);
  const std::string sql = emit::render_schema_sql(every_kind());
  INFO(sql);
  REQUIRE_NOTHROW(database.execute(sql));

  SECTION("partition keys keep their names and the parents' indexes are whole") {
    CHECK(database.query_value(
              "SELECT count(*) FROM pg_constraint WHERE conname = 'old_events_key' AND conparentid <> 0") == "1");
    CHECK(database.query_value("SELECT bool_and(indisvalid) FROM pg_index WHERE indexrelid IN "
                               "('public.events_kind_idx'::regclass, 'public.events_pkey'::regclass)") == "t");
    CHECK(database.query_value(
              "SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.events_kind_idx'::regclass") == "3");
    // No index beside the two the catalog names.
    CHECK(database.query_value("SELECT count(*) FROM pg_index WHERE indrelid = 'public.a_events_old'::regclass") ==
          "2");
  }
  SECTION("states that CREATE cannot say come out as the catalog says") {
    CHECK(database.query_value("SELECT convalidated FROM pg_constraint WHERE conname = 'small'") == "f");
    CHECK(database.query_value("SELECT convalidated FROM pg_constraint WHERE conname = 'user_Name_check'") == "f");
    CHECK(database.query_value("SELECT tgenabled FROM pg_trigger WHERE tgname = 'touch it'") == "D");
    CHECK(database.query_value("SELECT tgenabled FROM pg_trigger WHERE tgname = 'order_touch'") == "A");
    CHECK(database.query_value("SELECT ispopulated FROM pg_matviews WHERE matviewname = 'order_counts'") == "f");
    CHECK(database.query_value("SELECT relforcerowsecurity FROM pg_class WHERE oid = 'public.\"user\"'::regclass") ==
          "t");
    CHECK(database.query_value("SELECT pg_get_serial_sequence('public.\"order\"', 'number')") ==
          "public.invoice_number");
    CHECK(database.query_value("SELECT adsrc FROM (SELECT pg_get_expr(adbin, adrelid) AS adsrc FROM pg_attrdef "
                               "WHERE adrelid = 'public.events_other'::regclass) d") == "'misc'::text");
  }
  SECTION("privileges and comments are the catalog's") {
    CHECK(database.query_value("SELECT has_function_privilege('public', 'public.touch()', 'EXECUTE')") == "f");
    CHECK(database.query_value("SELECT has_function_privilege('public', 'public.is_email(text)', 'EXECUTE')") == "t");
    CHECK(database.query_value("SELECT count(*) FROM pg_proc WHERE proname IN ('my_rank', 'my_percentile') "
                               "AND NOT has_function_privilege('public', oid, 'EXECUTE')") == "2");
    CHECK(database.query_value("SELECT has_column_privilege('emit_reader', 'public.\"user\"', 'Name', 'UPDATE')") ==
          "t");
    CHECK(database.query_value("SELECT has_table_privilege('emit_reader', 'public.\"user\"', 'INSERT WITH GRANT "
                               "OPTION')") == "t");
    CHECK(database.query_value("SELECT has_type_privilege('public', '\"Sales Dept\".\"order status\"', 'USAGE')") ==
          "f");
    CHECK(database.query_value("SELECT obj_description('\"Sales Dept\"'::regnamespace, 'pg_namespace')") ==
          "Ventas \"y\" más");
    CHECK(database.query_value("SELECT col_description('public.user_orders'::regclass, 3)") == "how many");
    CHECK(database.query_value("SELECT count(*) FROM pg_default_acl") == "1");
  }
}
