/**
 * The built dashboard (`dist/apps/dashboard`), served by the API itself when it is there, so that
 * production needs no other web server: its files, and `index.html` for every client-side route
 * (`/manager`, `/?wall=…`) except the server's own paths (dashboard-static.loader.ts).
 */
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Module } from '@nestjs/common';
import { AbstractLoader, ServeStaticModule, type ServeStaticModuleOptions } from '@nestjs/serve-static';
import { APP_CONFIG, type AppConfig } from '@leadboard/server';
import type { Response } from 'express';
import { DashboardStaticLoader } from './dashboard-static.loader';

/** In the bundle, `__dirname` is `dist/apps/api`; the dashboard is built beside it. */
function dashboardDir(config: AppConfig): string {
  return config.dashboardDir ?? join(__dirname, '..', 'dashboard');
}

function cacheHeaders(res: Response, path: string): void {
  // Vite's assets carry a content hash: cached for good. index.html names the current ones: always revalidated.
  res.setHeader('Cache-Control', path.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
}

@Module({
  imports: [
    ServeStaticModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): ServeStaticModuleOptions[] => {
        const rootPath = dashboardDir(config);
        if (!existsSync(join(rootPath, 'index.html'))) return [];
        return [
          {
            rootPath,
            serveStaticOptions: { setHeaders: cacheHeaders },
          },
        ];
      },
      extraProviders: [{ provide: AbstractLoader, useClass: DashboardStaticLoader }],
    }),
  ],
})
export class DashboardStaticModule {}
