/**
 * @module `POST /_sandbox/apps/{clientId}/certificates`: registers a certificate on an app, as
 * uploading one to an app registration in Entra ID does, so the app can authenticate with a
 * client assertion (`ClientCertificateCredential`). Behind the control plane's admin key.
 */
import type { FastifyPluginAsync } from 'fastify';
import Type, { type Static } from 'typebox';
import { isGuid } from '@partnerbox/contract';
import { parseCertificate, registerCertificate } from '../auth/app-certificates.js';
import type { SandboxContext } from '../context.js';
import { errors } from '../errors.js';

const security = [{ adminKey: [] }];
const tags = ['sandbox control plane'];

const CertificateBody = Type.Object({
  certificate: Type.String({
    minLength: 1,
    maxLength: 65_536,
    description: 'The public certificate in PEM (`-----BEGIN CERTIFICATE-----`); a private key next to it is ignored.',
  }),
});

const RegisteredCertificateSchema = Type.Object(
  {
    clientId: Type.String(),
    thumbprint: Type.String({ description: 'SHA-1 of the certificate, upper-case hex (the x5t clients send).' }),
    thumbprintSha256: Type.String({ description: 'SHA-256 of the certificate, upper-case hex (x5t#S256).' }),
    subject: Type.String(),
    notAfter: Type.String({ format: 'date-time' }),
  },
  { title: 'RegisteredCertificate' },
);

export function appCertificateRoutes(ctx: SandboxContext): FastifyPluginAsync {
  return async (app) => {
    app.post<{ Params: { clientId: string }; Body: Static<typeof CertificateBody> }>(
      '/apps/:clientId/certificates',
      {
        schema: {
          tags,
          security,
          operationId: 'registerAppCertificate',
          summary: 'Register a certificate on an app registration (for client assertions)',
          params: Type.Object({ clientId: Type.String({ description: "The app's client id." }) }),
          body: CertificateBody,
          response: { 201: RegisteredCertificateSchema },
        },
      },
      async (request, reply) => {
        const clientId = request.params.clientId.toLowerCase();
        if (!isGuid(clientId) || !(await ctx.store.getApp(clientId)))
          throw errors.invalidProperty('clientId', 'No app registration with this client id in the sandbox.');
        const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(
          request.body.certificate,
        )?.[0];
        if (!block || !parseCertificate(block))
          throw errors.invalidProperty('certificate', 'Expected a PEM certificate (-----BEGIN CERTIFICATE-----).');
        return reply.code(201).send(await registerCertificate(ctx.store, clientId, block));
      },
    );
  };
}
