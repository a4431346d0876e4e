-- The catalogue (issue 15): categories, descriptions, pictures and server-side search.

-- A flat list of categories; names are unique ignoring case (see search_fold below).
CREATE TABLE {schema}.categories (
    id bigserial PRIMARY KEY,
    name text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Case folding for search and for unique names. The database may be created without a
-- locale (the embedded cluster is: initdb --no-locale), where lower() folds ASCII only and
-- "ЧАЙ" would not find "чай"; ICU's root collation folds every script. A PostgreSQL built
-- without ICU keeps lower() and its database's locale.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu') THEN
        CREATE FUNCTION {schema}.search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE
            PARALLEL SAFE STRICT AS $f$ SELECT lower($1 COLLATE "und-x-icu") $f$;
    ELSE
        CREATE FUNCTION {schema}.search_fold(text) RETURNS text LANGUAGE sql IMMUTABLE
            PARALLEL SAFE STRICT AS $f$ SELECT lower($1) $f$;
    END IF;
END
$$;

CREATE UNIQUE INDEX categories_name ON {schema}.categories ({schema}.search_fold(name));

ALTER TABLE {schema}.positions
    ADD COLUMN description text NOT NULL DEFAULT '',
    -- Deleting a category leaves its positions uncategorised (Stock announces each one).
    ADD COLUMN category_id bigint REFERENCES {schema}.categories (id) ON DELETE SET NULL,
    -- The stored picture's version (its ETag), null when there is none: in the position's
    -- row, so a list shows picture URLs without reading the pictures.
    ADD COLUMN picture_version text,
    ADD COLUMN search_text text GENERATED ALWAYS AS
        ({schema}.search_fold(name || ' ' || description)) STORED;

CREATE INDEX positions_category ON {schema}.positions (category_id, id);

-- The picture, re-encoded by Stock (metadata stripped, dimensions capped), and its
-- thumbnail: in the database, so they are backed up, replicated and removed with the rest
-- of Stock's data, and no file lives outside the data directory. One row per position; an
-- upload replaces the row in the transaction that moves picture_version.
CREATE TABLE {schema}.pictures (
    position_id bigint PRIMARY KEY REFERENCES {schema}.positions (id) ON DELETE CASCADE,
    version text NOT NULL,
    content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    width int NOT NULL CHECK (width > 0),
    height int NOT NULL CHECK (height > 0),
    image bytea NOT NULL,
    thumbnail bytea NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Search is "contains", case-insensitive, over name and description (LIKE on search_text).
-- A trigram index makes it fast past a few thousand positions. pg_trgm ships with
-- PostgreSQL (Debian's postgresql-15) and is a trusted extension, so the database's owner
-- may create it; where it cannot be had, search still works, by scanning.
DO $$
DECLARE
    ops_schema text;
BEGIN
    BEGIN
        CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm unavailable (%): catalogue search scans', SQLERRM;
    END;
    SELECT n.nspname INTO ops_schema FROM pg_opclass c
        JOIN pg_namespace n ON n.oid = c.opcnamespace
        JOIN pg_am a ON a.oid = c.opcmethod
        WHERE c.opcname = 'gin_trgm_ops' AND a.amname = 'gin' LIMIT 1;
    IF ops_schema IS NOT NULL THEN
        EXECUTE format('CREATE INDEX positions_search ON {schema}.positions USING gin '
                       '(search_text %I.gin_trgm_ops)', ops_schema);
    END IF;
END
$$;
