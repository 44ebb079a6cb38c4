import type { FastifyRequest } from 'fastify';

// Rate limits need a trustworthy client address (ASVS 15.3.4): X-Forwarded-For is honoured only when
// TRUST_PROXY says a proxy sets it, via fastify's trustProxy; otherwise the socket address is used.
export const clientIp = (request: FastifyRequest): string => request.ip;
