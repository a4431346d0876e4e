CREATE TABLE {schema}.accounts (
    user_id bigint PRIMARY KEY,
    balance bigint NOT NULL DEFAULT 0 CHECK (balance >= 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- The ledger: every kopeck in a balance came from a top-up and left through a payment, so
-- sum(top-ups) - sum(unrefunded payments) = sum(balances) at every commit.
CREATE TABLE {schema}.topups (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES {schema}.accounts (user_id),
    amount bigint NOT NULL CHECK (amount > 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE {schema}.payments (
    id bigserial PRIMARY KEY,
    order_id bigint NOT NULL UNIQUE,
    user_id bigint NOT NULL REFERENCES {schema}.accounts (user_id),
    amount bigint NOT NULL CHECK (amount > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    refunded_at timestamptz
);
CREATE INDEX payments_by_user ON {schema}.payments (user_id);
