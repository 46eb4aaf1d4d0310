/** English for an area's Chinese words: key for key, so a missing or extra key does not compile. */
export type EnglishOf<Zh> = { readonly [K in keyof Zh]: string };
