/** A stream's page. */
export const streamHref = (id: string) => `/stream/?id=${encodeURIComponent(id)}`;

/** The home page searching for one class. */
export const searchHref = (className: string) => `/?class=${encodeURIComponent(className)}`;
