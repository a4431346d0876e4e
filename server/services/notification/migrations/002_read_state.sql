-- Read state lives on the server, so a second device does not show everything unread again.
ALTER TABLE {schema}.notifications ADD COLUMN read boolean NOT NULL DEFAULT false;
CREATE INDEX notifications_unread ON {schema}.notifications (user_id, id) WHERE NOT read;
