/**
 * The "Unfurl URL Domain" for the dashboard, from the rules' sample URLs: their host when they share one,
 * otherwise the longest domain they all end with (two labels at least, e.g. `acme.com` for `acme.com` and
 * `app.acme.com`), otherwise the first sample's host.
 *
 * @example unfurlDomain(['https://acme.com/items/1', 'https://app.acme.com/x']) // 'acme.com'
 */
export function unfurlDomain(samples: readonly string[]): string {
  const hosts = samples.filter((sample) => URL.canParse(sample)).map((sample) => new URL(sample).hostname);
  const [first] = hosts;
  if (first === undefined) return '';
  let common = first.split('.').reverse();
  for (const host of hosts.slice(1)) {
    const labels = host.split('.').reverse();
    let shared = 0;
    while (shared < common.length && shared < labels.length && common[shared] === labels[shared]) shared += 1;
    common = common.slice(0, shared);
  }
  return common.length >= 2 || (common.length === 1 && hosts.every((host) => host === first))
    ? common.reverse().join('.')
    : first;
}
