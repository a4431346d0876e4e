-- An archived position is no longer sold (hidden from the catalogue, refused in orders) but
-- keeps its row, so past orders and reservations still point at it.
ALTER TABLE {schema}.positions ADD COLUMN archived boolean NOT NULL DEFAULT false;
