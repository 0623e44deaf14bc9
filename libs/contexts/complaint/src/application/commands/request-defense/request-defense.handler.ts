import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { actorOf, ComplaintAccess } from '../../complaint-access.js';
import { RequestDefenseCommand } from './request-defense.command.js';

const DAY_MS = 86_400_000;

/** Asks the complaint's provider for its defense, due `deadlineDays` from now. */
@CommandHandler(RequestDefenseCommand)
export class RequestDefenseHandler implements ICommandHandler<RequestDefenseCommand, { complaintId: string; status: string; deadline: string }> {
  constructor(@Inject(ComplaintAccess) private readonly access: ComplaintAccess) {}

  async execute({ principal, complaintId, deadlineDays }: RequestDefenseCommand) {
    const row = await this.access.forAuthority(principal, complaintId);
    const now = this.access.now();
    const deadline = new Date(Date.parse(now) + deadlineDays * DAY_MS);
    await this.access.write(row.complaint_id, { type: 'RequestDefense', deadline: deadline.toISOString(), byUserId: principal.userId, now }, actorOf(principal));
    return { complaintId: row.complaint_id, status: 'DEFENSE_REQUESTED', deadline: formatIysDateTime(deadline) };
  }
}
