/** Whether something already uses an address a simulated party needs (or a phone's contact points at). */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';

export function udpFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.once('error', () => { try { s.close(); } catch { /* never bound */ } resolve(false); });
    s.bind(port, ip, () => s.close(() => resolve(true)));
  });
}

function tcpFree(ip: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, ip, () => s.close(() => resolve(true)));
  });
}

/** Something (a real carrier or phone, a test site's peer) already uses this party's address. */
export async function addressInUse(ip: string, sipPort: number): Promise<string | null> {
  if (!(await udpFree(ip, sipPort))) return `${ip}:${sipPort} (SIP)`;
  if (!(await tcpFree(ip, 8088))) return `${ip}:8088 (the ARI port a simulated party uses)`;
  return null;
}
