import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@iys/platform/building-blocks';
import { ApiIysCodes, CurrentPrincipal, IntegerParamPipe, IysValidationPipe, ProviderScoped } from '@iys/platform/nest';
import { AddAttachmentCommand } from '../../application/commands/add-attachment/add-attachment.command.js';
import { SubmitDefenseCommand } from '../../application/commands/submit-defense/submit-defense.command.js';
import { AttachmentVault } from '../../application/attachment-vault.js';
import { ComplaintAccess } from '../../application/complaint-access.js';
import { complaintError } from '../../domain/complaint.errors.js';
import { GetComplaintQuery } from '../../application/queries/get-complaint/get-complaint.query.js';
import { ListComplaintQueueQuery } from '../../application/queries/list-complaint-queue/list-complaint-queue.query.js';
import { fileBody, queueFilter } from './complaint-http.js';
import { DefenseDto, QueueQuery } from './dto/complaint.request.dto.js';
import { ATTACHMENT_CONTENT, ComplaintDetailDto, ComplaintQueueDto, ComplaintStepDto, StoredAttachmentDto } from './dto/complaint.response.dto.js';

const IYS_CODE = new IntegerParamPipe('H190');

/** The provider's side: the complaints resolved to it, and its defense before the deadline. */
@ApiTags('complaints')
@ApiBearerAuth()
@ProviderScoped('iysCode')
@Controller('sps/:iysCode/complaints')
export class ProviderComplaintsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(ComplaintAccess) private readonly access: ComplaintAccess,
    @Inject(AttachmentVault) private readonly files: AttachmentVault,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Complaints about my brands (paged, filterable)' })
  @ApiOkResponse({ type: ComplaintQueueDto })
  @ApiIysCodes('H786')
  list(@Param('iysCode', IYS_CODE) iysCode: number, @Query(new IysValidationPipe(QueueQuery)) query: QueueQuery) {
    return this.queries.execute(new ListComplaintQueueQuery({ kind: 'provider', iysCode }, queueFilter(query)));
  }

  @Get(':complaintId')
  @ApiOperation({ summary: 'What I need to answer: address, channel, message time, sender, text, the defense request' })
  @ApiOkResponse({ type: ComplaintDetailDto })
  @ApiIysCodes('H774')
  get(@Param('iysCode', IYS_CODE) iysCode: number, @Param('complaintId') complaintId: string) {
    return this.queries.execute(new GetComplaintQuery(complaintId, { kind: 'provider', iysCode }));
  }

  @Post(':complaintId/defense/attachments')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({ summary: 'Attach evidence to my defense (e.g. a scanned consent form; ≤ 5 MB, PNG/JPEG/PDF; at most 3)' })
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The file itself: PNG, JPEG or PDF, at most 5 MB' })
  @ApiCreatedResponse({ type: StoredAttachmentDto })
  @ApiIysCodes('H774', 'H775', 'H776', 'H777', 'H778', 'H780', 'H781')
  attach(@CurrentPrincipal() principal: Principal, @Param('iysCode', IYS_CODE) iysCode: number, @Param('complaintId') complaintId: string, @Body() body: unknown) {
    return this.commands.execute(new AddAttachmentCommand(complaintId, fileBody(body), { kind: 'provider', principal, iysCode }));
  }

  @Get(':complaintId/defense/attachments/:attachmentId')
  @ApiOperation({ summary: 'One of my own defense attachments (never the complainant’s files)' })
  @ApiOkResponse({ description: 'The file', content: ATTACHMENT_CONTENT })
  @ApiIysCodes('H774')
  async attachment(
    @Param('iysCode', IYS_CODE) iysCode: number,
    @Param('complaintId') complaintId: string,
    @Param('attachmentId') attachmentId: string,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ) {
    const row = await this.access.forProvider(iysCode, complaintId);
    const file = await this.files.open(row.complaint_id, attachmentId, 'provider');
    if (!file) throw complaintError('H774', ['attachmentId']);
    reply.header('content-type', file.contentType);
    return file.bytes;
  }

  @Post(':complaintId/defense')
  @HttpCode(200)
  @ApiOperation({ summary: 'Answer the defense request before its deadline (late answers: H781)' })
  @ApiOkResponse({ type: ComplaintStepDto })
  @ApiIysCodes('H774', 'H778', 'H780', 'H781')
  defend(@CurrentPrincipal() principal: Principal, @Param('iysCode', IYS_CODE) iysCode: number, @Param('complaintId') complaintId: string, @Body(new IysValidationPipe(DefenseDto)) body: DefenseDto) {
    return this.commands.execute(new SubmitDefenseCommand(principal, iysCode, complaintId, body.text));
  }
}
