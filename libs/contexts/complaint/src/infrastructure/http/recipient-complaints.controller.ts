import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RecipientPrincipal } from '@iys/platform/building-blocks';
import { ApiIysCodes, CurrentRecipient, IysValidationPipe, RecipientScoped } from '@iys/platform/nest';
import { AddAttachmentCommand } from '../../application/commands/add-attachment/add-attachment.command.js';
import { CheckConsentsCommand } from '../../application/commands/check-consents/check-consents.command.js';
import { FileComplaintCommand } from '../../application/commands/file-complaint/file-complaint.command.js';
import { RejectCheckedConsentCommand } from '../../application/commands/reject-checked-consent/reject-checked-consent.command.js';
import { WithdrawComplaintCommand } from '../../application/commands/withdraw-complaint/withdraw-complaint.command.js';
import { GetComplaintQuery } from '../../application/queries/get-complaint/get-complaint.query.js';
import { ListMyComplaintsQuery } from '../../application/queries/list-my-complaints/list-my-complaints.query.js';
import { fileBody } from './complaint-http.js';
import { CheckDto, CheckRejectionDto, FileComplaintDto } from './dto/complaint.request.dto.js';
import { CheckedConsentRejectedDto, ComplaintDetailDto, ComplaintStepDto, ConsentCheckDto, FiledComplaintDto, MyComplaintsDto, StoredAttachmentDto } from './dto/complaint.response.dto.js';

/**
 * The recipient's complaints: check first, then file, add screenshots, follow, withdraw. A
 * call-centre agent's session for a verified caller uses the same routes (recorded as call-centre).
 */
@ApiTags('complaints')
@RecipientScoped()
@Controller('recipients/me/complaints')
export class RecipientComplaintsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post('check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Before complaining: the consents held for my addresses on a channel, with a checkId' })
  @ApiOkResponse({ type: ConsentCheckDto })
  check(@CurrentRecipient() recipient: RecipientPrincipal, @Body(new IysValidationPipe(CheckDto)) body: CheckDto) {
    return this.commands.execute(new CheckConsentsCommand(recipient, body.channel));
  }

  @Post('checks/:checkId/rejection')
  @HttpCode(200)
  @ApiOperation({ summary: 'One-click rejection (RET) of a consent the check showed' })
  @ApiOkResponse({ type: CheckedConsentRejectedDto })
  @ApiIysCodes('H174', 'H641', 'H774')
  rejectChecked(@CurrentRecipient() recipient: RecipientPrincipal, @Param('checkId') checkId: string, @Body(new IysValidationPipe(CheckRejectionDto)) body: CheckRejectionDto) {
    return this.commands.execute(new RejectCheckedConsentCommand(recipient, checkId, body.consentId));
  }

  @Post()
  @ApiOperation({ summary: 'File a complaint about a message or call one of my addresses received' })
  @ApiCreatedResponse({ type: FiledComplaintDto })
  @ApiIysCodes('H762', 'H764', 'H765', 'H766', 'H768', 'H770', 'H771', 'H772', 'H773', 'H785')
  file(@CurrentRecipient() recipient: RecipientPrincipal, @Body(new IysValidationPipe(FileComplaintDto)) body: FileComplaintDto) {
    return this.commands.execute(new FileComplaintCommand(recipient, body, recipient.agentId ? 'call-centre' : 'web'));
  }

  @Get()
  @ApiOperation({ summary: 'My complaints with their status and outcome' })
  @ApiOkResponse({ type: MyComplaintsDto })
  list(@CurrentRecipient() recipient: RecipientPrincipal) {
    return this.queries.execute(new ListMyComplaintsQuery(recipient));
  }

  @Get(':complaintId')
  @ApiOperation({ summary: 'One of my complaints, its status and the decision' })
  @ApiOkResponse({ type: ComplaintDetailDto })
  @ApiIysCodes('H774')
  get(@CurrentRecipient() recipient: RecipientPrincipal, @Param('complaintId') complaintId: string) {
    return this.queries.execute(new GetComplaintQuery(complaintId, { kind: 'recipient', principal: recipient }));
  }

  @Post(':complaintId/attachments')
  @ApiConsumes('application/octet-stream')
  @ApiOperation({ summary: 'Add a screenshot or PDF (≤ 5 MB, PNG/JPEG/PDF by content; at most 3)' })
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The file itself: PNG, JPEG or PDF, at most 5 MB' })
  @ApiCreatedResponse({ type: StoredAttachmentDto })
  @ApiIysCodes('H774', 'H775', 'H776', 'H777', 'H778')
  attach(@CurrentRecipient() recipient: RecipientPrincipal, @Param('complaintId') complaintId: string, @Body() body: unknown) {
    return this.commands.execute(new AddAttachmentCommand(complaintId, fileBody(body), { kind: 'recipient', principal: recipient }));
  }

  @Post(':complaintId/withdrawal')
  @HttpCode(200)
  @ApiOperation({ summary: 'Withdraw a complaint not yet decided' })
  @ApiOkResponse({ type: ComplaintStepDto })
  @ApiIysCodes('H774', 'H778')
  withdraw(@CurrentRecipient() recipient: RecipientPrincipal, @Param('complaintId') complaintId: string) {
    return this.commands.execute(new WithdrawComplaintCommand(recipient, complaintId));
  }
}
