-- The ticket lifecycle (R1–R4, R9, R11): customers' purchases, classification data, routing,
-- tickets with their timeline, plans, collaboration and escalation, intake plumbing, saved views.

-- Customers and products ---------------------------------------------------------------------------
CREATE TABLE customer_contacts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  name text NOT NULL,
  title text,
  phone text,
  email text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customer_contacts_customer_id_idx ON customer_contacts (customer_id);

CREATE TABLE purchases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
  product_id uuid REFERENCES products (id),
  order_number text,
  channel text,
  purchased_on date,
  serial_number text,
  batch_number text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX purchases_customer_id_idx ON purchases (customer_id);
CREATE INDEX purchases_product_id_idx ON purchases (product_id);
CREATE INDEX purchases_order_number_idx ON purchases (order_number);
CREATE INDEX purchases_serial_number_idx ON purchases (serial_number);

CREATE SEQUENCE customer_number_seq;

-- Classification (R2) -----------------------------------------------------------------------------
CREATE TABLE categories (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z][a-z0-9_.]{1,59}$'),
  name text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  parent_id uuid REFERENCES categories (id),
  position integer NOT NULL DEFAULT 0,
  -- R3.1: tickets of this category (or of its children without their own) go to this group.
  group_id uuid REFERENCES groups (id) ON DELETE SET NULL,
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX categories_parent_id_idx ON categories (parent_id);
CREATE INDEX categories_group_id_idx ON categories (group_id);

CREATE TABLE priorities (
  code text PRIMARY KEY CHECK (code ~ '^P[0-9]$'),
  name text NOT NULL,
  name_en text NOT NULL DEFAULT '',
  description text NOT NULL DEFAULT '',
  -- 1 is the most urgent.
  rank integer NOT NULL UNIQUE,
  is_active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE classification_rules (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name text NOT NULL,
  position integer NOT NULL DEFAULT 0,
  is_active boolean NOT NULL DEFAULT true,
  conditions jsonb NOT NULL DEFAULT '{}',
  actions jsonb NOT NULL DEFAULT '{}',
  stop_after_match boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX classification_rules_position_idx ON classification_rules (position);

-- Routing (R3) -------------------------------------------------------------------------------------
ALTER TABLE groups
  ADD COLUMN routing_strategy text NOT NULL DEFAULT 'round_robin'
    CHECK (routing_strategy IN ('round_robin', 'least_open', 'skill', 'manual')),
  ADD COLUMN last_assigned_user_id uuid REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX groups_last_assigned_user_id_idx ON groups (last_assigned_user_id);

ALTER TABLE users
  ADD COLUMN product_lines text[] NOT NULL DEFAULT '{}',
  ADD COLUMN regions text[] NOT NULL DEFAULT '{}',
  ADD COLUMN accepts_assignments boolean NOT NULL DEFAULT true;

-- Tickets (R1.2, R1.3) -----------------------------------------------------------------------------
CREATE TABLE ticket_number_counters (
  month text PRIMARY KEY CHECK (month ~ '^[0-9]{6}$'),
  last_serial integer NOT NULL
);

CREATE TABLE tickets (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  number text NOT NULL UNIQUE,
  title text NOT NULL,
  description text NOT NULL DEFAULT '',
  type text NOT NULL CHECK (type IN ('consultation', 'usage_question', 'order_question', 'complaint',
    'suggestion', 'repair', 'return_exchange', 'refund')),
  channel text NOT NULL CHECK (channel IN ('portal', 'api', 'email', 'webhook', 'phone', 'walk_in', 'staff')),
  source_reference text,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'classified', 'assigned', 'in_progress',
    'waiting_customer', 'waiting_third_party', 'solution_proposed', 'resolved', 'closed', 'reopened')),
  sub_status text,
  priority text NOT NULL REFERENCES priorities (code),
  category_id uuid REFERENCES categories (id),
  emotion text NOT NULL DEFAULT 'normal' CHECK (emotion IN ('normal', 'anxious', 'dissatisfied', 'angry')),
  -- Complaints (R9).
  complaint_severity text CHECK (complaint_severity IN ('light', 'medium', 'severe')),
  complaint_category text CHECK (complaint_category IN ('product_quality', 'service_attitude', 'after_sales_service')),
  external_source text CHECK (external_source IN ('12315', 'platform')),
  external_deadline_at timestamptz,
  -- The customer and what they bought (R1.2).
  customer_id uuid REFERENCES customers (id),
  contact_name text,
  contact_phone text,
  contact_email text,
  preferred_contact_time text,
  order_number text,
  purchase_channel text,
  purchased_on date,
  product_id uuid REFERENCES products (id),
  product_model text,
  serial_number text,
  batch_number text,
  customer_request text,
  expected_resolution_at timestamptz,
  tags text[] NOT NULL DEFAULT '{}',
  missing_essentials text[] NOT NULL DEFAULT '{}',
  -- Responsibility (R3).
  group_id uuid REFERENCES groups (id),
  owner_user_id uuid REFERENCES users (id),
  assignment_state text CHECK (assignment_state IN ('pending', 'accepted', 'declined')),
  -- Phone and walk-in contacts (R1.1).
  call_started_at timestamptz,
  call_duration_seconds integer CHECK (call_duration_seconds >= 0),
  -- Lifecycle moments.
  received_at timestamptz NOT NULL,
  classified_at timestamptz,
  assigned_at timestamptz,
  accepted_at timestamptz,
  first_response_at timestamptz,
  solution_proposed_at timestamptz,
  resolved_at timestamptz,
  closed_at timestamptz,
  close_reason text CHECK (close_reason IN ('confirmed', 'auto_closed', 'merged')),
  confirmation_method text,
  reopened_count integer NOT NULL DEFAULT 0,
  last_public_update_at timestamptz,
  last_customer_activity_at timestamptz,
  merged_into_ticket_id uuid REFERENCES tickets (id),
  created_by_user_id uuid REFERENCES users (id),
  search_vector tsvector NOT NULL DEFAULT ''::tsvector,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_status_idx ON tickets (status, received_at DESC);
CREATE INDEX tickets_owner_idx ON tickets (owner_user_id, status);
CREATE INDEX tickets_group_idx ON tickets (group_id, status);
CREATE INDEX tickets_customer_idx ON tickets (customer_id, received_at DESC);
CREATE INDEX tickets_category_idx ON tickets (category_id);
CREATE INDEX tickets_priority_idx ON tickets (priority);
CREATE INDEX tickets_product_idx ON tickets (product_id);
CREATE INDEX tickets_order_number_idx ON tickets (order_number);
CREATE INDEX tickets_serial_number_idx ON tickets (serial_number);
CREATE INDEX tickets_received_at_idx ON tickets (received_at DESC, id DESC);
CREATE INDEX tickets_merged_into_idx ON tickets (merged_into_ticket_id);
CREATE INDEX tickets_created_by_idx ON tickets (created_by_user_id);
CREATE INDEX tickets_source_reference_idx ON tickets (source_reference);
CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector);
CREATE INDEX tickets_tags_idx ON tickets USING gin (tags);
-- The auto-close sweep looks only at resolved tickets.
CREATE INDEX tickets_resolved_due_idx ON tickets (resolved_at) WHERE status = 'resolved';

