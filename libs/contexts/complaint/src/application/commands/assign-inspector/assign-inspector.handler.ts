import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { complaintError } from '../../../domain/complaint.errors.js';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { AssignInspectorCommand } from './assign-inspector.command.js';

/** Assigns an open complaint to an inspector: an authority user whose own scope reaches the complaint's province (H796 otherwise). */
@CommandHandler(AssignInspectorCommand)
export class AssignInspectorHandler implements ICommandHandler<AssignInspectorCommand, { complaintId: string; inspectorId: string }> {
  constructor(@Inject(ComplaintAccess) private readonly access: ComplaintAccess) {}

  async execute({ principal, complaintId, inspectorId }: AssignInspectorCommand) {
    const row = await this.access.forAuthority(principal, complaintId);
    const inspector = await this.access.scopeOfUser(inspectorId);
    if (!inspector || (inspector.province !== null && inspector.province !== row.province)) throw complaintError('H796', ['inspectorId']);
    await this.access.write(row.complaint_id, { type: 'AssignInspector', inspectorId, byUserId: principal.userId, now: this.access.now() }, actorOf(principal));
    return { complaintId: row.complaint_id, inspectorId };
  }
}
