import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_CONFIG, loadAppConfig, type AppConfig } from './app-config';

/**
 * @nestjs/config reads .env files and the process environment; our zod schema validates it once
 * and the typed AppConfig is what services inject.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: (env) => (loadAppConfig(env as Record<string, string>), env) })],
  providers: [{ provide: APP_CONFIG, useFactory: (): AppConfig => loadAppConfig(process.env) }],
  exports: [APP_CONFIG],
})
export class AppConfigModule {}
