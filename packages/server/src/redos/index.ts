/*
 * `unfurlkit/redos`: the ReDoS analyser and the rule checks that use it, as `@unfurlkit/core/redos` has them.
 * Kept off the main entry so a serving process never loads the analyser; import it where rules are checked.
 */
export * from '@unfurlkit/core/redos';
