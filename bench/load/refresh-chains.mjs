// Token endpoint throughput: `chains` independent refresh-token chains, each rotating as fast as the server
// answers (POST /notion/token grant_type=refresh_token, each answer's new refresh token presented next), all in
// parallel for `durationS` seconds. Counts successful rotations per second. A chain stops at its first refusal
// (its grant may be revoked), which is reported.
import { performance } from 'node:perf_hooks';
import { keepAliveAgent, request } from './http-request.mjs';

async function rotate(url, agent, { refreshToken, clientId, clientSecret }, deadline) {
  let token = refreshToken;
  let rotations = 0;
  while (performance.now() < deadline) {
    const answer = await request(url, {
      agent,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: token,
        client_id: clientId,
        client_secret: clientSecret,
      }).toString(),
    });
    const next = answer.status === 200 ? JSON.parse(answer.body).refresh_token : undefined;
    if (typeof next !== 'string')
      return { rotations, failure: `${answer.status} ${answer.body.slice(0, 200)}` };
    token = next;
    rotations += 1;
  }
  return { rotations, failure: undefined };
}

/** Returns rotations per second over all chains and the chains that stopped on a refusal. */
export async function refreshChains(baseUrl, { refreshTokens, clientId, clientSecret, durationS }) {
  const agent = keepAliveAgent(refreshTokens.length);
  const started = performance.now();
  const deadline = started + durationS * 1_000;
  const chains = await Promise.all(
    refreshTokens.map((refreshToken) =>
      rotate(`${baseUrl}/notion/token`, agent, { refreshToken, clientId, clientSecret }, deadline),
    ),
  );
  const seconds = (performance.now() - started) / 1_000;
  agent.destroy();
  const rotations = chains.reduce((sum, chain) => sum + chain.rotations, 0);
  return {
    rotationsPerS: rotations / seconds,
    failures: chains.filter((chain) => chain.failure !== undefined).map((chain) => chain.failure),
  };
}
