import { Controller, Get, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ApiIysCodes, Public } from '@iys/platform/nest';
import { OptOutResultDto } from './dto/recipient.response.dto.js';
import { OptOutByLinkCommand } from '../../application/commands/opt-out-by-link/opt-out-by-link.command.js';
import type { OptOutResult } from '../../application/commands/opt-out-by-link/opt-out-by-link.handler.js';

/**
 * The one-click opt-out of a consent notice. GET only shows a confirmation page with a button (link
 * scanners and previews fetch URLs; a GET must never change a consent); the button POSTs, and the
 * POST rejects the consent. The token in the path is the only credential.
 */
@ApiTags('recipients')
@Controller('recipients/opt-out')
export class OptOutController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Get(':token')
  @Public()
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'Confirmation page of a one-click opt-out link (changes nothing)' })
  @ApiOkResponse({ description: 'An HTML page with one button', content: { 'text/html': { schema: { type: 'string' } } } })
  page(@Res({ passthrough: true }) reply: { header(name: string, value: string): unknown }): string {
    reply.header('content-type', 'text/html; charset=utf-8');
    reply.header('cache-control', 'no-store');
    reply.header('referrer-policy', 'no-referrer');
    // The button POSTs with no body (the API takes JSON only, and this needs none); the token never
    // leaves this page's own URL.
    return `<!doctype html><html lang="tr"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>İYS — izni reddet</title></head>
<body><h1>Ticari ileti iznini reddet</h1><p>Bu bağlantıdaki markanın size ticari ileti göndermesine verilen onayı reddetmek için düğmeye basınız.</p>
<button id="reject" type="button">Reddet</button><p id="result" role="status"></p>
<script>document.getElementById('reject').addEventListener('click', async () => {
  const response = await fetch(location.pathname, { method: 'POST' });
  const body = await response.json().catch(() => ({}));
  document.getElementById('result').textContent = response.ok ? 'İzniniz reddedildi.' : ((body.errors && body.errors[0] && body.errors[0].message) || 'İşlem yapılamadı.');
});</script></body></html>`;
  }

  @Post(':token')
  @HttpCode(200)
  @Public()
  @ApiOperation({ summary: 'Reject the consent the link names, without signing in (once; expires)' })
  @ApiOkResponse({ type: OptOutResultDto })
  @ApiIysCodes('H174', 'H641', 'H666', 'H667', 'H668')
  optOut(@Param('token') token: string): Promise<OptOutResult> {
    return this.commands.execute(new OptOutByLinkCommand(token));
  }
}
