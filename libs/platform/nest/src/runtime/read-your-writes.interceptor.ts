import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { readContext, ReadRouter } from '@iys/platform/database';

const REPLICA_READ = Symbol('REPLICA_READ');
// @nestjs/swagger's key for @ApiOperation: the guarantee is appended to the operation's description.
const API_OPERATION = 'swagger/apiOperation';

/** What every replica-read route guarantees (ADR 0047); the OpenAPI description of each carries it. */
export const REPLICA_READ_GUARANTEE =
  'Read replica route (ADR 0047): served by a hot standby when one is in rotation. The answer includes every write this session ' +
  '(the same token) made before, and may miss other clients\' writes of the last moments, never more than IYS_REPLICA_MAX_LAG_MS ' +
  '(2 s by default); when no standby qualifies the primary answers.';

/**
 * Declares a route a replica read (ADR 0047): the reads its handler makes through REPLICA_READS may
 * be answered by a standby, and a request to it records no commit position for the session (any
 * write it makes, such as the gate's counters, is never read back through a replica route). Put it
 * above @ApiOperation; `guarantee` is the route's own sentence after the common one.
 */
export function ReplicaRead(guarantee?: string): MethodDecorator {
  return (_target, _key, descriptor) => {
    const method = descriptor.value as object;
    Reflect.defineMetadata(REPLICA_READ, true, method);
    const operation = (Reflect.getMetadata(API_OPERATION, method) ?? {}) as { description?: string };
    const description = [operation.description, REPLICA_READ_GUARANTEE, guarantee].filter(Boolean).join('\n\n');
    Reflect.defineMetadata(API_OPERATION, { ...operation, description }, method);
    return descriptor;
  };
}

/**
 * Read-your-writes across the primary and its standbys. A replica-read route runs in a replica-read
 * context with its session, so its reads skip (or wait ≤ 100 ms for) a standby that has not replayed
 * the session's last commit. After any other request that may have written (a method other than
 * GET/HEAD), the primary's WAL position is recorded for the session before the answer leaves.
 */
@Injectable()
export class ReadYourWritesInterceptor implements NestInterceptor {
  constructor(
    @Inject(ReadRouter) private readonly router: ReadRouter,
    @Inject(Reflector) private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.router.hasReplicas || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<{ method: string; principal?: { sessionId: string }; recipient?: { sessionId: string } }>();
    const session = request.principal?.sessionId ?? request.recipient?.sessionId;
    const replicaRead = this.reflector.get<boolean>(REPLICA_READ, context.getHandler()) === true;
    if (replicaRead) return from(readContext.run({ session, replicaRead: true }, () => lastValueFrom(next.handle(), { defaultValue: undefined })));
    if (session === undefined || request.method === 'GET' || request.method === 'HEAD') return next.handle();
    const run = async () => {
      try {
        return await lastValueFrom(next.handle(), { defaultValue: undefined });
      } finally {
        // Also after a failure: part of the work may have committed.
        await this.router.recordCommit(session).catch(() => undefined);
      }
    };
    return from(run());
  }
}
