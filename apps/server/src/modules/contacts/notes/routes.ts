import { contactNote, contactNoteList, contactNoteListQuery, writeNoteRequest } from '@parley/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../../platform/deps';
import { clientIp } from '../../../platform/http/client-ip';
import { principalOf, requireAuth } from '../../identity';
import { addNote, deleteNote, editNote, listNotes } from './notes';

const uuid = z.uuid({ message: 'must be a UUID' });
const contactParam = z.object({ id: uuid });
const noteParam = z.object({ id: uuid, noteId: uuid });
const tags = ['contacts'];

/** A contact's notes: list, add, edit and delete (the last two: its author or an admin). */
export function noteRoutes(deps: Deps): FastifyPluginAsyncZod {
  return async (app) => {
    const staff = requireAuth(deps, { tokens: true });

    app.get(
      '/contacts/:id/notes',
      { schema: { tags, params: contactParam, querystring: contactNoteListQuery, response: { 200: contactNoteList } }, preHandler: staff },
      (req) => listNotes(deps.db, principalOf(req), req.params.id, req.query),
    );

    app.post(
      '/contacts/:id/notes',
      { schema: { tags, params: contactParam, body: writeNoteRequest, response: { 201: contactNote } }, preHandler: staff },
      async (req, reply) => reply.status(201).send(await addNote(deps, principalOf(req), req.params.id, req.body.text)),
    );

    app.patch(
      '/contacts/:id/notes/:noteId',
      { schema: { tags, params: noteParam, body: writeNoteRequest, response: { 200: contactNote } }, preHandler: staff },
      (req) => editNote(deps, principalOf(req), req.params.id, req.params.noteId, req.body.text, clientIp(req)),
    );

    app.delete('/contacts/:id/notes/:noteId', { schema: { tags, params: noteParam }, preHandler: staff }, async (req, reply) => {
      await deleteNote(deps, principalOf(req), req.params.id, req.params.noteId, clientIp(req));
      return reply.status(204).send();
    });
  };
}
