// A lean keep-alive HTTP client for load generation. node:http with a keep-alive Agent costs the client less
// CPU per request than undici's fetch, which matters when the client shares 2 cores with the server and
// PostgreSQL: the cheaper the client, the closer the figure is to what the server can do.
import http from 'node:http';

export interface PostResult {
  status: number; // 0 when the request failed without an answer
  ms: number;
  error?: string;
}

export class KeepAliveClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, maxSockets: number) {
    const u = new URL(baseUrl);
    if (u.hostname !== '127.0.0.1') throw new Error(`benchmarks only talk to 127.0.0.1, not ${u.hostname}`);
    this.host = u.hostname;
    this.port = Number(u.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  /** POST a prepared body; resolves (never rejects) once the whole answer is read. */
  post(path: string, body: Buffer, headers: Record<string, string>): Promise<PostResult> {
    const start = performance.now();
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          path,
          method: 'POST',
          agent: this.agent,
          headers: { ...headers, 'content-length': String(body.length) },
        },
        (res) => {
          res.resume(); // the answer is read (and discarded), like a real sender's
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - start }));
          res.on('error', (err) => resolve({ status: 0, ms: performance.now() - start, error: err.message }));
        },
      );
      req.on('error', (err) => resolve({ status: 0, ms: performance.now() - start, error: err.message }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
