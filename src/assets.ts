import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import type { RequestHandler } from 'express';

/** Every static file is served under this prefix, so no other path ever looks at the disk. */
export const ASSET_PREFIX = '/assets';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const COMPRESSIBLE = new Set(['.css', '.js', '.svg', '.txt']);
// The name changes with the content, so a browser may keep a file for good.
const CACHE_CONTROL = 'public, max-age=31536000, immutable';

interface Asset {
  url: string;
  body: Buffer;
  gzip: Buffer | null;
  type: string;
  etag: string;
  mtimeMs: number;
}

export interface Assets {
  /** The fingerprinted URL of a file under public/: `css/app.css` → `/assets/css/app.1a2b3c4d5e.css`. */
  url(name: string): string;
  /** Serves the fingerprinted URLs from memory (mount at ASSET_PREFIX); anything else there is a 404. */
  handler: RequestHandler;
}

function filesUnder(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const name = prefix + entry.name;
    if (entry.isDirectory()) return filesUnder(path.join(dir, entry.name), `${name}/`);
    return entry.isFile() && !entry.name.startsWith('.') ? [name] : [];
  });
}

function load(dir: string, name: string): Asset {
  const file = path.join(dir, name);
  const body = fs.readFileSync(file);
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10);
  const ext = path.extname(name);
  return {
    url: `${ASSET_PREFIX}/${name.slice(0, name.length - ext.length)}.${hash}${ext}`,
    body,
    gzip: COMPRESSIBLE.has(ext) ? zlib.gzipSync(body, { level: 9 }) : null,
    type: TYPES[ext] ?? 'application/octet-stream',
    etag: `"${hash}"`,
    mtimeMs: fs.statSync(file).mtimeMs,
  };
}

/**
 * The files under `dir`, read once at start. With `reload` (development), a file edited since is
 * read again when a page asks for its URL, so a reload shows the change.
 */
export function loadAssets(dir: string, options: { reload?: boolean } = {}): Assets {
  const byName = new Map<string, Asset>();
  const byUrl = new Map<string, Asset>();
  const add = (name: string) => {
    const asset = load(dir, name);
    byName.set(name, asset);
    byUrl.set(asset.url.slice(ASSET_PREFIX.length), asset);
  };
  if (fs.existsSync(dir)) filesUnder(dir).forEach(add);

  return {
    url(name) {
      let asset = byName.get(name);
      if (options.reload && fs.existsSync(path.join(dir, name))) {
        if (!asset || fs.statSync(path.join(dir, name)).mtimeMs !== asset.mtimeMs) add(name);
        asset = byName.get(name);
      }
      if (!asset) throw new Error(`no such asset: public/${name}`);
      return asset.url;
    },

    handler(req, res) {
      const asset = req.method === 'GET' || req.method === 'HEAD' ? byUrl.get(req.path) : undefined;
      if (!asset) {
        res.status(404).type('text/plain').end('Not found');
        return;
      }
      res.setHeader('Cache-Control', CACHE_CONTROL);
      res.setHeader('ETag', asset.etag);
      if (asset.gzip) res.setHeader('Vary', 'Accept-Encoding');
      if (req.headers['if-none-match'] === asset.etag) {
        res.status(304).end();
        return;
      }
      const gzip = asset.gzip !== null && /\bgzip\b/.test(req.headers['accept-encoding'] ?? '');
      const body = gzip ? asset.gzip! : asset.body;
      res.setHeader('Content-Type', asset.type);
      if (gzip) res.setHeader('Content-Encoding', 'gzip');
      res.setHeader('Content-Length', body.length);
      res.end(req.method === 'HEAD' ? undefined : body);
    },
  };
}
