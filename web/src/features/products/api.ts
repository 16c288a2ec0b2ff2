import { request } from '../../api/client';
import type { List, Page } from '../../api/types';
import type {
  Batch,
  BatchInput,
  Product,
  ProductDetail,
  ProductInput,
  ProductQuery,
  SerialLookup,
} from './types';

export const productsApi = {
  list: (query: ProductQuery = {}) => request<Page<Product>>('GET', '/products', { query }),
  categories: () => request<List<string>>('GET', '/products/categories'),
  get: (id: string) => request<ProductDetail>('GET', `/products/${id}`),
  create: (input: ProductInput) => request<ProductDetail>('POST', '/products', { body: input }),
  update: (id: string, input: ProductInput) =>
    request<ProductDetail>('PATCH', `/products/${id}`, { body: input }),
  addBatch: (id: string, input: BatchInput) =>
    request<Batch>('POST', `/products/${id}/batches`, { body: input }),
  /** The serial-number registry: purchase, owner (masked per permission), product, warranty. */
  lookUpSerial: (serial: string) => request<SerialLookup>('GET', `/serials/${encodeURIComponent(serial)}`),
};
