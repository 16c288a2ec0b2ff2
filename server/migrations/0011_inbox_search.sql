-- The inbox, the SLA board and search at a million tickets: each reads about a page of index entries,
-- or the reader's own matches, whatever the history behind them.

-- The priority order on the ticket itself. It comes from priorities.rank, so "my open tickets by
-- priority" had to join priorities and sort all of an agent's open tickets for the first page; stored
-- here, the open-ticket indexes below serve that order. The triggers keep it right wherever a priority
-- is written (intake, edits, approvals, the SLA sweep's raise, set-based copies) and if a rank changes.
ALTER TABLE tickets ADD COLUMN priority_rank integer;
-- Filled before the triggers exist: the migration holds the table, and a trigger per row would only slow it.
UPDATE tickets t SET priority_rank = p.rank FROM priorities p WHERE p.code = t.priority;
ALTER TABLE tickets ALTER COLUMN priority_rank SET NOT NULL;

CREATE FUNCTION tickets_take_priority_rank() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.priority_rank := (SELECT rank FROM priorities WHERE code = NEW.priority);
  RETURN NEW;
END;
$$;
CREATE TRIGGER tickets_priority_rank BEFORE INSERT OR UPDATE OF priority, priority_rank ON tickets
  FOR EACH ROW EXECUTE FUNCTION tickets_take_priority_rank();

CREATE FUNCTION priorities_pass_rank_to_tickets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets SET priority_rank = NEW.rank WHERE priority = NEW.code;
  RETURN NULL;
END;
$$;
CREATE TRIGGER priorities_rank_to_tickets AFTER UPDATE OF rank ON priorities
  FOR EACH ROW WHEN (OLD.rank IS DISTINCT FROM NEW.rank) EXECUTE FUNCTION priorities_pass_rank_to_tickets();

-- Every sort the inbox offers, over the open tickets of everyone, of one owner and of one group
-- (received time has its three in 0010). Only open tickets are in them, so they stay small.
CREATE INDEX tickets_open_rank_idx ON tickets (priority_rank, received_at, id)
  WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_owner_rank_idx ON tickets (owner_user_id, priority_rank, received_at, id)
  WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_group_rank_idx ON tickets (group_id, priority_rank, received_at, id)
  WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_updated_idx ON tickets (updated_at DESC, id DESC)
  WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_owner_updated_idx ON tickets (owner_user_id, updated_at DESC, id DESC)
  WHERE status NOT IN ('resolved', 'closed');
CREATE INDEX tickets_open_group_updated_idx ON tickets (group_id, updated_at DESC, id DESC)
  WHERE status NOT IN ('resolved', 'closed');

-- Search within what the reader may see. A word common in the whole history but rare in the reader's
-- groups (发票 for an engineer: invoices go to finance) had to be checked against every ticket holding
-- it. With the group, owner and creator in the text index (btree_gin), one index scan finds only the
-- matches in the reader's scope. It answers plain text searches too, so it replaces the text-only index.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX tickets_scoped_search_idx ON tickets
  USING gin (search_vector, group_id, owner_user_id, created_by_user_id);
DROP INDEX tickets_search_idx;

-- A word with many matches in the reader's scope is found by walking the scope newest first: each of
-- their groups, what they own, what they created, each on its own index in received order. The creator's
-- replaces the plain index on created_by_user_id (its foreign key index still leads with the column).
CREATE INDEX tickets_group_received_idx ON tickets (group_id, received_at DESC, id DESC);
CREATE INDEX tickets_owner_received_idx ON tickets (owner_user_id, received_at DESC, id DESC);
CREATE INDEX tickets_created_by_received_idx ON tickets (created_by_user_id, received_at DESC, id DESC);
DROP INDEX tickets_created_by_idx;

-- The SLA board reads, in due order, the running milestones due by its horizon, and from the second
-- index those due later that have already warned or breached: neither walk goes past the horizon
-- through the running milestones of every open ticket, nor through the paused ones. The first carries
-- the ticket and milestone, so a reader's scope is checked against their tickets' ids from the index
-- alone; the two on tickets give those ids (unclosed tickets of a group, of an owner).
CREATE INDEX ticket_milestones_running_due_idx ON ticket_milestones (due_at, id) INCLUDE (ticket_id, milestone)
  WHERE met_at IS NULL AND paused_at IS NULL;
CREATE INDEX ticket_milestones_flagged_idx ON ticket_milestones (due_at)
  WHERE met_at IS NULL AND paused_at IS NULL AND (breached_at IS NOT NULL OR warnings_sent <> '{}');
CREATE INDEX tickets_unclosed_group_idx ON tickets (group_id, id) WHERE status <> 'closed';
CREATE INDEX tickets_unclosed_owner_idx ON tickets (owner_user_id, id) WHERE status <> 'closed';
