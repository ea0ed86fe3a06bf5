import http from 'node:http';

/** A web server on 127.0.0.1 serving fixed pages by path; its address is known once it listens. */
export async function pageServer(pages: Readonly<Record<string, { type: string; body: string | (() => string) }>>): Promise<{ port: number; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    const page = pages[(request.url ?? '/').split('?')[0] ?? '/'];
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'Content-Type': page.type, 'Cache-Control': 'no-store' }).end(typeof page.body === 'function' ? page.body() : page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // the browser's keep-alive connections
      return closed;
    },
  };
}

/** An HTML page: `body`, and what goes in its head. */
export const html = (body: string, head = '') => ({ type: 'text/html; charset=utf-8', body: `<!DOCTYPE html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>` });

