// Shared by the API tests: stop a server and insist that it ended cleanly, so that a crash, an
// AddressSanitizer / UBSan report or a leak (LeakSanitizer) at exit fails the test file.
import assert from 'node:assert/strict';
import http from 'node:http';

export async function stopClean(server, opts) {
  const status = await server.stop(opts);
  const err = server.stderr();
  assert.doesNotMatch(err, /Sanitizer|runtime error:/, err);
  assert.deepEqual(status, { code: 0, signal: null }, `server exit: ${JSON.stringify(status)}\n${err}`);
}

// Waits (up to 2 s) until the server's log matches re: stderr and stdout are separate pipes, so
// what the server logged before "listening" may still be on its way. Returns the log.
export async function logMatching(server, re) {
  for (let i = 0; i < 100 && !re.test(server.stderr()); i++) await new Promise((r) => setTimeout(r, 20));
  return server.stderr();
}

// One request with node:http from a chosen local address (127.0.0.2 is another client on the
// loopback), on a fresh connection. Resolves to { status, headers, body } (body parsed as JSON
// when it is JSON).
export function requestFrom(localAddress, base, { method = 'GET', path, headers = {}, body } = {}) {
  const u = new URL(base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const h = { ...headers };
  if (payload !== undefined) h['content-type'] = 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers: h, localAddress, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        const json = (res.headers['content-type'] || '').includes('application/json') && text;
        resolve({ status: res.statusCode, headers: res.headers, body: json ? JSON.parse(text) : text });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

// A raw request with node:http: the path is sent as given (fetch would normalise "/../"), and
// the body is written as given (chunks → chunked transfer encoding when no content-length).
export function rawRequest(base, { method = 'GET', path, headers = {}, chunks = null }) {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let body = text;
        if ((res.headers['content-type'] || '').includes('application/json') && text) body = JSON.parse(text);
        resolve({ status: res.statusCode, headers: res.headers, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (!chunks) return req.end();
    let i = 0;
    const writeNext = () => {
      while (i < chunks.length) {
        const ok = req.write(chunks[i++]);
        if (!ok) return req.once('drain', writeNext);
      }
      req.end();
    };
    // With Expect: 100-continue the body goes only once the server asks for it: a server that
    // answers at once (a declared size over the limit) never gets a body it would not read.
    if (headers.expect) req.once('continue', writeNext);
    else writeNext();
  });
}
