import type { Customer, Purchase } from '../customers/types';

export type Product = {
  id: string;
  model: string;
  name: string;
  category: string;
  productLine: string;
  warrantyMonths: number;
  isActive: boolean;
  purchaseCount: number;
  createdAt: string;
  updatedAt: string;
};

export type Batch = {
  id: string;
  productId: string;
  batchNumber: string;
  manufacturedOn: string | null;
  quantity: number | null;
  purchaseCount: number;
  createdAt: string;
};

export type ProductDetail = Product & { batches: Batch[]; ticketCount: number };

export type ProductQuery = {
  q?: string;
  category?: string;
  active?: 'true' | 'false';
  cursor?: string;
  limit?: number;
};

export type ProductInput = {
  model?: string;
  name?: string;
  category?: string;
  productLine?: string;
  warrantyMonths?: number;
  isActive?: boolean;
};

export type BatchInput = { batchNumber: string; manufacturedOn?: string | null; quantity?: number | null };

export type WarrantyStatus = 'in_warranty' | 'out_of_warranty' | 'unknown';

export type SerialLookup = {
  serialNumber: string;
  purchase: Purchase;
  customer: Customer;
  product: Product | null;
  warrantyStatus: WarrantyStatus;
};
