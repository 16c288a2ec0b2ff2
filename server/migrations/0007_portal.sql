-- The customer self-service portal (R1.1, R4.5, R13.4): one-time codes sent to an e-mail address or a
-- mobile number, and customer sessions, kept apart from staff sessions.

-- One row per destination that asked for a code: the live code (hashed; a new request replaces it) and
-- the destination's request window for rate limiting. The destination itself is stored only as a hash,
-- so the table names nobody who never became a customer.
CREATE TABLE portal_codes (
  destination_hash text PRIMARY KEY,
  -- NULL when no code is live: nothing was sent (no ticket matched), or the code was used.
  code_hash text,
  -- The ticket a lookup by ticket number asked for; NULL for a sign-in to all of the customer's tickets.
  ticket_id uuid REFERENCES tickets (id) ON DELETE CASCADE,
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  expires_at timestamptz NOT NULL,
  window_started_at timestamptz NOT NULL,
  requests_in_window integer NOT NULL DEFAULT 0 CHECK (requests_in_window >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX portal_codes_ticket_id_idx ON portal_codes (ticket_id);
CREATE INDEX portal_codes_updated_at_idx ON portal_codes (updated_at);

-- A customer's browser session: all tickets reachable from a verified destination ('account'), or one
-- ticket ('ticket', from a lookup or a submission). Tokens are stored hashed.
CREATE TABLE portal_sessions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  token_hash text NOT NULL UNIQUE,
  csrf_token text NOT NULL,
  scope text NOT NULL CHECK (scope IN ('account', 'ticket')),
  -- The e-mail address (lower case) or mobile number (canonical) the session was opened with.
  destination text NOT NULL,
  destination_kind text NOT NULL CHECK (destination_kind IN ('email', 'phone')),
  ip text,
  user_agent text,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX portal_sessions_expires_at_idx ON portal_sessions (expires_at);

-- Tickets a session sees by grant: the one ticket of a 'ticket' session, and tickets submitted while signed in.
CREATE TABLE portal_session_tickets (
  session_id uuid NOT NULL REFERENCES portal_sessions (id) ON DELETE CASCADE,
  ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
  PRIMARY KEY (session_id, ticket_id)
);
CREATE INDEX portal_session_tickets_ticket_id_idx ON portal_session_tickets (ticket_id);

-- The canonical form of a phone number, as contact-details.ts normalizePhone makes it (separators removed,
-- the country code dropped from a mainland mobile number), so typed contact numbers match a verified one.
CREATE FUNCTION portal_phone_key(phone text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(regexp_replace(phone, '[[:space:]().-]', '', 'g'), '^(?:\+86|0086|86)(1[0-9]{10})$', '\1')
$$;

-- Which tickets a verified e-mail address or mobile number reaches: by the ticket's own contact details,
-- and by the customer's (or one of its registered contacts').
CREATE INDEX tickets_contact_email_idx ON tickets (lower(contact_email));
CREATE INDEX tickets_contact_phone_key_idx ON tickets (portal_phone_key(contact_phone));
CREATE INDEX customer_contacts_email_idx ON customer_contacts (lower(email));
CREATE INDEX customer_contacts_phone_idx ON customer_contacts (phone);

-- Files sent with a new ticket were attached to their own timeline entry without pointing at it; they
-- point at it now, so every attachment of a public entry is found by its entry.
UPDATE attachments a SET event_id = e.id
  FROM ticket_events e
 WHERE a.event_id IS NULL AND e.ticket_id = a.ticket_id AND e.kind = 'attachment'
   AND e.data -> 'attachmentIds' ? a.id::text;
