/**
 * The emulated workspace's people. Two, so one can connect as one account of the integration and the other
 * as another (e.g. Ada as Acme's alice, Ben as Acme's bob) and see what each may see.
 */
export interface Person {
  /** The value of the `person` cookie and of `?person=`. */
  id: 'ada' | 'ben';
  name: string;
  email: string;
  /** Notion user id, as in `owner.user.id` of `/v1/oauth/token`. */
  userId: string;
}

export const PEOPLE: readonly Person[] = [
  { id: 'ada', name: 'Ada', email: 'ada@example.com', userId: '6f1f9a52-6a8e-4d0b-9b2b-1a0000000ada' },
  { id: 'ben', name: 'Ben', email: 'ben@example.com', userId: '6f1f9a52-6a8e-4d0b-9b2b-1a0000000be0' },
];

export const DEFAULT_PERSON: Person = PEOPLE[0]!;

export function findPerson(id: unknown): Person | undefined {
  return PEOPLE.find((person) => person.id === id);
}

export function personOrDefault(id: unknown): Person {
  return findPerson(id) ?? DEFAULT_PERSON;
}

/** The emulated workspace, as `/v1/oauth/token` describes it. */
export const WORKSPACE_NAME = 'Emulated Workspace';
