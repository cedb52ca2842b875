/**
 * PromQL over a client's chain series, shared by the coinstacks' alert rules and the platform's
 * dashboards so both read the same expression.
 */

/** A series of a client, by name and label matchers. */
export interface SeriesRef {
  readonly name: string;
  readonly matchers?: string;
}

/**
 * How far behind the network a client is: what its probe measured (`syncLag`), or its own sync target
 * minus its height, one series of each per pod (matched on namespace and pod). `select` renders a
 * series with the caller's scope.
 */
export function syncLagQuery(series: { readonly syncLag?: SeriesRef; readonly syncTarget?: SeriesRef; readonly height?: SeriesRef }, select: (metric: SeriesRef) => string): string | undefined {
  if (series.syncLag) return select(series.syncLag);
  if (series.syncTarget && series.height) return `${select(series.syncTarget)} - on (namespace, pod) ${select(series.height)}`;
  return undefined;
}
