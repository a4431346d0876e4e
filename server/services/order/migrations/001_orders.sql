CREATE TABLE {schema}.orders (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    status text NOT NULL CHECK (status IN ('pending', 'confirmed', 'rejected')),
    reason text CHECK (reason IN ('insufficient_stock', 'insufficient_funds')),
    total bigint NOT NULL CHECK (total > 0),
    currency text NOT NULL DEFAULT 'RUB',
    idempotency_key text,
    request_hash text,
    -- A pending order whose lease has run out is taken over by saga recovery.
    lease_until timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    decided_at timestamptz
);
CREATE INDEX orders_by_user ON {schema}.orders (user_id, id DESC);
CREATE UNIQUE INDEX orders_idempotency ON {schema}.orders (user_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX orders_pending ON {schema}.orders (lease_until) WHERE status = 'pending';

-- Name and price as they were when the order was placed.
CREATE TABLE {schema}.order_items (
    order_id bigint NOT NULL REFERENCES {schema}.orders (id),
    position_id bigint NOT NULL,
    name text NOT NULL,
    count bigint NOT NULL CHECK (count > 0),
    price bigint NOT NULL CHECK (price > 0),
    PRIMARY KEY (order_id, position_id)
);
