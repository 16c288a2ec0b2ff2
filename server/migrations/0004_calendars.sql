-- Business calendars (R5.2): working hours per weekday in a time zone, the State Council holiday
-- schedule (read from the chinese-days package, not stored), and each calendar's own days over it.

CREATE TABLE business_calendars (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  key text NOT NULL UNIQUE CHECK (key ~ '^[a-z][a-z0-9_]{1,39}$'),
  name text NOT NULL,
  time_zone text NOT NULL DEFAULT 'Asia/Shanghai',
  -- Seven lists (0 = Sunday … 6 = Saturday) of {"start": "HH:MM", "end": "HH:MM"} intervals.
  weekly_hours jsonb NOT NULL CHECK (jsonb_typeof(weekly_hours) = 'array' AND jsonb_array_length(weekly_hours) = 7),
  is_24x7 boolean NOT NULL DEFAULT false,
  uses_china_holidays boolean NOT NULL DEFAULT false,
  is_default boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- At most one default calendar; also finds it.
CREATE UNIQUE INDEX business_calendars_default_idx ON business_calendars (is_default) WHERE is_default;

-- A calendar's own days, which win over its weekly hours and the official schedule: a holiday, or a
-- workday (make-up day, or other hours on a date) with its intervals (null: the normal weekday hours).
CREATE TABLE calendar_days (
  calendar_id uuid NOT NULL REFERENCES business_calendars (id) ON DELETE CASCADE,
  date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('holiday', 'workday')),
  name text NOT NULL DEFAULT '',
  hours jsonb CHECK (hours IS NULL OR jsonb_typeof(hours) = 'array'),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Also serves "the days of calendar X between two dates".
  PRIMARY KEY (calendar_id, date),
  CHECK (kind = 'workday' OR hours IS NULL)
);
