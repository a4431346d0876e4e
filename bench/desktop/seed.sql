-- The desktop benchmark's shop, written straight into lotokd's schemas (a benchmark's setup,
-- not a way to run a shop: no events, no outbox). Run after `lotokd migrate`, before or while
-- lotokd serves; nothing of this is cached in the server.
--   :positions positions with varied names;
--   :customers customers (profiles, Order's copy of who they are, accounts);
--   :orders orders over the last 14 days (one every two minutes or so), 1 to 3 items each,
--     nine in ten confirmed, each confirmed one with its delivery: a third awaiting
--     shipment, a third sent, a third received.
-- psql -v positions=10000 -v customers=200 -v orders=10000 -f seed.sql
\set first_customer 1000000
INSERT INTO stock.positions (name, price, count)
SELECT (ARRAY['Tea', 'Honey', 'Jam', 'Coffee', 'Rye bread', 'Cheese', 'Apples', 'Buckwheat',
              'Pelmeni', 'Kefir', 'Sunflower oil', 'Pickles'])[1 + g % 12] || ' ' || g,
       100 * (50 + g % 950), 1000 + g % 50
FROM generate_series(1, :positions) g;

INSERT INTO users.profiles (id, login, email, first_name, last_name, phone, address)
SELECT :first_customer + g, 'bench' || g, 'bench' || g || '@bench.example.com',
       (ARRAY['Anna', 'Boris', 'Vera', 'Gleb', 'Daria', 'Egor'])[1 + g % 6],
       (ARRAY['Petrova', 'Sidorov', 'Orlova', 'Ivanov', 'Smirnova', 'Kuznetsov'])[1 + g % 6],
       '+7 900 ' || lpad(g::text, 7, '0'), g || ' Loopback Street, Localhost'
FROM generate_series(1, :customers) g;
INSERT INTO orders.customers (user_id, login, first_name, last_name)
SELECT id, login, first_name, last_name FROM users.profiles WHERE id > :first_customer;
INSERT INTO billing.accounts (user_id, balance)
SELECT id, 100000000 FROM users.profiles WHERE id > :first_customer;
-- Money put in past lotokd: an opening line each, so each statement sums to its balance.
INSERT INTO billing.ledger (user_id, kind, amount, balance_after)
SELECT user_id, 'opening', balance, balance FROM billing.accounts WHERE user_id > :first_customer;

CREATE TEMP TABLE bench_orders AS
SELECT g, :first_customer + 1 + g % :customers AS user_id,
       now() - (g * interval '14 days' / :orders) AS created_at,
       CASE WHEN g % 10 = 0 THEN 'rejected' ELSE 'confirmed' END AS status,
       CASE (g / 10) % 3 WHEN 0 THEN 'awaiting_shipment' WHEN 1 THEN 'sent' ELSE 'received' END
           AS stage
FROM generate_series(1, :orders) g;
-- Oldest first, so ids grow with time as they do in a real shop.
INSERT INTO orders.orders (user_id, status, reason, total, idempotency_key, request_hash,
                           lease_until, created_at, updated_at, decided_at, delivery_status)
SELECT user_id, status, CASE WHEN status = 'rejected' THEN 'insufficient_funds' END,
       1, 'bench-' || g, repeat('a', 64), created_at, created_at, created_at, created_at,
       CASE WHEN status = 'confirmed' THEN stage END
FROM bench_orders ORDER BY g DESC;
INSERT INTO orders.order_items (order_id, position_id, name, count, price)
SELECT o.id, p.id, p.name, 1 + (o.id + k) % 3, p.price
FROM orders.orders o
CROSS JOIN LATERAL generate_series(0, (o.id % 3)::int) k
JOIN stock.positions p ON p.id = 1 + (o.id * 7919 + k * 104729) % :positions
WHERE o.idempotency_key LIKE 'bench-%';
UPDATE orders.orders o SET total = i.total
FROM (SELECT order_id, sum(count * price) AS total FROM orders.order_items GROUP BY order_id) i
WHERE i.order_id = o.id AND o.idempotency_key LIKE 'bench-%';
INSERT INTO delivery.deliveries (order_id, user_id, status, address, customer_name, created_at,
                                 updated_at, sent_at, received_at)
SELECT o.id, o.user_id, o.delivery_status, p.address, p.first_name || ' ' || p.last_name,
       o.created_at, o.created_at,
       CASE WHEN o.delivery_status <> 'awaiting_shipment' THEN o.created_at + interval '1 hour' END,
       CASE WHEN o.delivery_status = 'received' THEN o.created_at + interval '1 day' END
FROM orders.orders o JOIN users.profiles p ON p.id = o.user_id
WHERE o.status = 'confirmed' AND o.idempotency_key LIKE 'bench-%';
VACUUM ANALYZE;
