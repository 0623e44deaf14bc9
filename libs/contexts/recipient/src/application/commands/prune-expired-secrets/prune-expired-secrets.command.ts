/** Delete sign-in codes, sessions and opt-out links nobody can use any more (data minimisation). */
export class PruneExpiredSecretsCommand {}
