-- GET /api/v1/account: the session (Auth), then the balance (Billing).
\set uid random(1, :customers)
SELECT user_id, role FROM auth.sessions WHERE token_hash = lpad(CAST(:uid AS text), 64, '0') AND revoked_at IS NULL AND expires_at > now();
SELECT balance FROM billing.accounts WHERE user_id = :uid;
