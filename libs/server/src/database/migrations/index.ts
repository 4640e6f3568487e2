import { InitialSchema1763884800000 } from './1763884800000-initial-schema';

/** Every migration, in order. Listed explicitly so the bundled apps need no glob at run time. */
export const MIGRATIONS = [InitialSchema1763884800000];
