import { Module } from '@nestjs/common';

// Empty until the context gets its first use case; registered now so the composition root is stable.
@Module({})
export class ReconciliationModule {}
