import { expect } from 'chai';
import { z } from 'zod';
import { authenticate, authorize, type Credentials } from '../../src/api/auth';
import { ApiError } from '../../src/api/errors';
import { defineRoute, openApiDocument } from '../../src/api/route-table';

const creds: Credentials = {
  users: [{ name: 'boss', password: 'boss-password-1', role: 'supervisor' }],
  tokens: [{ name: 'crm', token: 'crm-token-0123456789abcdefghij', role: 'admin' }],
  agentPassword: (ext) => (ext === '1001' ? 'sip-secret' : null),
};
const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;

describe('API credentials and roles', () => {
  it('given a configured user, an agent with its SIP password or a token then the principal has the right role', () => {
    expect(authenticate(basic('boss', 'boss-password-1'), undefined, creds)).to.deep.equal({ name: 'boss', role: 'supervisor', agent: null });
    expect(authenticate(basic('1001', 'sip-secret'), undefined, creds)).to.deep.equal({ name: '1001', role: 'agent', agent: '1001' });
    expect(authenticate('Bearer crm-token-0123456789abcdefghij', undefined, creds)?.role).to.equal('admin');
    expect(authenticate(undefined, 'crm-token-0123456789abcdefghij', creds)?.name).to.equal('crm');
  });

  it('given wrong or hostile credentials then nobody is signed in', () => {
    for (const h of [basic('boss', 'wrong'), basic('1001', 'boss-password-1'), basic('1002', 'sip-secret'), basic("1' OR '1'='1", 'x'), 'Basic !!!', 'Bearer nope', 'Digest x', '']) {
      expect(authenticate(h, undefined, creds), h).to.equal(null);
    }
    expect(authenticate(undefined, undefined, creds)).to.equal(null);
  });

  it('given roles then supervisors and admins may do agent things, agents only for themselves', () => {
    const agent = { name: '1001', role: 'agent' as const, agent: '1001' };
    const sup = { name: 'boss', role: 'supervisor' as const, agent: null };
    expect(() => authorize(agent, 'agent', '1001')).not.to.throw();
    expect(() => authorize(agent, 'agent', '1002')).to.throw(ApiError).with.property('status', 403);
    expect(() => authorize(agent, 'supervisor')).to.throw(ApiError).with.property('status', 403);
    expect(() => authorize(sup, 'agent', '1002')).not.to.throw();
    expect(() => authorize(sup, 'admin')).to.throw(ApiError);
  });
});

describe('OpenAPI document from the route table', () => {
  it('given routes then every route appears with its parameters, body, role and error codes', () => {
    const routes = [
      defineRoute({ method: 'post', path: '/api/v1/agents/:agent/ready', tag: 'agents', role: 'agent', summary: 'ready', params: z.object({ agent: z.string() }), body: z.object({ reason: z.string().optional() }), errors: { 404: 'unknown agent' }, handler: () => ({}) }),
      defineRoute({ method: 'get', path: '/api/v1/calls', tag: 'calls', role: 'supervisor', summary: 'calls', query: z.object({ limit: z.coerce.number().optional() }), handler: () => ({}) }),
    ];
    const doc = openApiDocument(routes, '1.0.0') as { paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: unknown; responses: Record<string, unknown>; 'x-role': string }>> };
    expect(Object.keys(doc.paths)).to.deep.equal(['/api/v1/agents/{agent}/ready', '/api/v1/calls']);
    const ready = doc.paths['/api/v1/agents/{agent}/ready'].post;
    expect(ready.parameters).to.deep.include({ name: 'agent', in: 'path', required: true, schema: { type: 'string' } });
    expect(ready.requestBody).to.not.equal(undefined);
    expect(Object.keys(ready.responses)).to.include.members(['200', '400', '401', '403', '404']);
    expect(doc.paths['/api/v1/calls'].get['x-role']).to.equal('supervisor');
    expect(doc.paths['/api/v1/calls'].get.parameters.map((p) => p.name)).to.deep.equal(['limit']);
  });
});
