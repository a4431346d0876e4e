-- The account statement (issue 15): every change of a balance is a line, written by the same
-- statement that changes the balance, so a balance is always the sum of its account's lines.
-- `amount` is signed (a payment is negative); `balance_after` is the balance that change left.
-- `opening` appears only for an account from before this table whose history (top-ups,
-- payments, refunds) does not add up to its balance: rows written past lotokd.
CREATE TABLE {schema}.ledger (
    id bigserial PRIMARY KEY,
    user_id bigint NOT NULL REFERENCES {schema}.accounts (user_id),
    kind text NOT NULL CHECK (kind IN ('top_up', 'payment', 'refund', 'opening')),
    amount bigint NOT NULL CHECK (amount <> 0),
    balance_after bigint NOT NULL,
    order_id bigint,
    -- The clock at the insert, not the transaction's start: the line is written after the
    -- account row is locked, so one account's lines are in time order as they are in id order.
    created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    CHECK (CASE kind
               WHEN 'top_up' THEN amount > 0 AND order_id IS NULL
               WHEN 'payment' THEN amount < 0 AND order_id IS NOT NULL
               WHEN 'refund' THEN amount > 0 AND order_id IS NOT NULL
               ELSE order_id IS NULL
           END)
);
-- The statement reads one account's lines newest first from a cursor.
CREATE INDEX ledger_by_user ON {schema}.ledger (user_id, id);

-- Existing accounts get their history back as lines, so their statements are complete and
-- the invariant holds for old data too. Nothing may move money meanwhile (a lotokd of the
-- previous release would change a balance without a line): the lock holds it off until the
-- migration commits.
LOCK TABLE {schema}.accounts, {schema}.topups, {schema}.payments IN EXCLUSIVE MODE;

-- A refund is a line of its own, at the time the payment was marked refunded. At one
-- instant top-ups come before payments and payments before refunds, so a reconstructed
-- balance never dips below zero where the real one did not.
WITH history AS (
    SELECT user_id, 'top_up' AS kind, amount, NULL::bigint AS order_id, created_at AS at,
           1 AS rank, id AS source_id
    FROM {schema}.topups
    UNION ALL
    SELECT user_id, 'payment', -amount, order_id, created_at, 2, id FROM {schema}.payments
    UNION ALL
    SELECT user_id, 'refund', amount, order_id, refunded_at, 3, id
    FROM {schema}.payments WHERE refunded_at IS NOT NULL
),
explained AS (
    SELECT user_id, sum(amount) AS total, min(at) AS first_at FROM history GROUP BY user_id
),
opening AS (
    SELECT a.user_id, 'opening' AS kind, a.balance - coalesce(e.total, 0)::bigint AS amount,
           NULL::bigint AS order_id, least(a.created_at, e.first_at) AS at, 0 AS rank,
           0::bigint AS source_id
    FROM {schema}.accounts a LEFT JOIN explained e USING (user_id)
    WHERE a.balance <> coalesce(e.total, 0)
),
lines AS (
    SELECT * FROM opening
    UNION ALL
    SELECT * FROM history
)
-- Ids in time order across accounts, as new lines get them.
INSERT INTO {schema}.ledger (id, user_id, kind, amount, balance_after, order_id, created_at)
SELECT row_number() OVER (ORDER BY at, rank, source_id, user_id), user_id, kind, amount,
       (sum(amount) OVER (PARTITION BY user_id ORDER BY at, rank, source_id
                          ROWS UNBOUNDED PRECEDING))::bigint,
       order_id, at
FROM lines;

SELECT setval(pg_get_serial_sequence('{schema}.ledger', 'id'), coalesce(max(id), 0) + 1, false)
FROM {schema}.ledger;
