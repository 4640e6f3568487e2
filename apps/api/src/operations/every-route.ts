import { RequestMethod } from '@nestjs/common';

/** Module middleware for every request (Nest 11's form of `*`), as nestjs-pino registers its own. */
export const EVERY_ROUTE = { path: '{/*splat}', method: RequestMethod.ALL };
