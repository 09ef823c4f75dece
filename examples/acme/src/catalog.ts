/**
 * Acme's demo data: the seed's items product. In a real product this is your database; the resolver below is the
 * only place unfurlkit touches it.
 */
export interface Item {
  id: string;
  title: string;
  status: 'Open' | 'In progress' | 'Done';
  description: string;
  updatedOn: string;
  color: string;
  /** Private items are visible only to their owner. */
  private: boolean;
  owner: string;
}

export interface DemoUser {
  id: string;
  name: string;
  password: string;
}

/** Demo users; the passwords are the usernames. */
export const DEMO_USERS: readonly DemoUser[] = [
  { id: 'alice', name: 'alice', password: 'alice' },
  { id: 'bob', name: 'bob', password: 'bob' },
];

export const STATUS_COLORS: Record<Item['status'], string> = {
  Open: '#2f80ed',
  'In progress': '#f2994a',
  Done: '#27ae60',
};

export function demoItems(): Map<string, Item> {
  const items: Item[] = [
    {
      id: '23487',
      title: 'Fix login bug',
      status: 'In progress',
      description: 'Users signing in with a + in their email address get "invalid credentials".',
      updatedOn: '2024-05-01',
      color: '#eb4034',
      private: false,
      owner: 'alice',
    },
    {
      id: '1',
      title: 'Q3 launch plan',
      status: 'Open',
      description: 'Dates and pricing for the Q3 launch. Do not share.',
      updatedOn: '2024-04-12',
      color: '#6b5bd2',
      private: true,
      owner: 'alice',
    },
    {
      id: '42',
      title: 'Update the onboarding docs',
      status: 'Done',
      description: 'New screenshots and a shorter quick start.',
      updatedOn: '2024-03-30',
      color: '#27ae60',
      private: false,
      owner: 'bob',
    },
  ];
  return new Map(items.map((item) => [item.id, item]));
}
