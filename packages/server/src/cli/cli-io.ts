/** Where a CLI command writes: one line at a time to standard output and standard error (tests capture both). */
export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
}
