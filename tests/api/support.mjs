// Shared by the API tests: stop a server and insist that it ended cleanly, so that a crash, an
// AddressSanitizer / UBSan report or a leak (LeakSanitizer) at exit fails the test file.
import assert from 'node:assert/strict';

export async function stopClean(server, opts) {
  const status = await server.stop(opts);
  const err = server.stderr();
  assert.doesNotMatch(err, /Sanitizer|runtime error:/, err);
  assert.deepEqual(status, { code: 0, signal: null }, `server exit: ${JSON.stringify(status)}\n${err}`);
}
