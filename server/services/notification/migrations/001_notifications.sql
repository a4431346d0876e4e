-- event_id makes each event yield exactly one notification, however often it arrives.
CREATE TABLE {schema}.notifications (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL,
    type text NOT NULL CHECK (type IN ('order_ready_for_delivery', 'order_rejected',
                                       'order_sent', 'order_delivered')),
    order_id bigint NOT NULL,
    message text NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX notifications_by_user ON {schema}.notifications (user_id, id);
