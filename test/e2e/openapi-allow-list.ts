/**
 * Operations whose answers the OpenAPI document does not describe yet, so the e2e suite does not
 * check them against it (docs/adr/0043). This list must only shrink: test/e2e/openapi-document
 * fails when an operation here has become documented, or is no longer served.
 */
export const UNDOCUMENTED_OPERATIONS: ReadonlySet<string> = new Set<string>([
  'GET /complaints/{complaintId}/evidence/verification',
  'POST /complaints/{complaintId}/closure',
  'GET /sps/{iysCode}/complaints/{complaintId}/defense/attachments/{attachmentId}',
  'POST /sps/{iysCode}/brands/{brandCode}/retailers/{retailerCode}/users',
  'POST /recipients/me/complaints/check',
  'POST /recipients/me/complaints/checks/{checkId}/rejection',
  'GET /recipients/me/complaints',
  'POST /recipients/me/complaints',
  'GET /recipients/me/complaints/{complaintId}',
  'POST /recipients/me/complaints/{complaintId}/attachments',
  'POST /recipients/me/complaints/{complaintId}/withdrawal',
  'GET /complaints',
  'GET /complaints/stats',
  'GET /complaints/{complaintId}',
  'GET /complaints/{complaintId}/attachments/{attachmentId}',
  'POST /complaints/{complaintId}/sender',
  'POST /complaints/{complaintId}/inspector',
  'POST /complaints/{complaintId}/defense-request',
  'POST /complaints/{complaintId}/decision',
  'PUT /admin/complaint-scopes/{userId}',
  'GET /sps/{iysCode}/complaints',
  'GET /sps/{iysCode}/complaints/{complaintId}',
  'POST /sps/{iysCode}/complaints/{complaintId}/defense/attachments',
  'POST /sps/{iysCode}/complaints/{complaintId}/defense',
  'GET /sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/recipients/{recipientType}',
  'GET /sps/{iysCode}/brands/{brandCode}/changes/{reportDate}/file',
  'GET /sps/{iysCode}/brands/{brandCode}/agreements/{reportDate}',
  'PUT /sps/{iysCode}/brands/{brandCode}/agreements/{reportDate}',
  'POST /audit/history',
  'POST /audit/as-of',
  'GET /reconciliation/signing-key',
  'GET /reconciliation/snapshots/{day}',
]);
