-- updated_at is the service's own bookkeeping: the CDC stream does not carry the monolith's (both
-- sides would otherwise overwrite each other's after the write cutover), so rows it inserts get the
-- time they arrive, and the service sets it when it changes a product.
ALTER TABLE products ALTER COLUMN updated_at SET DEFAULT now();
