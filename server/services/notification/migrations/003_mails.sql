-- Notification's outbox of e-mails (issue 15): a row per notification, written in the
-- notification's transaction (so at most one mail per notification), sent later by the
-- mail sender, never by the event consumer.
--   pending    due at next_attempt_at
--   sending    claimed by a sender; one found here long after claimed_at is 'uncertain'
--   sent       the MTA accepted it (250 after DATA)
--   skipped    the customer turned e-mail off
--   failed     the MTA refused it for good (5xx)
--   uncertain  the connection broke after the message was handed over, or lotokd stopped
--              while sending: it may have gone, and is not sent again (at most once)
CREATE TABLE {schema}.mails (
    notification_id bigint PRIMARY KEY REFERENCES {schema}.notifications (id),
    user_id bigint NOT NULL,
    detail text,
    status text NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'skipped', 'failed', 'uncertain')),
    attempts int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_at timestamptz,
    sent_at timestamptz,
    recipient text,
    last_error text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mails_due ON {schema}.mails (next_attempt_at) WHERE status = 'pending';
CREATE INDEX mails_sending ON {schema}.mails (claimed_at) WHERE status = 'sending';
