CREATE TABLE {schema}.profiles (
    id bigserial PRIMARY KEY,
    login text NOT NULL UNIQUE,
    email text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    phone text,
    address text NOT NULL,
    role text NOT NULL DEFAULT 'customer' CHECK (role IN ('customer', 'staff')),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
