-- Logins are case-insensitive and stored in lower case (docs/api-decisions.md, "Logins").
-- Accounts made earlier whose logins differ only in case: the oldest keeps the login, each
-- later one becomes "<login>-<user id>" (Auth's migration applies the same rule to the same
-- accounts). The later ones are renamed first so that no two rows meet on the way.
UPDATE {schema}.profiles AS later
   SET login = lower(later.login) || '-' || later.id
 WHERE EXISTS (SELECT 1 FROM {schema}.profiles AS older
                WHERE lower(older.login) = lower(later.login) AND older.id < later.id);
UPDATE {schema}.profiles SET login = lower(login) WHERE login <> lower(login);
ALTER TABLE {schema}.profiles ADD CONSTRAINT profiles_login_lower_case
    CHECK (login = lower(login));
