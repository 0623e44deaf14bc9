import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { AssignInspectorCommand } from './assign-inspector.command.js';

@CommandHandler(AssignInspectorCommand)
export class AssignInspectorHandler implements ICommandHandler<AssignInspectorCommand, { complaintId: string; inspectorId: string }> {
  constructor(@Inject(ComplaintAccess) private readonly access: ComplaintAccess) {}

  async execute({ principal, complaintId, inspectorId }: AssignInspectorCommand) {
    const row = await this.access.forAuthority(principal, complaintId);
    await this.access.write(row.complaint_id, { type: 'AssignInspector', inspectorId, byUserId: principal.userId, now: this.access.now() }, actorOf(principal));
    return { complaintId: row.complaint_id, inspectorId };
  }
}
