import { Module } from '@nestjs/common';
import { ViewerResolver } from './viewer.resolver.js';

/**
 * Who the caller is (`viewer`). Development sign-in (DevelopmentTokenResolver) is not here: the
 * application adds it only while the development secret is in use (app.module.ts).
 */
@Module({ providers: [ViewerResolver] })
export class AuthModule {}
