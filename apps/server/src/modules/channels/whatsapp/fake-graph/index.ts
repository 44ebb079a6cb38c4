// The fake Graph API's public door: tests, benchmarks and the simulator import from here only.
// It checks bodies independently of Parley's own outbound validators on purpose — never import those here.
export { startFakeGraph, FAKE_GRAPH_HOST } from './fake-graph';
export type { FakeGraph, FakeInboundMessage, InboundResult } from './fake-graph';
export { buildInboundWebhook } from './inbound-webhook';
export type { BuiltInboundWebhook, InboundCustomer, InboundMessageInput, InboundContent, InboundCommon, Referral } from './inbound-webhook';
export { buildStatusPayload } from './status-webhooks';
export { buildTemplateStatusPayload } from './template-webhooks';
export type { ReviewOptions } from './template-webhooks';
export type { ManagedStatus, ManagedTemplate, SeedTemplateInput } from './templates-state';
export type { NumberIdentity, StatusEvent, StatusName, PricingCategory } from './status-webhooks';
export { validateSendBody, TEXT_BODY_MAX, BIZ_OPAQUE_MAX_BYTES } from './validate-send';
export type { SendValidation, MessageType } from './validate-send';
export { INTERACTIVE_LIMITS } from './validate-interactive';
export { TEXT_PARAM_RULE, TEMPLATE_BODY_MAX } from './validate-template';
export type { TemplateInfo } from './validate-template';
export { signBody, metaJson } from './signature';
export { graphErrorBody, statusError, GRAPH_ERROR_TITLES } from './graph-errors';
export type { GraphErrorBody, StatusError } from './graph-errors';
export { brazilLegacyForm } from './recipients';
export { MEDIA_URL_TTL_MS } from './routes-media';
export type { UploadedMedia } from './routes-upload';
export type {
  FakeGraphOptions,
  NumberConfig,
  PairLimit,
  StatusDelays,
  RecordedRequest,
  SentMessage,
  WebhookDelivery,
  FailNextInput,
  HangOptions,
  MediaInput,
} from './types';
