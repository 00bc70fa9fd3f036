/**
 * The reports page (D4) at /reports, with the call search (issue 19): static files from web/, sent explicitly (other
 * pages in web/ are served by their own routers). Behind the API credentials like the API.
 */
import { resolve } from 'node:path';
import { Router } from 'express';

export const WEB_DIR = resolve(__dirname, '../../../web');

export function reportsPage(): Router {
  const router = Router();
  router.get('/reports', (_req, res) => res.sendFile(resolve(WEB_DIR, 'reports.html')));
  router.get('/reports.js', (_req, res) => res.type('text/javascript').sendFile(resolve(WEB_DIR, 'reports.js')));
  // Issue 19: the call search under the reports (call records with play / download links).
  router.get('/call-search.js', (_req, res) => res.type('text/javascript').sendFile(resolve(WEB_DIR, 'call-search.js')));
  return router;
}
