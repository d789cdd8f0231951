import { Global, Module } from '@nestjs/common';
import { ApiKeyRegistry } from './api-key-registry.js';
import { ApiKeysResolver } from './api-keys.resolver.js';

/** Integrators' API keys: issued, revoked, and checked on every request that sends one. */
@Global()
@Module({ providers: [ApiKeyRegistry, ApiKeysResolver], exports: [ApiKeyRegistry] })
export class IntegratorsModule {}
