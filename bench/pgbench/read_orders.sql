-- GET /api/v1/orders (first page of 20 of the reader's 1,000): the session (Auth), one row
-- more than the page (to know whether another follows), then their items in one query.
-- :reader and :ids (the 21 newest order ids, as a '{...}' array) come from bench.sh.
SELECT user_id, role FROM auth.sessions WHERE token_hash = lpad(CAST(:reader AS text), 64, '0') AND revoked_at IS NULL AND expires_at > now();
SELECT id, user_id, status, reason, total, to_char(created_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(updated_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), to_char(decided_at AT TIME ZONE 'UTC', E'YYYY-MM-DD"T"HH24\x3aMI\x3aSS.MS"Z"'), idempotency_key, request_hash FROM orders.orders WHERE user_id = :reader AND id < 9223372036854775807 ORDER BY id DESC LIMIT 21;
SELECT order_id, position_id, name, count, price FROM orders.order_items WHERE order_id = ANY(CAST(:ids AS bigint[])) ORDER BY order_id, position_id;
