export async function runCli(_a: string[]): Promise<number> {
  return 0;
}
