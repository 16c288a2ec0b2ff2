export type CustomerKind = 'person' | 'company';
export type CustomerTier = 'vip' | 'regular';

export type Customer = {
  id: string;
  customerNumber: string;
  kind: CustomerKind;
  name: string;
  companyName: string | null;
  phone: string | null;
  email: string | null;
  tier: CustomerTier;
  region: string | null;
  address: string | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
  /** Name, phone, e-mail, address and contacts arrive masked (R11.3). */
  masked: boolean;
};

export type Contact = {
  id: string;
  customerId: string;
  name: string;
  title: string | null;
  phone: string | null;
  email: string | null;
  createdAt: string;
};

export type PurchasedProduct = {
  id: string;
  model: string;
  name: string;
  category: string;
  productLine: string;
  warrantyMonths: number;
};

export type Purchase = {
  id: string;
  customerId: string;
  product: PurchasedProduct | null;
  orderNumber: string | null;
  channel: string | null;
  purchasedOn: string | null;
  serialNumber: string | null;
  batchNumber: string | null;
  warrantyEndsOn: string | null;
  inWarranty: boolean | null;
  createdAt: string;
};

export type CustomerDetail = Customer & { contacts: Contact[]; purchases: Purchase[]; ticketCount: number };

export type CustomerQuery = {
  q?: string;
  tier?: CustomerTier;
  region?: string;
  cursor?: string;
  limit?: number;
};

export type CustomerInput = {
  customerNumber?: string;
  kind?: CustomerKind;
  name?: string;
  companyName?: string | null;
  phone?: string | null;
  email?: string | null;
  tier?: CustomerTier;
  region?: string | null;
  address?: string | null;
  notes?: string;
};

export type ContactInput = {
  name: string;
  title?: string | null;
  phone?: string | null;
  email?: string | null;
};

export type PurchaseInput = {
  productId?: string;
  productModel?: string;
  orderNumber?: string | null;
  channel?: string | null;
  purchasedOn?: string | null;
  serialNumber?: string | null;
  batchNumber?: string | null;
};

/** A ticket in a customer's or product's history, as the tickets list returns it. */
export type TicketHistoryItem = {
  id: string;
  number: string;
  title: string;
  status: string;
  priority: string;
  receivedAt: string;
};
