-- Indexes for the working set. After a year and a half almost every ticket is closed; the inbox, the
-- group queues and the filters with "open" only ever look at the few that are not. Partial indexes on
-- the open tickets keep those lists as cheap at a million tickets as at a thousand. The predicate is the
-- list query's own open filter, so the planner can prove the index applies.

CREATE INDEX tickets_open_received_idx ON tickets (received_at DESC, id DESC)
  WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_owner_idx ON tickets (owner_user_id, received_at DESC, id DESC)
  WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_group_idx ON tickets (group_id, received_at DESC, id DESC)
  WHERE status NOT IN ('resolved', 'closed');

-- Routing counts each group member's open tickets in the group on every new ticket, while it holds the
-- group's lock for fair round-robin; this keeps that count to the member's open work.
CREATE INDEX tickets_open_group_owner_idx ON tickets (group_id, owner_user_id)
  WHERE status NOT IN ('resolved', 'closed');
