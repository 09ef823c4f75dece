// The one answer every configuration gives to `POST /unfurl`: the same link, the same attributes, the same bytes.
// Plain data in Notion's wire shape, so the bare servers need no unfurlkit import (which would cost them start-up
// time and memory that is not theirs). The harness checks, before measuring, that every server sends these bytes.

export const URI = 'https://acme.com/items/23487';

/** What the trivial resolver returns and what the baselines send: five attributes, `dev` included. */
export const ATTRIBUTES = [
  {
    id: 'title',
    name: 'Title',
    type: 'inline',
    inline: { title: { value: 'Fix login bug', section: 'title' } },
  },
  {
    id: 'status',
    name: 'Status',
    type: 'inline',
    inline: { enum: { value: 'In progress', color: { r: 47, g: 128, b: 237 }, section: 'primary' } },
  },
  {
    id: 'itemId',
    name: 'Item Id',
    type: 'inline',
    inline: { plain_text: { value: 'ACME-23487', section: 'identifier' } },
  },
  {
    id: 'updated',
    name: 'Updated',
    type: 'inline',
    inline: { date: { value: '2025-06-15', section: 'secondary' } },
  },
  {
    id: 'dev',
    name: 'Developer Name',
    type: 'inline',
    inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
  },
];

/** The Unfurl Callback's answer for `uri` (SPEC §3): one `set` of the attributes. */
export function answerFor(uri) {
  return { uri, operations: [{ path: ['attributes'], set: ATTRIBUTES }] };
}

/** The request body every load generator sends. */
export const REQUEST_BODY = JSON.stringify({ uri: URI });

/** The exact bytes of the answer, as the servers must send them. */
export const ANSWER_BYTES = JSON.stringify(answerFor(URI));
