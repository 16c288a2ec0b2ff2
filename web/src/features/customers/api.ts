import { request } from '../../api/client';
import type { Page } from '../../api/types';
import type {
  Contact,
  ContactInput,
  Customer,
  CustomerDetail,
  CustomerInput,
  CustomerQuery,
  Purchase,
  PurchaseInput,
  TicketHistoryItem,
} from './types';

export const customersApi = {
  list: (query: CustomerQuery = {}) => request<Page<Customer>>('GET', '/customers', { query }),
  get: (id: string) => request<CustomerDetail>('GET', `/customers/${id}`),
  create: (input: CustomerInput) => request<CustomerDetail>('POST', '/customers', { body: input }),
  update: (id: string, input: CustomerInput) =>
    request<CustomerDetail>('PATCH', `/customers/${id}`, { body: input }),
  addContact: (id: string, input: ContactInput) =>
    request<Contact>('POST', `/customers/${id}/contacts`, { body: input }),
  removeContact: (id: string, contactId: string) =>
    request<void>('DELETE', `/customers/${id}/contacts/${contactId}`),
  addPurchase: (id: string, input: PurchaseInput) =>
    request<Purchase>('POST', `/customers/${id}/purchases`, { body: input }),
  removePurchase: (id: string, purchaseId: string) =>
    request<void>('DELETE', `/customers/${id}/purchases/${purchaseId}`),
  /** Tickets of a customer or product, newest first (the tickets module's list). */
  tickets: (filter: { customerId?: string; productId?: string }, limit = 20) =>
    request<Page<TicketHistoryItem>>('GET', '/tickets', { query: { ...filter, limit } }),
};
