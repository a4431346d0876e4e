CREATE TABLE {schema}.credentials (
    user_id bigint PRIMARY KEY,
    login text NOT NULL UNIQUE,
    password_hash text NOT NULL,
    role text NOT NULL CHECK (role IN ('customer', 'staff')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Only a SHA-256 of each token is stored: a leaked table opens no session.
CREATE TABLE {schema}.sessions (
    token_hash text PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES {schema}.credentials (user_id),
    role text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX sessions_by_user ON {schema}.sessions (user_id);
