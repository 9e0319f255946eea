// The heap a Node.js peer really uses, for memory per document: GET /heap runs a full collection (the process is
// started with --expose-gc) and answers {"heapUsed": bytes}, as the suite reads a JVM's heap after a full GC.
export function heapAfterGc() {
  if (typeof globalThis.gc === 'function') {
    globalThis.gc();
    globalThis.gc();
  }
  return { heapUsed: process.memoryUsage().heapUsed, gc: typeof globalThis.gc === 'function' };
}

/** Answers GET /heap on a plain HTTP request; true when it did. */
export function answerHeap(request, response) {
  if (request.method !== 'GET' || !request.url.startsWith('/heap')) return false;
  response.writeHead(200, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(heapAfterGc()));
  return true;
}
