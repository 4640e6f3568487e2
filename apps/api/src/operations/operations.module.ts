/**
 * The operator's tools, in one module the API imports: the API reference (`/api/docs`), and the
 * rest of the "safe to run in production" work as it lands.
 */
import { Module } from '@nestjs/common';
import { ApiDocsModule } from '../openapi/api-docs.module';

@Module({
  imports: [ApiDocsModule],
})
export class OperationsModule {}
