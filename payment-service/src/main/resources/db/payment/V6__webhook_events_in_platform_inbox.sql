-- Stripe webhook de-duplication moved to the platform inbox (table inbox_external, consumer
-- 'stripe-webhooks'; platform migration V0_3), which the inbox janitor purges. This table was never
-- purged. Its rows are not copied: the platform's tables are migrated after the service's, and a
-- webhook delivered again after the upgrade is harmless — the intent is retrieved again and
-- observations are monotone, so nothing is published twice.
drop table stripe_webhook_events;
