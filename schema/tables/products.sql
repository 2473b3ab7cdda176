CREATE TABLE products (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  sku         varchar(32) NOT NULL,
  name        text NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents >= 0),
  active      boolean NOT NULL DEFAULT true,
  CONSTRAINT products_sku_key UNIQUE (sku)
);

-- The storefront lists active products by name.
CREATE INDEX products_active_name_idx ON products (name) WHERE active;
