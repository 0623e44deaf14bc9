import { Command } from '@nestjs/cqrs';
import type { PruneRun } from './prune-expired-secrets.handler.js';

/** Delete sign-in codes, sessions and opt-out links nobody can use any more (data minimisation). */
export class PruneExpiredSecretsCommand extends Command<PruneRun> {}
