/**
 * The web admin (issue 19) at /admin: static pages from web/admin/ built on the admin API, and
 * the flow editor at /admin/flow-editor with cytoscape served from node_modules (no bundler).
 * Role admin, behind the API's credentials like the API.
 */
import { resolve } from 'node:path';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { authorize, principalOf } from './auth';

export const ADMIN_WEB_DIR = resolve(__dirname, '../../../web/admin');
const CYTOSCAPE = resolve(__dirname, '../../../node_modules/cytoscape/dist/cytoscape.min.js');

/** The files of web/admin/ a browser may ask for (nothing else is served from there). */
const ASSET = /^[a-z-]+\.(js|css)$/;

export function adminPage(): Router {
  const router = Router();
  const adminOnly = (req: Request, _res: Response, next: NextFunction) => {
    try {
      authorize(principalOf(req), 'admin');
      next();
    } catch (err) {
      next(err);
    }
  };
  router.get('/admin', adminOnly, (_req, res) => res.sendFile(resolve(ADMIN_WEB_DIR, 'admin.html')));
  router.get('/admin/flow-editor', adminOnly, (_req, res) => res.sendFile(resolve(ADMIN_WEB_DIR, 'flow-editor.html')));
  router.get('/admin/vendor/cytoscape.min.js', adminOnly, (_req, res) => res.type('text/javascript').setHeader('Cache-Control', 'max-age=3600').sendFile(CYTOSCAPE));
  router.get('/admin/:file', adminOnly, (req, res, next) => {
    const file = String(req.params.file);
    if (!ASSET.test(file)) return next();
    res.sendFile(resolve(ADMIN_WEB_DIR, file), (err) => { if (err) next(); });
  });
  return router;
}
