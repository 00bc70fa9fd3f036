/**
 * Issue 21: the agent desktop page at /agent. Open without credentials (the page itself signs
 * in with the agent's extension and SIP password and sends them on every API request), like
 * /favicon.ico: static files only, no data. JsSIP is wrapped once from node_modules.
 */
import { resolve } from 'node:path';
import { Router } from 'express';
import { jssipBundle } from '../agent-desktop/browser-bundle';

export const WEB_DIR = resolve(__dirname, '../../../web');
const NODE_MODULES = resolve(__dirname, '../../../node_modules');

export function agentPage(): Router {
  const router = Router();
  let jssip: string | null = null;
  const page = (name: string, type: string) => (_req: unknown, res: import('express').Response) => {
    res.type(type).setHeader('Cache-Control', 'no-cache');
    res.sendFile(resolve(WEB_DIR, name));
  };
  router.get('/agent', page('agent.html', 'html'));
  router.get('/agent/agent.js', page('agent.js', 'text/javascript'));
  router.get('/agent/agent-phone.js', page('agent-phone.js', 'text/javascript'));
  router.get('/agent/agent-callbacks.js', page('agent-callbacks.js', 'text/javascript'));
  router.get('/agent/agent.css', page('agent.css', 'text/css'));
  router.get('/agent/jssip.js', (_req, res) => {
    jssip ??= jssipBundle(NODE_MODULES);
    res.type('text/javascript').setHeader('Cache-Control', 'public, max-age=3600');
    res.send(jssip);
  });
  return router;
}
