-- count is what is available to order: reserved goods are already taken out of it.
CREATE TABLE {schema}.positions (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    price bigint NOT NULL CHECK (price > 0),
    count bigint NOT NULL CHECK (count >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per (order, position): reserving twice for the same order changes nothing.
CREATE TABLE {schema}.reservations (
    order_id bigint NOT NULL,
    position_id bigint NOT NULL REFERENCES {schema}.positions (id),
    count bigint NOT NULL CHECK (count > 0),
    status text NOT NULL CHECK (status IN ('reserved', 'sold', 'released')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, position_id)
);
CREATE INDEX reservations_open ON {schema}.reservations (created_at) WHERE status = 'reserved';
