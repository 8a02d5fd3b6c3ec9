/**
 * The bucket sizes of the object time series, in seconds, by the name the API takes: the SQL
 * models build a series for each, and the API serves exactly these.
 */
export const SERIES_BUCKETS = { "5m": 300, "1h": 3600, "6h": 21_600 } as const;

export type SeriesBucket = keyof typeof SERIES_BUCKETS;
