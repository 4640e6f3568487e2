/**
 * The socket.io key prefix in Redis, shared by the API's redis adapter and the worker's emitter,
 * so pushes cross processes and several API nodes. Scoped by QUEUE_PREFIX so that deployments and
 * test runs sharing one Redis never see each other's messages.
 */
export function socketIoRedisKey(queuePrefix: string): string {
  return `${queuePrefix}:socket.io`;
}
