-- schemadiff: down 20261202151438_shop_expand
-- phase: expand; one transaction
-- undoes:
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

SET LOCAL lock_timeout = '1s';
SET LOCAL statement_timeout = '0';

DROP TRIGGER orders_touch_updated_at ON public.orders;

DROP TRIGGER customers_touch_updated_at ON public.customers;

DROP FUNCTION public.touch_updated_at();

DROP VIEW public.order_totals;

DROP INDEX IF EXISTS public.products_active_name_idx;

DROP INDEX IF EXISTS public.orders_open_placed_at_idx;

DROP INDEX IF EXISTS public.orders_customer_id_idx;

DROP INDEX IF EXISTS public.order_items_product_id_idx;

ALTER TABLE public.order_items DROP CONSTRAINT IF EXISTS order_items_product_id_fkey;

DROP TABLE public.products;

ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_customer_id_fkey;

ALTER TABLE public.order_items DROP CONSTRAINT IF EXISTS order_items_order_id_fkey;

DROP TABLE public.orders;

DROP TABLE public.order_items;

DROP TABLE public.customers;

DROP TYPE public.order_status;

COMMIT;