CREATE TABLE ticket_collaborators (
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  added_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, user_id)
);
CREATE INDEX ticket_collaborators_user_id_idx ON ticket_collaborators (user_id);

CREATE TABLE ticket_links (
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  linked_ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('related', 'duplicate', 'merged', 'follow_up')),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ticket_id, linked_ticket_id),
  CHECK (ticket_id <> linked_ticket_id)
);
CREATE INDEX ticket_links_linked_ticket_id_idx ON ticket_links (linked_ticket_id);

-- One append-only timeline per ticket (R4.2): corrections are new entries.
CREATE TABLE ticket_events (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('created', 'public_reply', 'customer_reply', 'internal_note', 'call',
    'status_change', 'sub_status', 'assignment', 'classification', 'plan', 'collaboration', 'escalation',
    'attachment', 'link', 'system')),
  is_public boolean NOT NULL DEFAULT false,
  author_user_id uuid REFERENCES users (id),
  author_label text NOT NULL,
  body text NOT NULL DEFAULT '',
  data jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ticket_events_ticket_idx ON ticket_events (ticket_id, id);
CREATE INDEX ticket_events_author_idx ON ticket_events (author_user_id);

CREATE FUNCTION ticket_events_are_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ticket_events is append-only' USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER ticket_events_no_update BEFORE UPDATE ON ticket_events
  FOR EACH ROW EXECUTE FUNCTION ticket_events_are_append_only();

CREATE TABLE attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid REFERENCES tickets (id) ON DELETE CASCADE,
  event_id bigint REFERENCES ticket_events (id),
  file_name text NOT NULL,
  content_type text NOT NULL,
  size_bytes bigint NOT NULL,
  sha256 text NOT NULL,
  storage_key text NOT NULL UNIQUE,
  uploaded_by_user_id uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX attachments_ticket_id_idx ON attachments (ticket_id);
CREATE INDEX attachments_event_id_idx ON attachments (event_id);
CREATE INDEX attachments_uploaded_by_idx ON attachments (uploaded_by_user_id);

