// (c)/(d) The integration module `unfurlkit serve --config` loads: one rule whose resolver does no work and returns
// the same attributes as the baselines, so what is measured is unfurlkit itself. `authenticate` is never reached:
// the harness seeds grants and tokens in the store instead of running the consent flow.
import { defineIntegration } from 'unfurlkit';
import { ATTRIBUTES } from './answer.mjs';

export default defineIntegration({
  name: 'Bench',
  rules: [
    {
      name: 'item',
      pattern: '^https:\\/\\/acme\\.com\\/items\\/(?<itemNo>\\d+)$',
      samples: ['https://acme.com/items/23487'],
      resolve: () => ATTRIBUTES,
    },
  ],
  authenticate: () => ({ signInUrl: '/login' }),
});
