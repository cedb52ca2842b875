/**
 * gp3 limits (AWS EBS docs, "General Purpose SSD volumes"): 1 GiB–16 TiB;
 * 3,000–16,000 IOPS at most 500 per GiB; 125–1,000 MiB/s at most 0.25 MiB/s per
 * provisioned IOPS. Returns what is wrong, or nothing.
 */
export const GP3 = {
  minSizeGiB: 1,
  maxSizeGiB: 16384,
  minIops: 3000,
  maxIops: 16000,
  maxIopsPerGiB: 500,
  minThroughput: 125,
  maxThroughput: 1000,
  maxThroughputPerIops: 0.25,
} as const;

export interface Gp3Volume {
  readonly sizeGiB: number;
  readonly iops?: number;
  readonly throughput?: number;
}

export function gp3Problems(volume: Gp3Volume): { field: "size" | "iops" | "throughput"; message: string }[] {
  const problems: { field: "size" | "iops" | "throughput"; message: string }[] = [];
  const iops = volume.iops ?? GP3.minIops;
  if (volume.sizeGiB < GP3.minSizeGiB || volume.sizeGiB > GP3.maxSizeGiB) {
    problems.push({ field: "size", message: `expected a gp3 size between ${GP3.minSizeGiB}Gi and ${GP3.maxSizeGiB}Gi` });
  }
  if (volume.iops !== undefined) {
    if (volume.iops < GP3.minIops || volume.iops > GP3.maxIops) {
      problems.push({ field: "iops", message: `expected gp3 IOPS between ${GP3.minIops} and ${GP3.maxIops}` });
    } else if (volume.iops > volume.sizeGiB * GP3.maxIopsPerGiB) {
      problems.push({
        field: "iops",
        message: `expected at most ${GP3.maxIopsPerGiB} IOPS per GiB (${volume.sizeGiB * GP3.maxIopsPerGiB} for ${volume.sizeGiB}Gi)`,
      });
    }
  }
  if (volume.throughput !== undefined) {
    if (volume.throughput < GP3.minThroughput || volume.throughput > GP3.maxThroughput) {
      problems.push({ field: "throughput", message: `expected gp3 throughput between ${GP3.minThroughput} and ${GP3.maxThroughput} MiB/s` });
    } else if (volume.throughput > iops * GP3.maxThroughputPerIops) {
      problems.push({
        field: "throughput",
        message: `expected at most ${GP3.maxThroughputPerIops} MiB/s per provisioned IOPS (${iops * GP3.maxThroughputPerIops} MiB/s at ${iops} IOPS)`,
      });
    }
  }
  return problems;
}
