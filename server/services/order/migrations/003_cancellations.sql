-- Cancelling a confirmed order before it is sent (docs/architecture.md, "Cancelling an
-- order"). The order becomes 'cancelled'; its delivery stage copy too.
ALTER TABLE {schema}.orders DROP CONSTRAINT orders_status_check;
ALTER TABLE {schema}.orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('pending', 'confirmed', 'rejected', 'cancelled'));
ALTER TABLE {schema}.orders DROP CONSTRAINT orders_delivery_status_check;
ALTER TABLE {schema}.orders ADD CONSTRAINT orders_delivery_status_check
    CHECK (delivery_status IN ('awaiting_shipment', 'sent', 'received', 'cancelled'));
ALTER TABLE {schema}.orders ADD COLUMN cancelled_at timestamptz;

-- A cancel request, recorded before Delivery is asked so that a crash cannot lose it: one per
-- order (the row's key decides between two requests at once). 'requested' until the saga
-- has an answer: then 'done' (the order is cancelled), or the row is deleted when Delivery
-- refused (already sent), which frees the Idempotency-Key as for any refused request.
-- requested_by and idempotency_key make the key of the request, as on orders.
CREATE TABLE {schema}.cancellations (
    order_id bigint PRIMARY KEY REFERENCES {schema}.orders (id),
    requested_by bigint NOT NULL,
    state text NOT NULL CHECK (state IN ('requested', 'done')),
    idempotency_key text,
    request_hash text,
    -- A requested cancellation whose lease ran out is taken over by recovery.
    lease_until timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    done_at timestamptz
);
CREATE UNIQUE INDEX cancellations_idempotency ON {schema}.cancellations
    (requested_by, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX cancellations_requested ON {schema}.cancellations (lease_until)
    WHERE state = 'requested';
