/**
 * Payloads copied from the protocol documents, so tests check the code against the text rather than against
 * itself. SPEC = the protocol as docs/protocol.md describes it, from Notion's guide "Build a Link Preview
 * integration".
 */

/** SPEC §7.2, typed in by hand from the table (not derived from `SECTION_SUBTYPES`). */
export const SPEC_SECTION_TABLE: Readonly<Record<string, readonly string[]>> = {
  title: ['title'],
  primary: ['enum', 'date', 'datetime', 'plain_text'],
  secondary: ['date', 'datetime', 'plain_text'],
  identifier: ['image', 'plain_text'],
  entity: ['color', 'image'],
  avatar: ['image', 'plain_text'],
  background: ['color'],
  body: ['plain_text'],
  embed: ['audio', 'html', 'image', 'pdf', 'video'],
};

export const SPEC_INLINE_SUBTYPES = ['title', 'plain_text', 'date', 'datetime', 'enum', 'color'] as const;
export const SPEC_EMBED_SUBTYPES = ['image', 'video', 'audio', 'html', 'pdf'] as const;

/** A raw (wire) attribute of `subtype` drawn in `section`, with a value that is valid for the subtype. */
export function rawAttribute(id: string, subtype: string, section: string): Record<string, unknown> {
  if ((SPEC_EMBED_SUBTYPES as readonly string[]).includes(subtype)) {
    return {
      id,
      name: `${subtype} in ${section}`,
      type: 'embed',
      embed: { src_url: `https://acme.com/media/${id}`, [subtype]: { section } },
    };
  }
  const values: Record<string, unknown> = {
    title: 'Fix login bug',
    plain_text: 'line one\nline two',
    date: '2024-05-01',
    datetime: '2024-05-01T12:00:00Z',
    enum: 'Open',
    color: { r: 235, g: 64, b: 52 },
  };
  return {
    id,
    name: `${subtype} in ${section}`,
    type: 'inline',
    inline: { [subtype]: { value: values[subtype], section } },
  };
}

export const TITLE = {
  id: 'title',
  name: 'Title',
  type: 'inline',
  inline: { title: { value: 'Fix login bug', section: 'title' } },
};
export const DEV = {
  id: 'dev',
  name: 'Developer Name',
  type: 'inline',
  inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
};

/** SPEC §3: the answer to `POST /unfurl` for the Acme item. */
export const SPEC_UNFURL_ANSWER = {
  uri: 'https://acme.com/items/23487',
  operations: [
    {
      path: ['attributes'],
      set: [
        {
          id: 'title',
          name: 'Title',
          type: 'inline',
          inline: { title: { value: 'Fix login bug', section: 'title' } },
        },
        {
          id: 'dev',
          name: 'Developer Name',
          type: 'inline',
          inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
        },
        {
          id: 'color',
          name: 'Color',
          type: 'inline',
          inline: { color: { value: { r: 235, g: 64, b: 52 }, section: 'background' } },
        },
      ],
    },
  ],
};

/** SPEC §3: the error answer. */
export const SPEC_ERROR_ANSWER = {
  uri: 'https://acme.com/items/23487',
  operations: [{ path: ['error'], set: { status: 404, message: 'Content not found' } }],
};

/** Seed, "Respond to the unfurl request": the guide's example answer for `http://example.com/file/123`. */
export const SEED_UNFURL_ANSWER = {
  uri: 'http://example.com/file/123',
  operations: [
    {
      path: ['attributes'],
      set: [
        {
          id: 'title',
          name: 'Title',
          type: 'inline',
          inline: { title: { value: "The Link Preview's Title", section: 'title' } },
        },
        {
          id: 'dev',
          name: 'Developer Name',
          type: 'inline',
          inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
        },
        {
          id: 'color',
          name: 'Color',
          type: 'inline',
          inline: { color: { value: { r: 235, g: 64, b: 52 }, section: 'background' } },
        },
      ],
    },
  ],
};

/** Seed, "Update Link Previews": the guide's PATCH example, which (unlike SPEC §4) has no `dev`. */
export const SEED_PATCH_WITHOUT_DEV = {
  uri: 'http://example.com/file/123',
  operations: [
    {
      path: ['attributes'],
      set: [
        {
          id: 'title',
          name: 'Title',
          type: 'inline',
          inline: { title: { value: "The Link Preview's NEW Title", section: 'title' } },
        },
        {
          id: 'color',
          name: 'Color',
          type: 'inline',
          inline: { color: { value: { r: 235, g: 64, b: 52 }, section: 'background' } },
        },
      ],
    },
  ],
};

/** Seed, integration settings, "Unfurl Regex Attributes" (the clean copy of the table). */
export const SEED_PLACEHOLDER = [
  {
    id: 'title',
    name: 'Title',
    type: 'inline',
    inline: { title: { value: 'Acme Item #$<itemNo>', section: 'title' } },
  },
  {
    id: 'itemId',
    name: 'Item Id',
    type: 'inline',
    inline: { plain_text: { value: '$<itemNo>', section: 'identifier' } },
  },
  {
    id: 'dev',
    name: 'Developer Name',
    type: 'inline',
    inline: { plain_text: { value: 'Acme Inc', section: 'secondary' } },
  },
];

/** SPEC §1: the Acme rule. */
export const ACME_PATTERN = '^(?<site>https:\\/\\/acme\\.com)\\/items\\/(?<itemNo>\\d+)$';
export const ACME_SAMPLE = 'https://acme.com/items/23487';

/**
 * SPEC §7.5: the shape Gumroad's Rails integration answers with (its `render_link_preview_payload`): the title
 * and the media embed carry no `type`, there is no `dev` attribute.
 */
export const GUMROAD_ANSWER = {
  uri: 'https://seller.gumroad.com/l/notion-kit',
  operations: [
    {
      path: ['attributes'],
      set: [
        { id: 'title', name: 'Product name', inline: { title: { value: 'Notion Kit', section: 'title' } } },
        {
          id: 'creator_name',
          name: 'Creator name',
          type: 'inline',
          inline: { plain_text: { value: 'Seller', section: 'secondary' } },
        },
        {
          id: 'rating',
          name: 'Rating',
          type: 'inline',
          inline: { plain_text: { value: '★ 4.5 (12 ratings)', section: 'secondary' } },
        },
        {
          id: 'price',
          name: 'Price',
          type: 'inline',
          inline: { enum: { value: '$10', color: { r: 255, g: 144, b: 232 }, section: 'primary' } },
        },
        {
          id: 'site',
          name: 'Site',
          type: 'inline',
          inline: {
            plain_text: { value: 'https://seller.gumroad.com/l/notion-kit', section: 'secondary' },
          },
        },
        {
          id: 'description',
          name: 'Description',
          type: 'inline',
          inline: { plain_text: { value: 'Templates for your workspace.', section: 'body' } },
        },
        {
          id: 'media',
          name: 'Embed',
          embed: { src_url: 'https://public-files.gumroad.com/cover.png', image: { section: 'embed' } },
        },
      ],
    },
  ],
};

/** Gumroad's answer for an unknown product: the error operation (sent with HTTP 404, which the body ignores). */
export const GUMROAD_ERROR_ANSWER = {
  uri: 'https://seller.gumroad.com/l/missing',
  operations: [{ path: ['error'], set: { status: 404, message: 'Product not found' } }],
};

/** A deep copy, so a test can mutate a fixture. */
export function clone<T>(value: T): T {
  return structuredClone(value);
}
