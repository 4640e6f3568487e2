/**
 * The worker's pushes go through libs/server's LivePublisher, shared with the API. This re-export keeps
 * the import path of the worker's services while branches written against it are merged; new code
 * imports LivePublisher from '@leadboard/server'.
 */
export { LivePublisher } from '@leadboard/server';
