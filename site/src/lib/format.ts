/** Objects per frame: two decimals, one from 10 up; a dash when unknown. */
export const formatMean = (mean: number | null | undefined) =>
  mean === null || mean === undefined ? "–" : mean >= 10 ? mean.toFixed(1) : mean.toFixed(2);
