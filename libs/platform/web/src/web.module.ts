import { Module } from '@nestjs/common';
import { WebFoundationController } from './web-foundation.controller.js';
import { WebExceptionFilter } from './web-exception.filter.js';
import { WebCsrfGuard } from './web.guard.js';
import { WebInterceptor } from './web.interceptor.js';

/** The web faces' shared routes (assets, language switch); the pages live in their contexts' modules. */
@Module({
  controllers: [WebFoundationController],
  providers: [WebCsrfGuard, WebInterceptor, WebExceptionFilter],
  exports: [WebCsrfGuard, WebInterceptor, WebExceptionFilter],
})
export class WebModule {}
