-- The catalog service's own schema: designed for a catalog, not a copy of the monolith's wide
-- products table. Prices are decimals, the product's name is its title, the monolith-only columns
-- (warehouse bin, supplier) are gone. available_quantity stays owned by the monolith (stock is not
-- extracted) and flows here read-only, so the service can answer inStock / availableQuantity.

CREATE TABLE categories (
    id   BIGINT PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    slug VARCHAR(100) NOT NULL UNIQUE
);

CREATE TABLE products (
    id                 BIGINT PRIMARY KEY,
    sku                VARCHAR(40)    NOT NULL UNIQUE,
    title              VARCHAR(200)   NOT NULL,
    description        TEXT           NOT NULL,
    category_id        BIGINT         NOT NULL REFERENCES categories (id),
    price              NUMERIC(12, 2) NOT NULL CHECK (price >= 0),
    currency           CHAR(3)        NOT NULL,
    available_quantity INTEGER        NOT NULL,
    active             BOOLEAN        NOT NULL,
    created_at         TIMESTAMPTZ    NOT NULL,
    updated_at         TIMESTAMPTZ    NOT NULL
);
CREATE INDEX products_category_idx ON products (category_id);
