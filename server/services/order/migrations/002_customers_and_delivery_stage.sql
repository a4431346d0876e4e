-- Order's own copies for the staff board, so it never reads another service's tables:
-- who the customer is (from user.user_registered and User's profile, asked once) and where
-- the delivery is (from the delivery events). See docs/api-decisions.md.
CREATE TABLE {schema}.customers (
    user_id bigint PRIMARY KEY,
    login text NOT NULL,
    first_name text NOT NULL DEFAULT '',
    last_name text NOT NULL DEFAULT ''
);
CREATE INDEX customers_by_login ON {schema}.customers (lower(login));

ALTER TABLE {schema}.orders ADD COLUMN delivery_status text
    CHECK (delivery_status IN ('awaiting_shipment', 'sent', 'received'));
CREATE INDEX orders_by_status ON {schema}.orders (status, id DESC);
