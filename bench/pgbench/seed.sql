-- Seeds the ceiling database (a schema-only copy of lotokd's, in the same cluster) with what
-- the order and read scripts touch: :customers customers with sessions, profiles and money,
-- :positions positions, and a reader (user :reader) with 1,000 confirmed orders.
-- psql -v customers=128 -v positions=256 -v reader=1000000 -f seed.sql
INSERT INTO auth.credentials (user_id, login, password_hash, role)
SELECT g, 'pgb' || g, 'x', 'customer' FROM generate_series(1, :customers) g
UNION ALL SELECT :reader, 'pgbreader', 'x', 'customer';
INSERT INTO auth.sessions (token_hash, user_id, role, expires_at)
SELECT lpad(user_id::text, 64, '0'), user_id, 'customer', now() + interval '1 day'
FROM auth.credentials;
INSERT INTO users.profiles (id, login, email, first_name, last_name, address)
SELECT user_id, login, login || '@bench.example.com', 'Bench', 'Customer',
       '1 Loopback Street, Localhost'
FROM auth.credentials;
INSERT INTO billing.accounts (user_id, balance)
SELECT user_id, 1000000000000 FROM auth.credentials;
-- Money put in past lotokd: an opening line each, so balances stay their ledgers' sums.
INSERT INTO billing.ledger (user_id, kind, amount, balance_after)
SELECT user_id, 'opening', balance, balance FROM billing.accounts;
INSERT INTO stock.positions (id, name, price, count)
SELECT g, 'Bench item ' || g, 100, 1000000000 FROM generate_series(1, :positions) g;
SELECT setval('stock.positions_id_seq', :positions);
INSERT INTO orders.orders (user_id, status, total, idempotency_key, request_hash, lease_until,
                           decided_at)
SELECT :reader, 'confirmed', 100, 'seed-' || g, repeat('a', 64), now(), now()
FROM generate_series(1, 1000) g;
INSERT INTO orders.order_items (order_id, position_id, name, count, price)
SELECT id, 1 + id % :positions, 'Bench item ' || (1 + id % :positions), 1, 100
FROM orders.orders WHERE user_id = :reader;
VACUUM ANALYZE;
