-- A delivery may be cancelled with its order while it awaits shipment (the cancel saga,
-- docs/architecture.md). The row also answers for an order whose delivery did not exist yet
-- when it was cancelled: it is written as 'cancelled' with no address, so the confirmation
-- event arriving later finds the order's row taken and creates nothing.
ALTER TABLE {schema}.deliveries DROP CONSTRAINT deliveries_status_check;
ALTER TABLE {schema}.deliveries ADD CONSTRAINT deliveries_status_check
    CHECK (status IN ('awaiting_shipment', 'sent', 'received', 'cancelled'));
ALTER TABLE {schema}.deliveries ADD COLUMN cancelled_at timestamptz;
