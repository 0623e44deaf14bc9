import { Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import { formatIysDateTime } from '@iys/platform/building-blocks';
import { AllowRoles, ApiIysErrors, IysHttpException, iysErrorItem, parsePaging } from '@iys/platform/nest';
import { DEAD_LETTER_PAGE_MAX, OutboxAdmin, UnknownOutboxCursorError } from './outbox-admin.js';
import { OUTBOX_CHANNELS, type OutboxChannel } from './outbox-message.js';

export interface DeadLetterItem {
  id: string;
  channel: OutboxChannel;
  template: string;
  attempts: number;
  lastError: string | null;
  /** `YYYY-MM-DD HH:mm:ss`, Europe/Istanbul. */
  createdAt: string;
  deadAt: string;
}

class DeadLetterItemDto implements DeadLetterItem {
  @ApiProperty({ example: '0b8f9d2e-6c1a-4e8f-9a53-2d7c1e0f4b6a' }) id!: string;
  @ApiProperty({ enum: OUTBOX_CHANNELS }) channel!: OutboxChannel;
  @ApiProperty({ example: 'recipient-code' }) template!: string;
  @ApiProperty({ example: 8 }) attempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ example: '2026-11-23 10:15:00' }) createdAt!: string;
  @ApiProperty({ example: '2026-11-23 11:15:00' }) deadAt!: string;
}

class DeadLettersDto {
  @ApiProperty({ type: [DeadLetterItemDto] }) items!: DeadLetterItemDto[];
}

class RetriedDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: ['pending'] }) status!: 'pending';
}

/** The registry administrator's view of the outbox: dead letters, and sending one again. */
@ApiTags('admin')
@ApiBearerAuth()
@AllowRoles('admin')
@Controller('admin/outbox')
export class OutboxAdminController {
  constructor(@Inject(OutboxAdmin) private readonly outbox: OutboxAdmin) {}

  @Get('dead-letters')
  @ApiOperation({ summary: 'Messages the outbox gave up on, oldest first (no address, no content)' })
  @ApiQuery({ name: 'limit', required: false, description: `1–${DEAD_LETTER_PAGE_MAX}, default 50` })
  @ApiQuery({ name: 'after', required: false, description: 'id of the last dead letter of the previous page' })
  @ApiOkResponse({ type: DeadLettersDto })
  @ApiIysErrors(422, 'H183', 'H186', 'H187', 'H691')
  async deadLetters(@Query('limit') limit?: string, @Query('after') after?: string): Promise<{ items: DeadLetterItem[] }> {
    const paging = parsePaging({ limit }, { maxLimit: DEAD_LETTER_PAGE_MAX, defaultLimit: 50 });
    try {
      const letters = await this.outbox.deadLetters({ limit: paging.limit, after: after === '' ? undefined : after });
      return {
        items: letters.map((letter) => ({ ...letter, createdAt: formatIysDateTime(letter.createdAt), deadAt: formatIysDateTime(letter.deadAt) })),
      };
    } catch (error) {
      if (error instanceof UnknownOutboxCursorError) throw new IysHttpException(422, [iysErrorItem('H691', { location: ['after'] })]);
      throw error;
    }
  }

  @Post('dead-letters/:id/retry')
  @HttpCode(200)
  @ApiOperation({ summary: 'Send a dead letter again: pending, attempts reset, same id (so never delivered twice by an idempotent gateway)' })
  @ApiOkResponse({ type: RetriedDto })
  @ApiIysErrors(404, 'H690')
  async retry(@Param('id') id: string): Promise<{ id: string; status: 'pending' }> {
    if (!(await this.outbox.retry(id))) throw new IysHttpException(404, [iysErrorItem('H690', { location: ['id'] })]);
    return { id: id.toLowerCase(), status: 'pending' };
  }
}
