import {
  contactCampaignList,
  contactCampaignsQuery,
  contactConversationsPage,
  contactConversationsQuery,
  contactProfile,
  contactSessionsPage,
  contactSessionsQuery,
  contactView,
  PICTURE_MAX_BYTES,
  updateContactRequest,
} from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { AppError } from '../../../platform/errors';
import { principalOf, requireAuth } from '../../identity';
import { listContactCampaigns, listContactConversations, listContactSessions } from './history';
import { deleteContactPicture, getContactPicture, setContactPicture } from './picture/picture';
import { getContactProfile } from './profile';
import type { ProfileSources } from './sources';
import { updateContact } from './update-contact';

const idParam = z.object({ id: z.uuid({ message: 'must be a UUID' }) });
const tags = ['contacts'];
// Any declared type: what the bytes are decides (a renamed SVG is refused either way).
const UPLOAD_TYPES = /^(image\/|application\/octet-stream)/i;

/** The profile page's data: the profile, its standard fields' edits, sessions, conversations, campaigns, the picture. */
export function profileRoutes(deps: Deps, sources: ProfileSources): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });
    app.addContentTypeParser(UPLOAD_TYPES, { parseAs: 'buffer', bodyLimit: PICTURE_MAX_BYTES }, (_req, body, done) => done(null, body));

    app.get('/contacts/:id/profile', { schema: { tags, params: idParam, response: { 200: contactProfile } }, preHandler: staff }, (req) =>
      getContactProfile(deps.db, sources, principalOf(req).workspaceId, req.params.id, deps.clock.now()),
    );

    app.patch(
      '/contacts/:id',
      { schema: { tags, params: idParam, body: updateContactRequest, response: { 200: contactView } }, preHandler: staff },
      (req) => updateContact(deps, principalOf(req).workspaceId, req.params.id, req.body),
    );

    app.get(
      '/contacts/:id/sessions',
      { schema: { tags, params: idParam, querystring: contactSessionsQuery, response: { 200: contactSessionsPage } }, preHandler: staff },
      (req) => listContactSessions(deps.db, sources, principalOf(req).workspaceId, req.params.id, req.query),
    );

    app.get(
      '/contacts/:id/conversations',
      {
        schema: { tags, params: idParam, querystring: contactConversationsQuery, response: { 200: contactConversationsPage } },
        preHandler: staff,
      },
      (req) => listContactConversations(deps.db, sources, principalOf(req).workspaceId, req.params.id, req.query),
    );

    app.get(
      '/contacts/:id/campaigns',
      { schema: { tags, params: idParam, querystring: contactCampaignsQuery, response: { 200: contactCampaignList } }, preHandler: staff },
      (req) => listContactCampaigns(deps.db, sources, principalOf(req).workspaceId, req.params.id, req.query.limit),
    );

    app.put(
      '/contacts/:id/picture',
      {
        schema: {
          tags,
          params: idParam,
          response: { 200: z.object({ url: z.string(), updatedAt: z.iso.datetime(), width: z.number(), height: z.number() }) },
        },
        preHandler: staff,
      },
      (req) => {
        if (!Buffer.isBuffer(req.body)) {
          throw new AppError('unsupported_media_type', 'picture: send the image file itself, with an image/* content type', {
            issues: [{ field: 'picture', message: 'send the image file itself, with an image/* content type' }],
          });
        }
        return setContactPicture(deps, principalOf(req).workspaceId, req.params.id, req.body);
      },
    );

    app.get('/contacts/:id/picture', { schema: { tags, params: idParam }, preHandler: staff }, async (req, reply) => {
      const picture = await getContactPicture(deps.db, principalOf(req).workspaceId, req.params.id);
      return reply
        .header('content-type', picture.mimeType)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('content-disposition', 'inline')
        .header('cache-control', 'private, max-age=86400')
        .send(picture.bytes);
    });

    app.delete('/contacts/:id/picture', { schema: { tags, params: idParam }, preHandler: staff }, async (req, reply) => {
      await deleteContactPicture(deps.db, principalOf(req).workspaceId, req.params.id);
      return reply.status(204).send();
    });
  };
}
