import type { AppDeps } from './app-deps';
import { authRoutes } from './routes/auth';
import { customerRoutes } from './routes/customer';
import { hubRoutes } from './routes/hub';
import { managerRoutes } from './routes/manager';
import type { Route, Served } from './routes/route';
import { staffRoutes } from './routes/staff';
import { devRoutes, systemRoutes } from './routes/system';

export type { Route, Served } from './routes/route';

/**
 * The route table: method, path, action, policy — nothing else. Each area lists its rows in
 * src/routes/<area>.ts; this is the one table they make, in this order (a fixed path such as
 * `/users/new` before `/users/:id` within an area), which the app mounts and the route-table and
 * permission-matrix tests walk.
 */
export function routeTable(deps: AppDeps, served: Served): Route[] {
  return [
    ...systemRoutes(deps),
    ...authRoutes(deps),
    ...customerRoutes(deps, served),
    ...hubRoutes(deps),
    ...staffRoutes(deps),
    ...managerRoutes(deps),
    ...devRoutes(deps),
  ];
}
