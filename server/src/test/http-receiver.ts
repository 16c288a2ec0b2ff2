import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { Socket } from 'node:net';

export interface ReceivedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers one request; the default is 200 with `{"errcode":0,"errmsg":"ok"}`. */
export type Responder = (request: ReceivedRequest) => { status: number; body?: string };

/**
 * A real HTTP server on 127.0.0.1 that keeps every request it receives, for tests of outgoing calls
 * (SMS gateways, group robots, webhooks). It can be stopped — connections are then refused — and started
 * again on the same port.
 */
export interface TestHttpReceiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  respond(responder: Responder): void;
  waitForRequests(count: number, timeoutMs?: number): Promise<ReceivedRequest[]>;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

const accepted: Responder = () => ({ status: 200, body: JSON.stringify({ errcode: 0, errmsg: 'ok' }) });

export async function startTestHttpReceiver(): Promise<TestHttpReceiver> {
  const requests: ReceivedRequest[] = [];
  let responder: Responder = accepted;
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  let port = 0;

  const listen = async () => {
    const next = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received: ReceivedRequest = {
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        };
        requests.push(received);
        const answer = responder(received);
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(answer.body ?? '');
      });
    });
    next.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => next.listen(port, '127.0.0.1', resolve));
    const address = next.address();
    port = typeof address === 'object' && address ? address.port : port;
    server = next;
  };

  const stop = async () => {
    const current = server;
    server = undefined;
    if (!current) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    requests,
    respond(next) {
      responder = next;
    },
    async waitForRequests(count, timeoutMs = 20_000) {
      const started = Date.now();
      while (requests.length < count) {
        if (Date.now() - started > timeoutMs)
          throw new Error(`expected ${count} requests, got ${requests.length}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return requests;
    },
    stop,
    start: listen,
    close: stop,
  };
}
