-- Numbered 4, not 3: the catalogue's migration (003_catalogue) was written at the same time.
-- The two are independent, so a database may have had either applied first.
-- Goods of a cancelled order come back (order.order_cancelled): its reservations, sold or
-- still reserved, become 'returned' and their counts go back to the positions.
ALTER TABLE {schema}.reservations DROP CONSTRAINT reservations_status_check;
ALTER TABLE {schema}.reservations ADD CONSTRAINT reservations_status_check
    CHECK (status IN ('reserved', 'sold', 'released', 'returned'));
