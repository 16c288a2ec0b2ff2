-- Customers and the product catalogue (R11): profiles, tiers, models with warranty, batches.

CREATE TABLE customers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  customer_number text NOT NULL UNIQUE,
  kind text NOT NULL DEFAULT 'person' CHECK (kind IN ('person', 'company')),
  name text NOT NULL,
  company_name text,
  phone text,
  email text,
  tier text NOT NULL DEFAULT 'regular' CHECK (tier IN ('vip', 'regular')),
  region text,
  address text,
  notes text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX customers_phone_idx ON customers (phone);
CREATE INDEX customers_email_idx ON customers (lower(email));

CREATE TABLE products (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  model text NOT NULL UNIQUE,
  name text NOT NULL,
  category text NOT NULL,
  product_line text NOT NULL DEFAULT '',
  warranty_months integer NOT NULL DEFAULT 12 CHECK (warranty_months >= 0),
  is_active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX products_category_idx ON products (category);

CREATE TABLE product_batches (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  product_id uuid NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  batch_number text NOT NULL,
  manufactured_on date,
  quantity integer,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (product_id, batch_number)
);
