declare module 'asterisk-manager' {
  import type { EventEmitter } from 'node:events';
  interface Manager extends EventEmitter {
    action(action: Record<string, string>, callback?: (err: unknown, res: Record<string, string>) => void): string;
    disconnect(): void;
    isConnected(): boolean;
    keepConnected(): void;
  }
  function AsteriskManager(port: number, host: string, user: string, password: string, events: boolean): Manager;
  export = AsteriskManager;
}
