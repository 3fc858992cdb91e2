/** One measured figure. `baseline` is the ceiling measured in the same run on the same machine. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  baseline?: { name: string; value: number };
  note?: string;
}

export interface BenchModule {
  run(): Promise<BenchResult[]>;
}
