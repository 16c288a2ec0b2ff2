-- Service levels (R5): policies chosen by conditions, per-ticket milestones with due, met, paused and
-- breached state, and the editable list of overdue reasons.

CREATE TABLE sla_policies (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_]{1,39}$'),
  name text NOT NULL,
  description text NOT NULL DEFAULT '',
  -- First active policy (by position) whose conditions match a ticket applies to it.
  position integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  conditions jsonb NOT NULL DEFAULT '{}',
  calendar_id uuid NOT NULL REFERENCES business_calendars (id),
  -- { "P1": { "first_response": { "minutes": 30, "clock": "calendar" }, … }, … }
  targets jsonb NOT NULL,
  pause_while_waiting_customer boolean NOT NULL DEFAULT true,
  warning_percents integer[] NOT NULL DEFAULT '{75,90}',
  breach_actions jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sla_policies_calendar_id_idx ON sla_policies (calendar_id);
CREATE INDEX sla_policies_position_idx ON sla_policies (position);

CREATE TABLE overdue_reasons (
  code text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  name text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  requires_text boolean NOT NULL DEFAULT false,
  position integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true
);

ALTER TABLE tickets
  ADD COLUMN sla_policy_id uuid REFERENCES sla_policies (id),
  ADD COLUMN is_overdue boolean NOT NULL DEFAULT false,
  ADD COLUMN overdue_reason text REFERENCES overdue_reasons (code),
  ADD COLUMN overdue_reason_text text,
  -- R1.4: when the customer was told "已收到" (the acknowledgement queued, or a live phone/walk-in contact).
  ADD COLUMN acknowledged_at timestamptz;
CREATE INDEX tickets_sla_policy_id_idx ON tickets (sla_policy_id);
CREATE INDEX tickets_overdue_reason_idx ON tickets (overdue_reason);
CREATE INDEX tickets_overdue_idx ON tickets (is_overdue) WHERE is_overdue;

CREATE TABLE ticket_milestones (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  milestone text NOT NULL CHECK (milestone IN ('acknowledgement', 'classification', 'dispatch', 'first_response',
    'technical_engagement', 'solution_provided', 'closed_confirmed', 'progress_update')),
  policy_id uuid NOT NULL REFERENCES sla_policies (id),
  -- The ticket priority the target was taken from; a priority change recomputes the open milestones.
  priority text NOT NULL,
  target_minutes integer NOT NULL CHECK (target_minutes > 0),
  is_business_time boolean NOT NULL,
  started_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  met_at timestamptz,
  paused_at timestamptz,
  -- Business or calendar milliseconds the clock stood still, so attainment needs no replay.
  paused_ms bigint NOT NULL DEFAULT 0,
  breached_at timestamptz,
  -- Warning percents already sent (75, 90), so each fires once.
  warnings_sent integer[] NOT NULL DEFAULT '{}',
  -- The next moment the sweep must look at this milestone (a warning or the breach); NULL when done.
  next_check_at timestamptz,
  cycle integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (ticket_id, milestone)
);
CREATE INDEX ticket_milestones_policy_id_idx ON ticket_milestones (policy_id);
-- The sweep: only what is due, however many tickets are open.
CREATE INDEX ticket_milestones_next_check_idx ON ticket_milestones (next_check_at) WHERE next_check_at IS NOT NULL;
CREATE INDEX ticket_milestones_due_idx ON ticket_milestones (due_at) WHERE met_at IS NULL;