-- Solution plans with two-level approval (R4.4).
CREATE TABLE solution_plans (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  body text NOT NULL,
  compensation_type text CHECK (compensation_type IN ('none', 'coupon', 'cash', 'refund', 'replacement',
    'free_repair', 'free_upgrade', 'gift', 'other')),
  compensation_amount numeric(12, 2) CHECK (compensation_amount >= 0),
  is_bulk boolean NOT NULL DEFAULT false,
  needs_management boolean NOT NULL DEFAULT false,
  status text NOT NULL CHECK (status IN ('pending_lead', 'pending_management', 'approved', 'rejected',
    'accepted', 'declined_by_customer', 'withdrawn')),
  lead_decided_by uuid REFERENCES users (id),
  lead_decided_at timestamptz,
  lead_note text,
  management_decided_by uuid REFERENCES users (id),
  management_decided_at timestamptz,
  management_note text,
  customer_decided_at timestamptz,
  customer_note text,
  created_by uuid REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX solution_plans_ticket_id_idx ON solution_plans (ticket_id);
CREATE INDEX solution_plans_status_idx ON solution_plans (status);
CREATE INDEX solution_plans_lead_decided_by_idx ON solution_plans (lead_decided_by);
CREATE INDEX solution_plans_management_decided_by_idx ON solution_plans (management_decided_by);
CREATE INDEX solution_plans_created_by_idx ON solution_plans (created_by);

-- Collaboration (R3.4): another group asked for a named action by a deadline.
CREATE TABLE collaboration_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  requested_by uuid NOT NULL REFERENCES users (id),
  group_id uuid NOT NULL REFERENCES groups (id),
  action text NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered')),
  answer text,
  answered_by uuid REFERENCES users (id),
  answered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collaboration_requests_ticket_id_idx ON collaboration_requests (ticket_id);
CREATE INDEX collaboration_requests_group_idx ON collaboration_requests (group_id, status);
CREATE INDEX collaboration_requests_requested_by_idx ON collaboration_requests (requested_by);
CREATE INDEX collaboration_requests_answered_by_idx ON collaboration_requests (answered_by);

-- Escalation (R3.4): decided by a supervisor.
CREATE TABLE escalation_requests (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  requested_by uuid NOT NULL REFERENCES users (id),
  reason text NOT NULL,
  support_needed text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_note text,
  new_expected_resolution_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX escalation_requests_ticket_id_idx ON escalation_requests (ticket_id);
CREATE INDEX escalation_requests_status_idx ON escalation_requests (status);
CREATE INDEX escalation_requests_requested_by_idx ON escalation_requests (requested_by);
CREATE INDEX escalation_requests_decided_by_idx ON escalation_requests (decided_by);

-- Intake plumbing (R1.1) --------------------------------------------------------------------------
-- A retried POST with the same Idempotency-Key returns the first answer.
CREATE TABLE idempotency_keys (
  key text NOT NULL,
  principal text NOT NULL,
  request_hash text NOT NULL,
  ticket_id uuid REFERENCES tickets (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_ticket_id_idx ON idempotency_keys (ticket_id);
CREATE INDEX idempotency_keys_created_at_idx ON idempotency_keys (created_at);

-- Integrators relaying social media, WeChat or shop messages, each with its own secret.
CREATE TABLE webhook_sources (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_-]{1,39}$'),
  name text NOT NULL,
  secret text NOT NULL,
  default_type text NOT NULL DEFAULT 'consultation',
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Signatures already accepted, so a replayed delivery is refused.
CREATE TABLE webhook_deliveries (
  source_id uuid NOT NULL REFERENCES webhook_sources (id) ON DELETE CASCADE,
  signature text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  ticket_id uuid REFERENCES tickets (id) ON DELETE SET NULL,
  PRIMARY KEY (source_id, signature)
);
CREATE INDEX webhook_deliveries_received_at_idx ON webhook_deliveries (received_at);
CREATE INDEX webhook_deliveries_ticket_id_idx ON webhook_deliveries (ticket_id);

-- The notification outbox: every message to a customer or staff member, sent by a background job.
CREATE TABLE notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  ticket_id uuid REFERENCES tickets (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'in_app', 'webhook', 'wecom', 'dingtalk')),
  recipient text NOT NULL,
  template text NOT NULL,
  locale text NOT NULL DEFAULT 'zh-CN',
  subject text NOT NULL DEFAULT '',
  body text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz
);
CREATE INDEX notifications_ticket_id_idx ON notifications (ticket_id);
CREATE INDEX notifications_status_idx ON notifications (status, created_at);

-- Saved inbox views (R3/R4 search): personal or shared.
CREATE TABLE saved_views (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name text NOT NULL,
  filters jsonb NOT NULL DEFAULT '{}',
  is_shared boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX saved_views_user_id_idx ON saved_views (user_id);
