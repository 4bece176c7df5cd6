-- The legacy schema, as monoliths have it: one wide products table holds catalog data and
-- inventory together, and orders reference it by foreign key.

CREATE TABLE app_users (
    id            BIGSERIAL PRIMARY KEY,
    email         VARCHAR(254) NOT NULL UNIQUE,
    password_hash VARCHAR(200) NOT NULL,
    full_name     VARCHAR(100) NOT NULL,
    role          VARCHAR(20)  NOT NULL DEFAULT 'CUSTOMER',
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);

-- Opaque session tokens; only their SHA-256 is stored.
CREATE TABLE user_sessions (
    token_hash CHAR(64) PRIMARY KEY,
    user_id    BIGINT      NOT NULL REFERENCES app_users (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX user_sessions_user_idx ON user_sessions (user_id);

CREATE TABLE categories (
    id   BIGSERIAL PRIMARY KEY,
    name VARCHAR(100) NOT NULL,
    slug VARCHAR(100) NOT NULL UNIQUE
);

CREATE TABLE products (
    id            BIGSERIAL PRIMARY KEY,
    sku           VARCHAR(40)  NOT NULL UNIQUE,
    name          VARCHAR(200) NOT NULL,
    description   TEXT         NOT NULL DEFAULT '',
    category_id   BIGINT       NOT NULL REFERENCES categories (id),
    price_cents   INTEGER      NOT NULL CHECK (price_cents >= 0),
    currency      CHAR(3)      NOT NULL DEFAULT 'EUR',
    stock_qty     INTEGER      NOT NULL DEFAULT 0 CHECK (stock_qty >= 0),
    warehouse_bin VARCHAR(20),
    supplier_code VARCHAR(20),
    is_active     BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at    TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX products_category_idx ON products (category_id);

CREATE TABLE orders (
    id              BIGSERIAL PRIMARY KEY,
    user_id         BIGINT      NOT NULL REFERENCES app_users (id),
    status          VARCHAR(20) NOT NULL,
    total_cents     INTEGER     NOT NULL,
    currency        CHAR(3)     NOT NULL,
    idempotency_key VARCHAR(64) NOT NULL UNIQUE,
    payment_ref     VARCHAR(100),
    refund_ref      VARCHAR(100),
    created_at      TIMESTAMPTZ NOT NULL,
    cancelled_at    TIMESTAMPTZ
);
CREATE INDEX orders_user_idx ON orders (user_id, created_at DESC);

CREATE TABLE order_items (
    id               BIGSERIAL PRIMARY KEY,
    order_id         BIGINT       NOT NULL REFERENCES orders (id),
    product_id       BIGINT       NOT NULL REFERENCES products (id),
    product_name     VARCHAR(200) NOT NULL,
    quantity         INTEGER      NOT NULL CHECK (quantity > 0),
    unit_price_cents INTEGER      NOT NULL
);
CREATE INDEX order_items_order_idx ON order_items (order_id);
