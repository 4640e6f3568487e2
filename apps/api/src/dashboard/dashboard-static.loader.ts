/**
 * How @nestjs/serve-static mounts the dashboard, replacing its Express loader: that loader also adds
 * an error handler which turns *any* error on an excluded path into a 404, so the body parser's 413
 * on `/api/v1/events` came back as 404. This one mounts the files and the SPA fallback, and leaves
 * errors to Nest.
 */
import { Injectable } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import { AbstractLoader, type ServeStaticModuleOptions } from '@nestjs/serve-static';
import { static as serveFiles, type Express, type NextFunction, type Request, type Response } from 'express';

/** Paths that are the server's, never the dashboard's: an unknown one is a 404, not index.html. */
// `/admin/queues` is the queue UI; `/admin` itself is the dashboard's Users and keys page.
export const SERVER_PATHS = ['/api', '/socket.io', '/health', '/metrics', '/admin/queues'];

export function isServerPath(path: string): boolean {
  return SERVER_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
}

@Injectable()
export class DashboardStaticLoader extends AbstractLoader {
  register(httpAdapter: AbstractHttpAdapter, _config: unknown, optionsArr: ServeStaticModuleOptions[]): void {
    const app = httpAdapter.getInstance<Express>();
    for (const options of optionsArr) {
      if (!options.rootPath) continue;
      const index = this.getIndexFilePath(options.rootPath);
      app.use(serveFiles(options.rootPath, { ...options.serveStaticOptions, index: false }));
      // Every client-side route (`/manager`, `/?wall=…`) is the dashboard's index.html.
      app.get('{*any}', (req: Request, res: Response, next: NextFunction) => {
        if (isServerPath(req.path)) return next();
        options.serveStaticOptions?.setHeaders?.(res, index, null);
        res.sendFile(index, (err) => err && next(err));
      });
    }
  }
}
