-- schemadiff: up 20261202151438_shop_expand
-- phase: expand; one transaction
-- does:
--   create enum type public.order_status
--   create table public.customers
--   create table public.order_items
--   create table public.orders
--   add constraint public.order_items.order_items_order_id_fkey
--   add constraint public.orders.orders_customer_id_fkey
--   create table public.products
--   add constraint public.order_items.order_items_product_id_fkey
--   create index public.order_items_product_id_idx
--   create index public.orders_customer_id_idx
--   create index public.orders_open_placed_at_idx
--   create index public.products_active_name_idx
--   create view public.order_totals
--   create function public.touch_updated_at()
--   create trigger customers_touch_updated_at on public.customers
--   create trigger orders_touch_updated_at on public.orders

BEGIN;

CREATE TYPE public.order_status AS ENUM (
    'pending',
    'paid',
    'shipped',
    'delivered',
    'cancelled'
);

CREATE TABLE IF NOT EXISTS public.customers (
    id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
    email text NOT NULL,
    full_name text NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.customers') AND conname = 'customers_email_check') THEN
    ALTER TABLE public.customers ADD CONSTRAINT customers_email_check CHECK (position('@' IN email) > 1);
  END IF;
END
$schemadiff_guard$;

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.customers') AND conname = 'customers_email_key') THEN
    ALTER TABLE public.customers ADD CONSTRAINT customers_email_key UNIQUE (email);
  END IF;
END
$schemadiff_guard$;

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.customers') AND conname = 'customers_pkey') THEN
    ALTER TABLE public.customers ADD CONSTRAINT customers_pkey PRIMARY KEY (id);
  END IF;
END
$schemadiff_guard$;

COMMENT ON TABLE public.customers IS 'People who can place orders.';

CREATE TABLE IF NOT EXISTS public.order_items (
    order_id bigint NOT NULL,
    product_id bigint NOT NULL,
    quantity integer NOT NULL,
    unit_price_cents integer NOT NULL
);

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.order_items') AND conname = 'order_items_pkey') THEN
    ALTER TABLE public.order_items ADD CONSTRAINT order_items_pkey PRIMARY KEY (order_id, product_id);
  END IF;
END
$schemadiff_guard$;

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.order_items') AND conname = 'order_items_quantity_check') THEN
    ALTER TABLE public.order_items ADD CONSTRAINT order_items_quantity_check CHECK (quantity > 0);
  END IF;
END
$schemadiff_guard$;

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.order_items') AND conname = 'order_items_unit_price_cents_check') THEN
    ALTER TABLE public.order_items ADD CONSTRAINT order_items_unit_price_cents_check CHECK (unit_price_cents >= 0);
  END IF;
END
$schemadiff_guard$;

CREATE TABLE IF NOT EXISTS public.orders (
    id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
    customer_id bigint NOT NULL,
    status public.order_status DEFAULT 'pending'::public.order_status NOT NULL,
    placed_at timestamp with time zone DEFAULT now() NOT NULL,
    updated_at timestamp with time zone DEFAULT now() NOT NULL
);

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.orders') AND conname = 'orders_pkey') THEN
    ALTER TABLE public.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id);
  END IF;
END
$schemadiff_guard$;

SET LOCAL lock_timeout = '1s';
SET LOCAL statement_timeout = '0';

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.order_items') AND conname = 'order_items_order_id_fkey') THEN
    ALTER TABLE public.order_items ADD CONSTRAINT order_items_order_id_fkey FOREIGN KEY (order_id) REFERENCES public.orders(id) ON DELETE CASCADE;
  END IF;
END
$schemadiff_guard$;

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.orders') AND conname = 'orders_customer_id_fkey') THEN
    ALTER TABLE public.orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES public.customers(id);
  END IF;
END
$schemadiff_guard$;

CREATE TABLE IF NOT EXISTS public.products (
    id bigint NOT NULL GENERATED ALWAYS AS IDENTITY,
    sku character varying(32) NOT NULL,
    name text NOT NULL,
    price_cents integer NOT NULL,
    active boolean DEFAULT true NOT NULL
);

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.products') AND conname = 'products_pkey') THEN
    ALTER TABLE public.products ADD CONSTRAINT products_pkey PRIMARY KEY (id);
  END IF;
END
$schemadiff_guard$;

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.products') AND conname = 'products_price_cents_check') THEN
    ALTER TABLE public.products ADD CONSTRAINT products_price_cents_check CHECK (price_cents >= 0);
  END IF;
END
$schemadiff_guard$;

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.products') AND conname = 'products_sku_key') THEN
    ALTER TABLE public.products ADD CONSTRAINT products_sku_key UNIQUE (sku);
  END IF;
END
$schemadiff_guard$;

DO $schemadiff_guard$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_constraint WHERE conrelid = to_regclass('public.order_items') AND conname = 'order_items_product_id_fkey') THEN
    ALTER TABLE public.order_items ADD CONSTRAINT order_items_product_id_fkey FOREIGN KEY (product_id) REFERENCES public.products(id);
  END IF;
END
$schemadiff_guard$;

CREATE INDEX IF NOT EXISTS order_items_product_id_idx ON public.order_items USING btree (product_id);

CREATE INDEX IF NOT EXISTS orders_customer_id_idx ON public.orders USING btree (customer_id);

CREATE INDEX IF NOT EXISTS orders_open_placed_at_idx ON public.orders USING btree (placed_at) WHERE (status = ANY (ARRAY['pending'::public.order_status, 'paid'::public.order_status]));

CREATE INDEX IF NOT EXISTS products_active_name_idx ON public.products USING btree (name) WHERE active;

CREATE VIEW public.order_totals AS
 SELECT o.id AS order_id,
    o.customer_id,
    o.status,
    COALESCE(sum(i.quantity * i.unit_price_cents), 0::bigint) AS total_cents
   FROM public.orders o
     LEFT JOIN public.order_items i ON i.order_id = o.id
  GROUP BY o.id, o.customer_id, o.status;

CREATE OR REPLACE FUNCTION public.touch_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
  NEW.updated_at := now();
  RETURN NEW;
END;
$function$;

CREATE TRIGGER customers_touch_updated_at BEFORE UPDATE ON public.customers FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

CREATE TRIGGER orders_touch_updated_at BEFORE UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.touch_updated_at();

COMMIT;
