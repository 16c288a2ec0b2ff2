-- Reference data (settings, rules, policies, calendars, templates, channels) is read on every new
-- ticket and changes only by an administrator's hand. Servers keep it in memory and ask one question
-- per use: has anything changed? Every write to these tables, committed or not, takes a new value from
-- a sequence, so a value seen once always means the same rows, on every server process.
CREATE SEQUENCE reference_data_version_seq;

CREATE TABLE reference_data_version (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  version bigint NOT NULL
);
INSERT INTO reference_data_version (version) VALUES (nextval('reference_data_version_seq'));

CREATE FUNCTION bump_reference_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE reference_data_version SET version = nextval('reference_data_version_seq');
  RETURN NULL;
END;
$$;

DO $$
DECLARE
  reference_table text;
BEGIN
  FOREACH reference_table IN ARRAY ARRAY[
    'settings', 'priorities', 'categories', 'classification_rules', 'sla_policies',
    'business_calendars', 'calendar_days', 'notification_templates', 'notification_robots',
    'group_notification_subscriptions', 'user_notification_subscriptions', 'webhook_endpoints'
  ] LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I
         FOR EACH STATEMENT EXECUTE FUNCTION bump_reference_data_version()',
      reference_table || '_reference_version', reference_table);
  END LOOP;
END;
$$;
