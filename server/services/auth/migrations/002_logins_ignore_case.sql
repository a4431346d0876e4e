-- Logins are case-insensitive and stored in lower case (docs/api-decisions.md, "Logins").
-- Accounts made earlier whose logins differ only in case: the oldest keeps the login, each
-- later one becomes "<login>-<user id>" (User's migration applies the same rule to the same
-- accounts). The later ones are renamed first so that no two rows meet on the way.
UPDATE {schema}.credentials AS later
   SET login = lower(later.login) || '-' || later.user_id
 WHERE EXISTS (SELECT 1 FROM {schema}.credentials AS older
                WHERE lower(older.login) = lower(later.login) AND older.user_id < later.user_id);
UPDATE {schema}.credentials SET login = lower(login) WHERE login <> lower(login);
ALTER TABLE {schema}.credentials ADD CONSTRAINT credentials_login_lower_case
    CHECK (login = lower(login));
