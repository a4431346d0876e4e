-- One notification per cancelled order (order.order_cancelled).
ALTER TABLE {schema}.notifications DROP CONSTRAINT notifications_type_check;
ALTER TABLE {schema}.notifications ADD CONSTRAINT notifications_type_check
    CHECK (type IN ('order_ready_for_delivery', 'order_rejected', 'order_sent',
                    'order_delivered', 'order_cancelled'));
