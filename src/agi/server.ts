/** The FastAGI server (O2): one AgiSession and one fallback call per connection. */
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../log/logger';
import { AgiSession } from './agi-session';
import { handleFallbackCall, type FallbackDeps } from './fallback-call';

export interface AgiServer {
  readonly server: Server;
  readonly active: number;
  stop(): Promise<void>;
}

export async function startAgiServer(host: string, port: number, deps: FallbackDeps, log: Logger): Promise<AgiServer> {
  const sockets = new Set<Socket>();
  const calls = new Set<Promise<void>>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.setNoDelay(true);
    const call = handleFallbackCall(new AgiSession(socket), deps)
      .catch((err) => log.error({ err: (err as Error).message }, 'FastAGI call failed'))
      .finally(() => {
        calls.delete(call);
        socket.destroy();
      });
    calls.add(call);
  });
  server.listen(port, host);
  await once(server, 'listening');
  log.info({ agi: `${host}:${port}` }, 'FastAGI fallback listening');
  return {
    server,
    get active() {
      return calls.size;
    },
    async stop() {
      server.close();
      for (const s of sockets) s.destroy();
      await Promise.allSettled([...calls]);
    },
  };
}
