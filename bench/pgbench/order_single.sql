-- The monolith's ceiling: order_multi.sql's statements in ONE transaction (one commit).
\set uid 1 + :client_id
\set pos random(1, :positions)
\set key random(1, 1000000000000)
BEGIN;
-- Auth (gateway): the session behind the bearer token.
SELECT user_id, role FROM auth.sessions WHERE token_hash = lpad(CAST(:uid AS text), 64, '0') AND revoked_at IS NULL AND expires_at > now();
-- Stock: names and prices.
SELECT id, name, price, count FROM stock.positions WHERE id = ANY(ARRAY[CAST(:pos AS bigint)]) ORDER BY id;
-- Order: the pending order.
INSERT INTO orders.orders (user_id, status, total, idempotency_key, request_hash, lease_until) VALUES (:uid, 'pending', 100, 'pgb-' || CAST(:key AS text), '8a990908462b9b0915c345438bd69a24f4791e62c36444d9b3ef59df66491b44', now() + make_interval(secs => 30)) ON CONFLICT (user_id, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id AS order_id, user_id, status, reason, total, to_char(created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(updated_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(decided_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), idempotency_key, request_hash \gset
INSERT INTO orders.order_items (order_id, position_id, name, count, price) VALUES (:order_id, :pos, 'Bench item', 1, 100);
-- Stock: reserve.
INSERT INTO stock.reservations (order_id, position_id, count, status) VALUES (:order_id, :pos, 1, 'reserved') ON CONFLICT DO NOTHING;
UPDATE stock.positions SET name = COALESCE(NULL, name), price = COALESCE(NULL, price), count = count + -1, updated_at = now() WHERE id = :pos AND count + -1 >= 0 RETURNING id, name, price, count;
INSERT INTO stock.outbox (event_id, type, payload) VALUES (gen_random_uuid(), 'stock.position_changed', jsonb_set('{"event_id": "e80657e6-1686-4442-aee4-3ce699cd5bbe", "position": {"id": 1, "name": "Bench item", "count": 999, "price": 100, "currency": "RUB"}}'::jsonb, '{occurred_at}', to_jsonb(to_char(now() AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"')))) RETURNING id AS stock_event \gset
-- Billing: debit with its ledger line, then record the payment.
WITH account AS (UPDATE billing.accounts SET balance = balance - CAST(100 AS bigint), updated_at = now() WHERE user_id = :uid AND balance >= CAST(100 AS bigint) RETURNING user_id, balance) INSERT INTO billing.ledger (user_id, kind, amount, balance_after, order_id) SELECT user_id, 'payment', -CAST(100 AS bigint), balance, :order_id FROM account;
INSERT INTO billing.payments (order_id, user_id, amount) VALUES (:order_id, :uid, 100) ON CONFLICT (order_id) DO NOTHING RETURNING id;
-- Order: confirmed, with its event.
UPDATE orders.orders SET status = 'confirmed', reason = NULL, updated_at = now(), decided_at = now() WHERE id = :order_id AND status = 'pending' RETURNING id, user_id, status, reason, total, to_char(created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(updated_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(decided_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), idempotency_key, request_hash;
INSERT INTO orders.outbox (event_id, type, payload) VALUES (gen_random_uuid(), 'order.order_confirmed', jsonb_set('{"items": [{"name": "Bench item", "count": 1, "price": 100, "position_id": 1}], "total": 100, "user_id": 2, "event_id": "cdb20755-6c4e-48ac-a2a9-d3573c19c615", "order_id": 1}'::jsonb, '{occurred_at}', to_jsonb(to_char(now() AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"')))) RETURNING id AS order_event \gset
-- Events. Stock: the reservation is sold.
INSERT INTO stock.inbox (consumer, event_id) VALUES ('stock', gen_random_uuid()) ON CONFLICT DO NOTHING;
UPDATE stock.reservations SET status = 'sold', updated_at = now() WHERE order_id = :order_id AND status = 'reserved' RETURNING order_id, position_id, count, status;
-- Delivery: the address from User, then the delivery and its event.
SELECT order_id, user_id, status, address, customer_name, to_char(created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(sent_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(received_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"') FROM delivery.deliveries WHERE order_id = :order_id;
SELECT id, login, email, first_name, last_name, phone, address, role FROM users.profiles WHERE id = :uid;
INSERT INTO delivery.inbox (consumer, event_id) VALUES ('delivery', gen_random_uuid()) ON CONFLICT DO NOTHING;
INSERT INTO delivery.deliveries (order_id, user_id, status, address, customer_name) VALUES (:order_id, :uid, 'awaiting_shipment', '1 Loopback Street, Localhost', 'Bench Customer') ON CONFLICT DO NOTHING RETURNING order_id, user_id, status, address, customer_name, to_char(created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(sent_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(received_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"');
INSERT INTO delivery.outbox (event_id, type, payload) VALUES (gen_random_uuid(), 'delivery.delivery_created', jsonb_set('{"order_id": 1, "user_id": 2, "delivery": {"order_id": 1, "user_id": 2, "status": "awaiting_shipment", "address": "1 Loopback Street, Localhost", "customer_name": "Bench Customer", "created_at": "2026-11-24T06.17.35.971Z", "sent_at": null, "received_at": null}}'::jsonb, '{occurred_at}', to_jsonb(to_char(now() AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"')))) RETURNING id AS delivery_event \gset
-- Notification: the customer's notification.
INSERT INTO notification.notifications (user_id, type, order_id, message, event_id) VALUES (:uid, 'order_ready_for_delivery', :order_id, 'Order #' || CAST(:order_id AS text) || ' is confirmed and ready for delivery', gen_random_uuid()) ON CONFLICT (event_id) DO NOTHING RETURNING id, user_id, type, order_id, message, to_char(created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"');
-- Relays: the three events are published (lotokd batches up to 64 per relay transaction;
-- here they share one).
UPDATE stock.outbox SET published_at = now(), attempts = attempts + 1 WHERE id = :stock_event;
UPDATE orders.outbox SET published_at = now(), attempts = attempts + 1 WHERE id = :order_event;
UPDATE delivery.outbox SET published_at = now(), attempts = attempts + 1 WHERE id = :delivery_event;
COMMIT;
