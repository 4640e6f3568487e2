/**
 * Routes and the session guard. `/?wall=<token>` starts a wall-screen session with no login and
 * shows the wall screen; a logged-in user gets the console at `/` and may open the wall view at
 * `/wall`. Any other page needs a token the API accepts (GET /api/v1/me), else it is the login page.
 */
import { createRouter, createWebHistory, type Router } from 'vue-router';
import { UnauthorizedError } from './api/api-client';
import { useSessionStore } from './stores/session.store';

export function createAppRouter(): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      { path: '/login', name: 'login', component: () => import('./pages/login-page.vue') },
      { path: '/', name: 'home', component: () => import('./pages/console-page.vue') },
      { path: '/wall', name: 'wall', component: () => import('./pages/wall-page.vue') },
      { path: '/manager', name: 'manager', component: () => import('./manager/manager-page.vue') },
      { path: '/sources', name: 'sources', component: () => import('./sources/sources-page.vue') },
      { path: '/admin', name: 'admin', component: () => import('./admin/admin-page.vue') },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  });

  router.beforeEach(async (to) => {
    const session = useSessionStore();
    const wall = typeof to.query.wall === 'string' && to.query.wall ? to.query.wall : null;
    if (wall) session.enterWallToken(wall);
    if (to.name === 'login') return true;
    if (!session.token) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} };
    // a wall token has no console: its home is the wall screen (the query — token, rotation — kept)
    if (session.isWall && to.name !== 'wall') return { name: 'wall', query: to.query };
    if (!session.whoAmI) {
      try {
        await session.loadWhoAmI();
      } catch (err) {
        if (err instanceof UnauthorizedError) {
          // a refused wall token must not come back from the URL on the login page
          return { name: 'login' };
        }
        // the API is down or failing: show the page, it retries and says so
      }
    }
    return true;
  });

  return router;
}
