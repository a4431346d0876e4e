CREATE TABLE {schema}.deliveries (
    order_id bigint PRIMARY KEY,
    user_id bigint NOT NULL,
    status text NOT NULL CHECK (status IN ('awaiting_shipment', 'sent', 'received')),
    address text NOT NULL,
    customer_name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    sent_at timestamptz,
    received_at timestamptz
);
CREATE INDEX deliveries_by_status ON {schema}.deliveries (status, order_id DESC);
