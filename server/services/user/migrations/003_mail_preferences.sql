-- The e-mails Notification sends (issue 15): in the customer's language, unless turned off.
ALTER TABLE {schema}.profiles
    ADD COLUMN language text NOT NULL DEFAULT 'en' CHECK (language IN ('en', 'ru')),
    ADD COLUMN email_notifications boolean NOT NULL DEFAULT true;
