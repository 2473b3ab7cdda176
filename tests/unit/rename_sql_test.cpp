#include "diff/rename_sql.hpp"

#include <catch2/catch.hpp>

using namespace schemadiff::diff;

TEST_CASE(
    "rename sql: a relation's qualified name, regclass literals and bare qualifiers are renamed, other words are not") {
  const schemadiff::model::QualifiedName accounts{"public", "accounts"};
  CHECK(rename_relation_in_sql("CREATE INDEX accounts_email_idx ON public.accounts USING btree (accounts)", accounts,
                               "customers") ==
        "CREATE INDEX accounts_email_idx ON public.customers USING btree (accounts)");
  CHECK(rename_relation_in_sql("FOREIGN KEY (a) REFERENCES public.accounts(id)", accounts, "Customers") ==
        "FOREIGN KEY (a) REFERENCES public.\"Customers\"(id)");
  CHECK(rename_relation_in_sql(" SELECT accounts.id,\n    accounts.email\n   FROM public.accounts;", accounts,
                               "customers") == " SELECT customers.id,\n    customers.email\n   FROM public.customers;");
  // A bare qualifier only where the relation is read: it could be another's alias.
  CHECK(rename_relation_in_sql(" SELECT accounts.id FROM other.x accounts;", accounts, "customers") ==
        " SELECT accounts.id FROM other.x accounts;");
  CHECK(rename_relation_in_sql("nextval('public.accounts'::regclass)", accounts, "customers") ==
        "nextval('public.customers'::regclass)");
  CHECK(rename_relation_in_sql("'public.accounts'::text || 'x'", accounts, "customers") ==
        "'public.accounts'::text || 'x'");
  CHECK(rename_relation_in_sql("other.accounts, public.accounts_log", accounts, "customers") ==
        "other.accounts, public.accounts_log");
  CHECK(rename_relation_in_sql("(accounts.id > 0)", accounts, "customers", true) == "(customers.id > 0)");
  CHECK(rename_relation_in_sql("\"public\".\"accounts\"", accounts, "customers") == "\"public\".customers");
}

TEST_CASE("rename sql: a column in an expression of its table, but not a function, type, alias or another's field") {
  CHECK(rename_column_in_expression("CHECK ((name <> ''::text))", "users", "name", "full_name") ==
        "CHECK ((full_name <> ''::text))");
  CHECK(rename_column_in_expression("lower(name) || users.name || x.name", "users", "name", "full_name") ==
        "lower(full_name) || users.full_name || x.name");
  CHECK(rename_column_in_expression("name(x)::name AS name", "users", "name", "full_name") == "name(x)::name AS name");
  CHECK(rename_column_in_expression("(zone)::timestamp with time zone", "t", "zone", "area") ==
        "(area)::timestamp with time zone");
  CHECK(rename_column_in_expression("x::integer AND zone IS NULL", "t", "zone", "area") ==
        "x::integer AND area IS NULL");
  CHECK(rename_column_in_expression("'name' = \"name\"", "t", "name", "Full") == "'name' = \"Full\"");
  CHECK(rename_column_in_expression("E'it''s \\' name' || name", "t", "name", "n") == "E'it''s \\' name' || n");
  CHECK(rename_column_in_expression("PRIMARY KEY (id, name)", "t", "name", "n") == "PRIMARY KEY (id, n)");
}

TEST_CASE("rename sql: index, trigger and foreign key definitions rename only their columns") {
  CHECK(rename_column_in_index(
            "CREATE INDEX name ON public.name USING btree (name) INCLUDE (id) WHERE (name IS NOT NULL)", "name", "name",
            "full_name") ==
        "CREATE INDEX name ON public.name USING btree (full_name) INCLUDE (id) WHERE (full_name IS NOT NULL)");
  CHECK(rename_column_in_trigger(
            "CREATE TRIGGER name BEFORE UPDATE OF name, id ON public.t FOR EACH ROW WHEN ((new.name IS "
            "DISTINCT FROM old.name)) EXECUTE FUNCTION public.name()",
            "name", "full_name") == "CREATE TRIGGER name BEFORE UPDATE OF full_name, id ON public.t FOR EACH ROW WHEN "
                                    "((new.full_name IS DISTINCT FROM "
                                    "old.full_name)) EXECUTE FUNCTION public.name()");
  const std::string foreign_key = "FOREIGN KEY (owner) REFERENCES public.people(owner) ON DELETE CASCADE";
  CHECK(rename_local_column_in_foreign_key(foreign_key, {"owner", "owner_name"}) ==
        "FOREIGN KEY (owner_name) REFERENCES public.people(owner) ON DELETE CASCADE");
  CHECK(rename_referenced_column_in_foreign_key(foreign_key, {"public", "people"}, {"owner", "name"}) ==
        "FOREIGN KEY (owner) REFERENCES public.people(name) ON DELETE CASCADE");
  CHECK(rename_referenced_column_in_foreign_key(foreign_key, {"public", "pets"}, {"owner", "name"}) == foreign_key);
  CHECK(rename_index_in_definition("CREATE UNIQUE INDEX accounts_pkey ON public.customers USING btree (id)",
                                   "customers_pkey") ==
        "CREATE UNIQUE INDEX customers_pkey ON public.customers USING btree (id)");
}
